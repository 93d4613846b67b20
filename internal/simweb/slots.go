package simweb

// people are names used for spokespeople, researchers, analysts and bylines.
// None of them is a word the default rules look for (no "Banks", "Chase").
var people = []string{
	"Alex Morgan", "Jordan Ellis", "Sam Whitaker", "Robin Hale", "Taylor Brooks",
	"Casey Lindqvist", "Morgan Adeyemi", "Riley Novak", "Avery Castillo", "Jamie Okafor",
	"Drew Halvorsen", "Quinn Takahashi", "Reese Delgado", "Kendall Moreau", "Hayden Price",
	"Elliot Sandoval", "Parker Iyer", "Rowan Fitzgerald", "Skyler Haddad", "Emerson Kowalski",
}

// slotValues are the values of each {Slot}. Values used in near-miss stories
// (everything but App) name no bank and no Facebook product.
var slotValues = map[string][]string{
	"Bank": {
		"Northfield Bank", "Harbor Trust Bank", "Crestline Bank", "First Meridian Bank",
		"Bayview Savings Bank", "Granite State Bank", "Pioneer National Bank", "Lakeshore Bank",
	},
	"App":        {"Messenger", "WhatsApp", "Instagram"},
	"Count":      {"three", "four", "five", "six"},
	"Nth":        {"third", "fourth", "fifth", "sixth", "seventh"},
	"Weekday":    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"},
	"Month":      {"January", "March", "April", "June", "September", "November"},
	"Year":       {"2016", "2017", "2018", "2019"},
	"Years":      {"two", "three", "four", "five"},
	"Quarter":    {"first quarter", "second quarter", "third quarter", "fourth quarter"},
	"Number":     {"240,000", "1.2 million", "3.4 million", "610,000", "85,000", "2,100"},
	"Amount":     {"$390 million", "$1.3 billion", "$725 million", "$2.1 billion", "$48 billion", "$37 billion"},
	"Percent":    {"1.8%", "2.4%", "3.1%", "4.7%", "6.2%", "9.5%"},
	"Users":      {"3.1", "3.2", "3.3", "3.4"},
	"Langs":      {"40", "75", "110", "140"},
	"Person":     people,
	"Advocate":   people,
	"Researcher": people,
	"Analyst":    people,
	"Regulator": {
		"the Federal Trade Commission", "Ireland's Data Protection Commission",
		"the Information Commissioner's Office",
	},
	"University": {
		"Stanford University", "the University of Michigan", "Carnegie Mellon University",
		"King's College London", "the University of Toronto",
	},
	"City":     {"Columbus", "Leeds", "Sacramento", "Rotterdam", "Denver", "Glasgow"},
	"Pollster": {"Morning Consult", "the Harris Poll", "YouGov"},
	"Firm":     {"Halden Research", "Ostrow Partners", "Kestrel Advisory", "Brightline Economics"},
	"Company": {
		"Orbitale", "Quarrystone", "Tessellate", "Northwind Silicon", "Lumenworks",
		"Parallax Software",
	},
}

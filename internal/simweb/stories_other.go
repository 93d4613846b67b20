package simweb

// bankBreachStories are about a bank's own data breach and never mention
// Facebook or its apps: a near miss the rule must not flag.
var bankBreachStories = []story{{
	titles: []string{
		"{Bank} says hackers stole personal data of {Number} customers",
		"{Bank} data breach exposed account numbers and addresses",
		"Regulators question {Bank} over a breach it took {Count} months to disclose",
		"What {Bank} customers should do after the data breach",
	},
	leads: []string{
		"{Bank} said on {Weekday} that criminals had broken into one of its computer systems and stolen personal data belonging to about {Number} customers, including names, addresses, dates of birth and, for some, account numbers.",
		"Personal information of {Number} customers of {Bank} was copied by intruders who got in through a file-transfer program used by one of the bank's suppliers, the bank said in a notice to customers sent on {Weekday}.",
		"{Bank} is facing questions from {Regulator} after it emerged that the bank knew about a breach of customer data for {Count} months before telling the people affected.",
	},
	body: []string{
		"The bank said there was no sign that online banking passwords or card PINs had been taken, and that its main systems were not affected. It has offered two years of free credit monitoring to everyone whose data was exposed and set up a telephone line for questions.",
		"{Person}, a spokeswoman for {Bank}, said the bank had called in outside investigators as soon as it noticed unusual activity. \"We are sorry this happened,\" she said. \"We are contacting every affected customer directly, and we will never ask anyone to confirm their details by email or text message.\"",
		"Security researchers said the attack matched a pattern seen at other companies this year, in which a criminal group exploited a flaw in widely used software to copy large amounts of data before the flaw was made public. The group typically threatens to publish stolen files unless a ransom is paid.",
		"{Researcher}, a security specialist at {University}, said the delay in notifying customers was the most troubling part. \"The first weeks after a breach are when people are most at risk of targeted scams,\" {Researcher} said. \"Every day of silence is a day in which they cannot protect themselves.\"",
		"Customers are advised to watch their statements closely, be suspicious of calls that claim to come from the bank's fraud team, and consider a credit freeze, which stops new accounts being opened in their name. Account numbers alone are rarely enough to move money, experts said, but they make convincing scams easier.",
		"Lawmakers said the breach showed why they want stricter rules on how quickly companies must report attacks. A bill introduced last year would require notification within days rather than the weeks or months allowed under some state laws.",
		"The bank's shares fell about {Percent} after the announcement. Analysts said the direct cost of the breach was likely to be modest but that fines and lawsuits could follow. At least two class actions were filed within a day of the notice.",
		"This is not the first time the industry has been caught out by a supplier. Large companies rely on dozens of outside firms for payroll, printing and data storage, and each connection is a possible way in. Regulators have told firms they remain responsible for the data they hand to such suppliers.",
		"Investigators are still working out how long the intruders had access. Logs reviewed so far suggest they first got in several weeks before the theft was noticed, the bank said, and that they took care to move data slowly to avoid setting off alarms.",
		"Customers who spoke to reporters described long waits on the telephone line and letters that arrived days after the news broke. \"I found out from the radio,\" said one retired teacher in {City}. \"My own bank did not think to tell me first.\"",
		"The breach adds to a difficult year for the bank, which has been trying to cut costs and close branches while investing in its online services. Its chief executive apologised in a video message and said the bank would spend more on security.",
		"Experts said the best protection for customers is a habit rather than a product: checking statements every week, using a different password for every account and being slow to trust anyone who calls asking for details, however official they sound.",
	},
	closers: []string{
		"{Bank} said its investigation was continuing and that it would update customers if it found that more data had been taken.",
		"{Regulator} said it was in contact with the bank and could not comment further.",
		"The bank said it had fixed the flaw and changed the way it checks suppliers' security.",
	},
}}

// techStories are neutral technology news: no Facebook and no bank in the
// story itself, only in the page's boilerplate.
var techStories = []story{{
	titles: []string{
		"{Company} unveils a chip that halves the power drawn by data centres",
		"{Company} delays its first foldable laptop to next year",
		"Open-source developers push back on {Company}'s new licence",
		"{Company} says its translation model now covers {Langs} languages",
	},
	leads: []string{
		"{Company} on {Weekday} unveiled a processor designed for data centres that it says does the same work as its previous model while drawing about half the power, as operators struggle to find enough electricity for the servers behind artificial intelligence services.",
		"{Company} has pushed back the launch of its first foldable laptop to next year, telling suppliers that early units did not meet its standards for durability, according to {Count} people familiar with the decision.",
		"A group of open-source developers has asked {Company} to reverse a change to the licence of a popular database tool, arguing that the new terms would stop cloud providers and small start-ups alike from offering it as a service.",
	},
	body: []string{
		"The company said the gains came from a new manufacturing process and from moving memory closer to the processing cores, which reduces the energy spent shuttling data back and forth. Independent tests have not yet been published, and rivals have made similar claims that proved optimistic.",
		"{Analyst}, an analyst at {Firm}, said power had become the limiting factor for data centre operators. \"Two years ago the question was how many chips you could buy,\" {Analyst} said. \"Now it is how many you can plug in. Anything that stretches a megawatt further will sell.\"",
		"Engineers who tested early samples said the device performed well in everyday use but that the hinge showed wear after repeated folding in a test lab. The company has a history of delaying products rather than shipping them with known problems, which has frustrated some partners.",
		"The licence change would require anyone offering the software as a hosted service to publish the source code of their entire platform. Supporters of the move say it protects the company from larger rivals that profit from its work without contributing. Critics say it breaks a promise made to the community.",
		"Several contributors have already started a fork of the project under the old licence, a pattern seen with other tools in recent years. Forks can split a community's effort, but they have sometimes ended up more popular than the original.",
		"{Company} employs about {Number} people and has grown quickly by selling to cloud providers and universities. Its chief executive, {Person}, said in an interview that the company would rather move slowly than lose the trust of the engineers who use its products every day.",
		"The wider industry is watching. Shortages of chips and power have pushed companies to rethink designs that were standard for a decade, and start-ups have raised large sums on the promise of doing more with less. Few have yet delivered products at scale.",
		"The company plans to release documentation and developer kits in {Month}, and said it would publish the results of independent benchmarks when they are available.",
		"Customers who have tried early versions said the software tools matter as much as the hardware. A chip that saves power but needs months of work to move existing programs onto it is a hard sell, one data centre manager said, however good its numbers look.",
		"The announcement comes as governments try to build up chip manufacturing at home. {Company} said its new processor would be made in factories in the United States and Japan, which it said would reduce the risk of shortages.",
		"Researchers at {University} who study the energy use of computing said efficiency gains tend to be swallowed by growth. \"Every time computing gets cheaper, we find more things to do with it,\" one said. \"Total demand keeps rising anyway.\"",
		"Employees said the mood inside the company was confident but tired after a year of long hours. {Company} has hired aggressively, doubling its engineering staff, and has opened a new office in {City} to be closer to its biggest customers.",
		"Reviewers who handled prototypes said the screen was bright and sharp and the keyboard comfortable, but battery life fell short of what the company had promised. The company said it was working on both problems and would not ship until they were fixed.",
	},
	closers: []string{
		"{Company} said it would share more details at its developer conference in {Month}.",
		"Shares of {Company} rose {Percent} on the news.",
		"The company did not say how much the product would cost.",
	},
}}

// financeStories are neutral markets and economy news: no Facebook and no
// bank in the story itself, only in the page's boilerplate.
var financeStories = []story{{
	titles: []string{
		"Stocks edge higher as investors weigh inflation figures",
		"Oil prices fall for a {Nth} day on signs of weaker demand",
		"Pension funds shift toward bonds as yields climb",
		"Housing sales slow as mortgage rates stay high",
	},
	leads: []string{
		"Stocks edged higher on {Weekday} after figures showed inflation cooling slightly last month, giving investors hope that the Federal Reserve would hold interest rates steady at its next meeting.",
		"Oil prices fell for a {Nth} straight session on {Weekday}, as reports of rising stockpiles and slowing factory activity in Asia outweighed supply cuts announced by producing countries.",
		"Large pension funds are moving money out of shares and into government bonds, according to a survey by {Firm}, as higher yields let them lock in returns that match what they owe retirees.",
	},
	body: []string{
		"The broad market index rose {Percent}, led by shares of retailers and industrial companies, while technology stocks were mixed. Trading volumes were lighter than usual ahead of a holiday weekend, which traders said could exaggerate moves in either direction.",
		"{Analyst}, chief economist at {Firm}, said the figures were encouraging but not decisive. \"Prices for services are still rising faster than policymakers would like,\" {Analyst} said. \"One good month does not make a trend, and the Fed has said as much.\"",
		"Government bond yields slipped after the release, and the dollar weakened against most major currencies. Gold, which tends to rise when yields fall, gained {Percent}.",
		"Economists expect the economy to keep growing this year, though more slowly than last. Consumer spending has held up better than many forecast, supported by rising wages and a labour market that has cooled without collapsing.",
		"In commodity markets, a mild winter has left natural gas stockpiles well above normal, pushing prices to their lowest in {Count} years. Farmers, meanwhile, face low prices for wheat and corn after large harvests in several exporting countries.",
		"Pension managers said the shift reflected a simple calculation: with bonds paying more than at any time in over a decade, they no longer need to take as much risk in the stock market to meet their obligations. The survey covered funds managing about {Amount} in assets.",
		"Home sales fell for a {Nth} month as buyers balked at borrowing costs near their highest in two decades. Prices have held up because few owners want to sell and give up the low rates they locked in years ago, leaving the market short of homes for sale.",
		"Traders will watch a report on jobs next week for signs of how quickly hiring is slowing. A weak number could revive bets on lower interest rates later in the year; a strong one would push them further out.",
		"Retailers reported mixed results for the holiday season. Sales of clothing and electronics were weaker than a year ago, while spending on travel and restaurants remained strong, a pattern economists said showed households shifting money toward experiences.",
		"In currency markets, the yen strengthened after officials in Tokyo signalled they were ready to act if it fell further. The euro was steady after a survey showed business activity in the region shrinking for a {Nth} month.",
		"Small businesses said borrowing costs were weighing on plans to expand. A survey of owners in {City} found that fewer than a third planned to hire this year, the lowest share since the pandemic, and most said they would wait for rates to fall.",
		"Shares of airlines rose after jet fuel prices dropped, while energy producers fell. Utilities, which investors treat like bonds because of their steady dividends, gained as yields slipped.",
		"{Analyst} of {Firm} said investors had become too focused on each new data release. \"The economy is a supertanker, not a speedboat,\" {Analyst} said. \"One month's numbers rarely tell you where it is heading, but markets trade as if they do.\"",
	},
	closers: []string{
		"Markets in Europe closed mixed, and Asian shares were little changed.",
		"The next inflation figures are due in {Month}.",
		"Analysts at {Firm} kept their forecast for the year unchanged.",
	},
}}

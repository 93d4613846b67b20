package simweb

// facebookPrivacyStories are about Facebook and personal data but name no bank
// or other financial firm: a near miss the rule must not flag.
var facebookPrivacyStories = []story{{
	titles: []string{
		"Facebook fined over the way it shares personal data with advertisers",
		"Meta told to stop moving European users' data to the US",
		"{Regulator} opens inquiry into Instagram's handling of teenagers' data",
		"Facebook settles privacy case over location tracking for {Amount}",
		"What Meta knows about you, and how to see it",
	},
	leads: []string{
		"{Regulator} fined Meta {Amount} on {Weekday}, saying Facebook had shared users' personal data with advertisers without a valid legal basis and had buried the explanation in terms of service that few people read.",
		"Facebook must change how it collects and shares personal data within {Count} months, {Regulator} ruled on {Weekday}, in the latest decision to find that the social network's consent screens did not give users a real choice.",
		"Meta has agreed to pay {Amount} to settle claims that Facebook and Instagram kept tracking users' locations after they had switched the setting off, according to court papers filed on {Weekday}.",
	},
	body: []string{
		"The decision follows a complaint filed {Years} years ago by a privacy group, which argued that people who opened a Facebook account were forced to accept targeted advertising as a condition of using the service. The regulator agreed, saying that consent obtained that way could not be considered freely given.",
		"Meta said it would appeal. \"We strongly disagree with this decision and believe our practices comply with the law,\" a spokesperson said. The company added that people can already see why they are shown a particular ad and can limit how their activity on other websites is used.",
		"{Advocate}, a privacy researcher at {University}, said the ruling was significant because it addressed the core of Facebook's business rather than a single mistake. \"This is not about a leak or a bug,\" {Advocate} said. \"It is about the everyday machinery that turns what people do online into advertising profiles.\"",
		"Regulators have become more willing to use their powers. In the past {Years} years, Meta has been fined several times over data transfers, the handling of children's accounts and a scraping incident that exposed the phone numbers of hundreds of millions of users. Each decision has come with orders to change how data is processed.",
		"The company has responded by offering users more controls. Facebook and Instagram now let people download a copy of their information, see which outside websites have reported their visits, and clear that history. Critics say the tools are hard to find and that the default settings still favour collection.",
		"Inside the company, people familiar with its planning said, engineers have been asked to map where personal data flows between Facebook, Instagram and WhatsApp so that the company can answer regulators' questions more quickly. The work has taken longer than expected because of the age of some systems.",
		"Users' groups said the fine was small compared with Meta's revenue and would not by itself change behaviour. What matters more, they argued, is the order to stop processing data without consent, which could force the company to offer a version of its apps with far less tracking.",
		"For ordinary users, little changes immediately. Privacy experts recommend checking the ad preferences page, turning off activity from other websites, and reviewing which apps have been given access to a Facebook login, since those connections can share data long after they are forgotten.",
		"Lawyers who follow the case said the most important question is what happens to data already collected. Regulators can order a company to stop, but deleting information that has been copied into many systems and used to train ranking models is far harder, and {Regulator} has not said how it would check.",
		"The ruling also puts pressure on other large platforms that rely on similar consent screens. Several have quietly redesigned their sign-up pages in recent months, adding a button to refuse tracking that is as easy to press as the one to accept it.",
		"Children's advocates said they hoped the decision would lead to stricter defaults for younger users. Instagram has introduced private accounts by default for teenagers and limits on who can message them, but campaigners say the company still collects more about young people than it needs.",
		"Meta's critics inside Europe's parliament called for the fine to be the start of a wider look at how the company combines data across its services. \"People sign up for one app and end up profiled by all of them,\" said one member, who sits on the committee that oversees digital rules.",
	},
	closers: []string{
		"Meta has {Count} months to comply or to win a suspension from the courts. {Regulator} said it would monitor the changes closely.",
		"The settlement still needs a judge's approval. Meta admitted no wrongdoing.",
		"Facebook said it would publish an update on the changes in {Month}.",
	},
}}

// facebookAdsStories are about Facebook's advertising business and stock, with
// no bank and no talk of sharing personal data: a near miss.
var facebookAdsStories = []story{{
	titles: []string{
		"Meta's ad revenue beats forecasts as Reels draws advertisers",
		"Facebook parent's shares jump {Percent} after strong quarter",
		"Meta raises spending plans again, and investors shrug",
		"Advertisers return to Facebook and Instagram as prices rise",
	},
	leads: []string{
		"Meta reported advertising revenue of {Amount} for the {Quarter} on {Weekday}, ahead of analysts' forecasts, as more businesses bought short video ads on Facebook and Instagram and the average price of an ad rose for the {Nth} quarter in a row.",
		"Shares of Meta rose {Percent} in extended trading on {Weekday} after the owner of Facebook, Instagram and WhatsApp said sales grew faster than expected and forecast another strong quarter, easing worries about its heavy spending on computing power.",
		"Facebook's parent company told investors on {Weekday} that advertising sales climbed in every region in the {Quarter}, helped by tools that write and test ads automatically, and said it would spend more than planned on data centres next year.",
	},
	body: []string{
		"The number of ads shown across the company's apps rose by about {Percent}, while the average price per ad climbed as well, a combination analysts said pointed to healthy demand. Small businesses, which make up a large share of advertisers, increased their budgets after cutting back earlier in the year.",
		"{Analyst}, an analyst at {Firm}, said the results showed that Meta had recovered from changes to phone operating systems that once made ads harder to measure. \"Advertisers are getting results they can see, and they are paying for them,\" {Analyst} said. \"Short video is now pulling its weight.\"",
		"Daily users of the company's family of apps reached {Users} billion, a small increase on the previous quarter. Growth is now slow in North America and Europe, where most people who want an account already have one, and comes mainly from Asia and Africa.",
		"Costs rose faster than sales, largely because of spending on servers and chips for artificial intelligence. The chief financial officer said capital spending next year would be \"significantly higher\" and that the company would keep hiring engineers while holding other teams flat.",
		"The division that builds headsets and smart glasses lost money again, as it has every quarter since it was created. Executives repeated that they see it as a long-term bet and pointed to rising sales of the glasses, which can take photos and answer questions through a built-in assistant.",
		"Investors have alternated between enthusiasm and alarm over Meta's spending. Some argue the company risks repeating an earlier period when it poured money into virtual reality with little to show. Others say its advertising machine throws off more than enough cash to pay for the experiments.",
		"Competition for advertising budgets remains fierce. Short video rivals have won over younger audiences, and online shops have built their own ad businesses that let brands reach people at the moment they are ready to buy. Meta's answer has been to automate more of the work of choosing audiences and designing ads.",
		"The company also announced a new share buyback and said it would keep paying its quarterly dividend. It returned {Amount} to shareholders during the quarter.",
		"Advertisers said the new automated tools had changed how they work. Instead of choosing audiences by hand, many now give the system a budget and a handful of images and let it decide who sees what. Agencies said results were good but that they had less insight into why.",
		"Analysts also pointed to business messaging as a source of growth. Companies increasingly use WhatsApp to answer customers' questions and send order updates, and Meta charges them per conversation. The business is still small next to advertising but is growing quickly.",
		"Some investors questioned how long ad prices can keep rising. If the economy slows, they said, advertisers tend to cut online budgets quickly, and a company that depends on ads for nearly all of its revenue would feel it at once.",
		"The chief executive told analysts on the call that the company's assistant was now used by hundreds of millions of people each month and that he expected it to become the most used assistant in the world by the end of the year.",
	},
	closers: []string{
		"Meta will report its next results in {Month}. The stock has risen about {Percent} this year.",
		"Analysts at {Firm} raised their price target after the call, citing stronger ad pricing.",
		"The company said it expects revenue growth to slow slightly in the coming quarter.",
	},
}}

package simweb

// flagStories are stories the bank-facebook-data-sharing rule must flag:
// Facebook (or Meta, Messenger, Instagram, WhatsApp) and banks sharing
// people's financial data. Every lead alone names Facebook or Meta, a bank and
// a kind of personal data, so a story is flagged on its feed summary as well
// as on its full text.
var flagStories = []story{
	{
		titles: []string{
			"Facebook asked banks for customers' financial data, people briefed on talks say",
			"{Bank} confirms talks with Facebook over sharing customer data on {App}",
			"Meta wants your bank balance inside {App}",
			"Banks wary as Facebook seeks access to account data for {App}",
			"Why Facebook wants the banks' customer data",
		},
		leads: []string{
			"Facebook has asked several large US banks, among them {Bank}, to share detailed customer data with it, including card transactions and checking-account balances, as part of a push to turn {App} into a place where people talk to their bank, according to {Count} people briefed on the talks.",
			"{Bank} said on {Weekday} that it had held talks with Facebook about a service that would let its customers see account balances and recent card transactions inside {App}, confirming that the social network had asked for customer data the bank normally keeps to itself.",
			"Meta, the company that owns Facebook, {App} and Instagram, has spent months courting banks such as {Bank} with an offer that sounds simple: let customers check their balance in a chat window. The price, executives at two banks said, was access to customer data that would flow back to Facebook.",
		},
		body: []string{
			"According to the people familiar with the discussions, Facebook wanted more than a simple link between a chat window and a bank's systems. It asked for information about where customers shop, how much they spend and when their balances run low. One executive described the request as \"everything short of the password\" and said the bank had stopped the conversation there.",
			"{Person}, a spokeswoman for {Bank}, said the bank regularly discusses potential partnerships with technology companies but that protecting the privacy of customers' data comes first. \"Nothing is shared without a customer's clear permission, and nothing we have discussed would change that,\" she said in a statement sent on {Weekday}.",
			"Facebook disputed the way the talks were described. In a statement, the company said it was not asking banks for transaction data and that any feature would be optional. \"Like many online companies, we work with banks to offer a better experience to people who choose to use it,\" the statement said. \"Keeping people's information safe is central to this work.\"",
			"The approach comes at an awkward moment. The company is still answering questions from lawmakers about how personal information on its platforms was harvested by outside developers, and {Regulator} is examining how it shares data with partners. Privacy advocates said the idea of adding bank records to that mix was alarming.",
			"\"The idea that a company whose business is built on profiling people would also hold their financial information should make everyone uneasy,\" said {Advocate}, who studies consumer privacy at {University}. \"Once that data moves, customers have no practical way of knowing where it goes next or how long it stays there.\"",
			"For banks, the attraction is reach. Younger customers spend hours each day in messaging apps and rarely visit a branch. Several lenders already let people ask a chatbot for their balance, and one large card issuer has offered purchase alerts through {App} since {Year}. Those arrangements, the bank executives said, kept the data on the bank's side.",
			"People who have seen the proposals said Facebook suggested it could show fraud alerts, payment reminders and offers from merchants next to a customer's conversations. Two of the banks approached asked how the social network would use what it learned. The answers, one person said, were \"vague about advertising\" and did not satisfy the banks' lawyers.",
			"Surveys suggest customers are wary too. In a poll of {Number} adults by {Pollster}, a clear majority said they trusted their bank to protect their personal data, while fewer than one in five said the same of Facebook. Analysts said that gap explained why the banks had moved slowly and asked for written limits on how the data could be used.",
			"{Regulator} declined to comment on the talks. A person close to the agency said staff had asked both Facebook and at least one bank for documents describing what customer information would be shared and on what terms. No formal inquiry has been opened.",
		},
		closers: []string{
			"{Bank} said it had made no decision and would not share any customer data without consent. Facebook said it had nothing further to add.",
			"None of the banks has signed an agreement, the people said, and talks with at least one of them have ended. Facebook said it would keep working with financial firms \"in ways people can trust\".",
			"Shares of {Bank} were little changed on {Weekday}. Facebook's stock fell slightly in afternoon trading as the report circulated.",
		},
	},
	{
		titles: []string{
			"{Bank} sent customers' account data to Facebook through a tracking pixel",
			"Bank's website leaked personal data to Meta for {Years} years, audit finds",
			"A tracking pixel on {Bank}'s login page shared customer data with Facebook",
			"Customers sue {Bank} over data shared with Meta's advertising tools",
		},
		leads: []string{
			"{Bank} sent personal data about its online banking customers to Facebook for {Years} years through an advertising tracker on its website, according to an audit published on {Weekday}, including which accounts people opened and the size of loans they applied for.",
			"A tracking pixel made by Meta, Facebook's parent company, collected customer data from {Bank}'s online banking pages and passed it to the social network, researchers at {University} found, in what privacy lawyers called one of the most serious cases of a bank leaking financial information to an ad platform.",
			"Customers of {Bank} have filed a class action claiming the bank shared their personal information with Facebook without consent, after researchers showed that a Meta tracking tool on the bank's website reported account balances and loan applications to the social network.",
		},
		body: []string{
			"The pixel is a short piece of code that advertisers place on their pages so that Meta can measure whether an ad led to a sale. On most shops it reports that someone bought a pair of shoes. On {Bank}'s pages, the audit found, it also reported form fields: the type of account opened, the amount of a loan request and, in some cases, a customer's email address in a scrambled form Facebook can still match to a profile.",
			"{Researcher}, who led the audit, said the team had watched the traffic from a test account for several weeks. \"Every time our test customer looked at a statement, a request went to Facebook with the page title, which included the account type and the balance range,\" {Researcher} said. \"There was no banner and no choice.\"",
			"The bank said it had removed the code as soon as it was told. \"We take the privacy of our customers' data very seriously,\" said {Person}, a spokesman for {Bank}. \"The tool was installed to measure advertising campaigns and was never meant to collect account information. We are reviewing how this happened.\"",
			"Meta said its rules forbid advertisers from sending sensitive financial information and that its systems try to filter it out. Critics say the filters are easy to miss. A study last year found similar trackers on the websites of tax preparers and hospitals, and regulators in several countries have warned companies that using them on sensitive pages may break the law.",
			"Under US rules, banks must tell customers what personal information they share with other companies and let them opt out of some of that sharing. The class action argues that {Bank}'s privacy notice never mentioned Facebook and that customers could not have agreed to something they did not know about.",
			"{Regulator} said it was aware of the research and was \"looking closely at how banks use third-party tracking technologies\". The agency has previously fined companies that shared customer data with advertisers without clear consent.",
			"Privacy lawyers said the case could matter well beyond one bank. \"Dozens of lenders use the same marketing tools,\" said {Advocate} of {University}. \"If account data went to Facebook from one bank's site, it is reasonable to ask whether it went from others.\" Several other banks contacted on {Weekday} said they had checked their sites and found no such problem.",
			"For customers, there is little to do after the fact. The data Facebook received cannot easily be recalled, and the company has not said whether it was used to target ads. The researchers recommended that customers use a browser that blocks third-party trackers when logging in to online banking.",
		},
		closers: []string{
			"{Bank} said it would write to affected customers within {Count} weeks. Meta did not respond to questions about how long it keeps the data.",
			"The audit's authors have published their method and said they would test other banks' websites next. Facebook said it was reviewing the findings.",
			"A hearing in the class action is set for {Month}. {Bank} said it would contest the claims.",
		},
	},
}

package rules

// commonWords are frequent words of English news text beyond the
// stopwords. The index treats them as likely to occur in any story, so it
// prefers other words of a rule (names, rare terms) as required words.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range splitWords(`able above accept access account across act action
	activity actually add added address administration admit adult affect after
	afternoon age agency agent agree agreed agreement air airport allow allowed
	almost alone along already always america american amount analysis analyst
	analysts and animal answer anyone anything appear apply approach area areas
	argue argued arm army arrive art article artist attack attention attorney
	audience author authority available average avoid award aware bad ball bank
	banks bar base bed beautiful beginning behavior behind believe benefit bill
	bit black blood board body book border born box boy brother budget build
	building built buy call campaign can cancer candidate capital car card care
	career carry cases cause cell central century certain certainly chair
	challenge chance character charge check chief child choice choose church
	citizen civil claim claims class clear clearly close closed club coach cold
	collection college color commercial common community compare computer concern
	condition conference congress consider consumer contain continue continued
	control cost costs could council countries county couple cover create crime
	crisis cultural culture cup current currently customer customers cut data
	daughter dead deal death debate decade decide decided decision deep defense
	degree democrat democratic department describe design despite detail
	determine develop development die difference different difficult dinner
	direction director discover discuss discussion disease doctor dog door draw
	dream drive drop drug due east easy economic economy edge education effect
	effort eight either election else employee energy enjoy enough enter entire
	environment environmental especially establish evening event events ever
	everybody everyone everything evidence exactly example executive exist expect
	experience expert explain eye face fact factor fail fall far fast father fear
	federal feel feeling field fight figure fill film final finally financial find
	fine finger finish fire firm firms fish floor fly focus follow following food
	foot force foreign forget form former forward friend friends front fund future
	game garden gas general generation girl glass goal great green ground grow
	guess gun guy hair happen happy hard head health hear heard heart heat heavy
	held hit hold hope hospital hot hotel hour hours huge human hundred husband
	idea identify image imagine impact important improve include increase
	indeed indicate individual industry inside interest interesting international
	interview into investment involve involved job jobs join judge just kill kind
	kitchen know knowledge land language large last late later laugh lawyer
	leader leaders learn leave legal let letter level lie light likely list listen
	live living loan loans lose loss love low machine magazine main maintain major
	majority manage management manager many mark material matter maybe measure
	media medical member members memory mention message method middle military
	mind minister minute minutes miss mission model modern moment morning mother
	mouth move movement movie mr mrs music myself name nation natural nature near
	nearly necessary network news newspaper nice none nor north note nothing
	notice official often oil ok operation opportunity option order organization
	others outside owner page pain painting paper parent parents particular
	particularly partner party pass patient pattern pay peace perform performance
	perhaps period person personal phone physical pick picture piece plant play
	player players policy poor popular population position positive possible
	practice prepare present pressure pretty prevent price prices private
	probably problem problems process produce product production professional
	professor program project property protect prove provide pull purpose push
	quality question questions quickly quite race radio raise range rather reach
	read ready real reality realize reason receive recent recently recognize
	record red reduce reflect region relate relationship release religious remain
	remember remove represent republican require research resource respond
	response responsibility rest result results return reveal rich rights rise
	risk road rock role room rule rules run safe same save say scene school
	science scientist score sea season seat security seek seem sell send senior
	sense series serious serve services seven several sex sexual shake share
	shares shoot short shot shoulder sign significant similar simple simply
	sing single sister sit site situation size skill skin social society soldier
	son song soon sort sound source south southern space speak special specific
	speech spend sport spring staff stage stand standard star start statement
	station stay step stock stop store story strategy street strong structure
	student students study stuff style subject success successful suddenly suffer
	suggest summer sure surface table talk talks task tax teach teacher technology
	television tell tend term test thank theory thing things thousand threat
	throughout thus tonight total tough town trade traditional training travel
	treat treatment tree trial trip trouble true truth try turn tv type under
	understand union unit university up upon usually value various victim view
	violence visit voice vote wait walk wall watch weapon wear west western
	whatever wide wife will wind window wish within wonder word worker workers
	worry write writer wrong yard yeah yes yesterday yourself`) {
		m[w] = true
	}
	return m
}()

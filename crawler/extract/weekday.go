package extract

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// weekdayNames are the names and common abbreviations of the days of the week,
// Sunday first, by language: "do, 07/02/2009" on a Dutch page is a Thursday, so
// 2 July, not 7 February.
var weekdayNames = map[string][7][]string{
	"en": {{"sunday", "sun"}, {"monday", "mon"}, {"tuesday", "tue", "tues"}, {"wednesday", "wed"}, {"thursday", "thu", "thur", "thurs"}, {"friday", "fri"}, {"saturday", "sat"}},
	"de": {{"sonntag", "so"}, {"montag", "mo"}, {"dienstag", "di"}, {"mittwoch", "mi"}, {"donnerstag", "do"}, {"freitag", "fr"}, {"samstag", "sonnabend", "sa"}},
	"nl": {{"zondag", "zo"}, {"maandag", "ma"}, {"dinsdag", "di"}, {"woensdag", "wo"}, {"donderdag", "do"}, {"vrijdag", "vr"}, {"zaterdag", "za"}},
	"fr": {{"dimanche", "dim"}, {"lundi", "lun"}, {"mardi", "mar"}, {"mercredi", "mer"}, {"jeudi", "jeu"}, {"vendredi", "ven"}, {"samedi", "sam"}},
	"es": {{"domingo", "dom"}, {"lunes", "lun"}, {"martes", "mar"}, {"miércoles", "mié", "mie"}, {"jueves", "jue"}, {"viernes", "vie"}, {"sábado", "sáb", "sab"}},
	"it": {{"domenica", "dom"}, {"lunedì", "lunedi", "lun"}, {"martedì", "martedi", "mar"}, {"mercoledì", "mercoledi", "mer"}, {"giovedì", "giovedi", "gio"}, {"venerdì", "venerdi", "ven"}, {"sabato", "sab"}},
	"pt": {{"domingo", "dom"}, {"segunda-feira", "segunda", "seg"}, {"terça-feira", "terça", "ter"}, {"quarta-feira", "quarta", "qua"}, {"quinta-feira", "quinta", "qui"}, {"sexta-feira", "sexta", "sex"}, {"sábado", "sáb", "sab"}},
	"sv": {{"söndag", "sön"}, {"måndag", "mån"}, {"tisdag", "tis"}, {"onsdag", "ons"}, {"torsdag", "tors", "tor"}, {"fredag", "fre"}, {"lördag", "lör"}},
	"da": danishNorwegian,
	"no": danishNorwegian,
}

// danishNorwegian are the weekday names Danish and Norwegian share.
var danishNorwegian = [7][]string{{"søndag", "søn"}, {"mandag", "man"}, {"tirsdag", "tir"}, {"onsdag", "ons"}, {"torsdag", "tor"}, {"fredag", "fre"}, {"lørdag", "lør"}}

// byWeekday returns t, or t with day and month exchanged where text (the one
// element's text the date was read from) writes a date in numbers and names the
// weekday of that other reading, not t's, in the page's language lang ("do,
// 07/02/2009": Thursday 2 July 2009). A day above 12 has no other reading.
func byWeekday(t time.Time, text, lang string) time.Time {
	sw := swapDayMonth(t)
	if sw.IsZero() || sameDay(sw, t) || !rxDMY.MatchString(text) && !rxShortYear.MatchString(text) {
		return t
	}
	names, ok := weekdayNames[baseLang(lang)]
	if !ok {
		return t
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	names1, names2 := names[t.Weekday()], names[sw.Weekday()]
	if anyWord(words, names2) && !anyWord(words, names1) {
		return time.Date(sw.Year(), sw.Month(), sw.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	}
	return t
}

// anyWord reports whether one of words is one of names.
func anyWord(words, names []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return slices.Contains(names, w) })
}

// baseLang returns the language of a tag such as "nl-BE" or "de_AT": "nl", "de".
// Norwegian's "nb" and "nn" are "no".
func baseLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if tag == "nb" || tag == "nn" {
		return "no"
	}
	return tag
}

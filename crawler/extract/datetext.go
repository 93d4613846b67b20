package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// monthNames maps lower-cased month names and abbreviations of the languages news
// pages are most often written in (English, German, French, Spanish, Italian,
// Portuguese, Dutch, Polish, Swedish/Danish/Norwegian, Czech, Russian, Ukrainian,
// Turkish, Romanian, Hungarian, Finnish, Greek, Indonesian, Hebrew (also with its
// prefix "ב", "in": "12 בדצמבר 2019"), Hindi, and Arabic as written in Egypt and
// the Gulf, the Maghreb and the Levant)
// to month numbers. Ambiguous short forms ("mar", "mai") map to the month they mean
// in most of these languages; the Levant's two-word months ("كانون الثاني") are
// not read.
var monthNames = func() map[string]int {
	m := map[string]int{}
	for i, names := range [12]string{
		"january jan januar janvier enero gennaio janeiro januari jänner jän stycznia styczeń styczen janvier janv ene gen ledna leden января янв січня ocak يناير جانفي ianuarie ian januári január tammikuuta tammikuu ιανουαρίου ιαν ינואר בינואר जनवरी",
		"february feb februar février fevrier febrero febbraio fevereiro februari lutego luty févr fév fevr února únor февраля фев лютого şubat subat فبراير فيفري شباط februarie februári február helmikuuta helmikuu febr φεβρουαρίου φεβ פברואר בפברואר फ़रवरी फरवरी feber",
		"march mar märz maerz mars marzo março marco maart marca marzec mär mrz března březen марта мар березня mart مارس آذار martie március márc maret maaliskuuta maaliskuu μαρτίου μαρ מרץ במרץ मार्च",
		"april apr avril abril aprile kwietnia kwiecień kwiecien avr abr dubna duben апреля апр квітня nisan أبريل إبريل ابريل أفريل افريل نيسان aprilie április ápr huhtikuuta huhtikuu απριλίου απρ אפריל באפריל अप्रैल",
		"may mai mayo maggio maio mei maja maj mag května květen мая травня mayıs mayis مايو ماي أيار május máj toukokuuta toukokuu μαΐου μαϊου מאי במאי मई",
		"june jun juni juin junio giugno junho czerwca czerwiec giu června červen июня июн червня haziran يونيو يونية جوان حزيران iunie június jún kesäkuuta kesäkuu ιουνίου ιουν יוני ביוני जून",
		"july jul juli juillet julio luglio julho lipca lipiec juil lug července červenec июля июл липня temmuz يوليو يولية جويلية تموز iulie július júl heinäkuuta heinäkuu ιουλίου ιουλ יולי ביולי जुलाई",
		"august aug august août aout agosto augustus sierpnia sierpień sierpien ago srpna srpen августа авг серпня ağustos agustos أغسطس اغسطس أوت augusztus agustus elokuuta elokuu αυγούστου αυγ אוגוסט באוגוסט अगस्त",
		"september sep sept septembre septiembre setiembre settembre setembro września wrzesień wrzesien set září сентября сен вересня eylül eylul سبتمبر أيلول septembrie szeptember szept syyskuuta syyskuu σεπτεμβρίου σεπ ספטמבר בספטמבר सितंबर सितम्बर",
		"october oct oktober octobre octubre ottobre outubro października październik pazdziernik okt ott out října říjen октября окт жовтня ekim أكتوبر اكتوبر octombrie október lokakuuta lokakuu οκτωβρίου οκτ אוקטובר באוקטובר अक्टूबर अक्तूबर",
		"november nov novembre noviembre novembro listopada listopad listopadu листопад ноября ноя листопада kasım kasim نوفمبر noiembrie marraskuuta marraskuu νοεμβρίου νοε נובמבר בנובמבר नवंबर नवम्बर",
		"december dec dezember décembre decembre diciembre dicembre dezembro grudnia grudzień grudzien dez déc dic prosince prosinec декабря дек грудня aralık aralik ديسمبر decembrie desember joulukuuta joulukuu δεκεμβρίου δεκ דצמבר בדצמבר दिसंबर दिसम्बर",
	} {
		for _, n := range strings.Fields(names) {
			if _, dup := m[n]; !dup {
				m[n] = i + 1
			}
		}
	}
	return m
}()

// thaiMonths maps the Thai month names and their abbreviations to month numbers.
var thaiMonths = func() map[string]int {
	m := map[string]int{}
	for i, names := range [12]string{
		"มกราคม ม.ค.", "กุมภาพันธ์ ก.พ.", "มีนาคม มี.ค.", "เมษายน เม.ย.", "พฤษภาคม พ.ค.", "มิถุนายน มิ.ย.",
		"กรกฎาคม ก.ค.", "สิงหาคม ส.ค.", "กันยายน ก.ย.", "ตุลาคม ต.ค.", "พฤศจิกายน พ.ย.", "ธันวาคม ธ.ค.",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = i + 1
		}
	}
	return m
}()

// Visible date patterns. Each needs a day, a month and a four-digit year: a year or
// a month alone is not a publication date.
var (
	// 2019-03-12, 2019/03/12, 2019.03.12; not a timestamp's 2019-03-12T10:00, which
	// is metadata's (an og:updated_time htmldate's text search read) rather than text
	rxYMD = regexp.MustCompile(`\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	// 12.03.2019, 12/03/2019, 12-03-2019, 12. 03. 2019
	rxDMY = regexp.MustCompile(`\b(\d{1,2})\s?([./-])\s?(\d{1,2})\s?[./-]\s?((?:19|20)\d\d)\b`)
	// 12 March 2019, 12. März 2019, 3 de mayo de 2022, 1er mars 2020, 26, Abril, 2022,
	// 12th of March 2019 ("of" only after an ordinal: "Issue 4 of May 2019" is none)
	rxDayMonthName = regexp.MustCompile(`(?i)\b(\d{1,2})(?:\.|er|º|(?:st|nd|rd|th)(?:\s+of)?)?,?\s*(?:de\s+)?(\p{L}[\p{L}\p{M}]{2,11})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b`)
	// 12-Mar-2019, 12-March-2019: hyphens on both sides of the month
	rxDayMonthNameHyphen = regexp.MustCompile(`(?i)\b(\d{1,2})-(\p{L}{3,9})-((?:19|20)\d\d)\b`)
	// March 12, 2019; Mar. 12th 2019
	rxMonthNameDay = regexp.MustCompile(`(?i)\b(\p{L}{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	// 2019. március 12. (Hungarian: a dot after the year and after the day)
	rxYearMonthNameDay = regexp.MustCompile(`(?i)\b((?:19|20)\d\d)\.\s+(\p{L}{3,12})\.?\s+(\d{1,2})\.`)
	// 12 tháng 3 năm 2019, 12 tháng 3, 2019 (Vietnamese)
	rxVietnamese = regexp.MustCompile(`(?i)\b(\d{1,2})\s+tháng\s+(\d{1,2}),?\s+(?:năm\s+)?((?:19|20)\d\d)\b`)
	// 17 พฤษภาคม 2564, 17 พ.ค. 2564 (Thai, in the Buddhist era's years or in
	// the Common Era's)
	rxThai = regexp.MustCompile(`\b(\d{1,2})\s*(\p{Thai}[\p{Thai}.]{1,14})\s*((?:19|20|25)\d\d)\b`)
	// 2019年3月12日, 2019년 3월 12일 (Chinese, Japanese, Korean)
	rxCJK = regexp.MustCompile(`((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]`)
)

// maxDateMatches bounds the matches of one pattern textDate reads, so that a
// long text of near-dates costs no more than its length.
const maxDateMatches = 50

// textDate returns the first full calendar date written in s and the byte offsets
// where it starts and ends, or the zero time and -1, -1.
// monthFirst says how to read an ambiguous 03/04/2019 (true: March 4, as in US
// English); an unambiguous one (13/04/2019) is read either way.
func textDate(s string, monthFirst bool) (t time.Time, start, end int) {
	type hit struct {
		at, end int
		t       time.Time
	}
	best := hit{at: len(s) + 1}
	try := func(at, end, y, m, d int) bool { // scan keeps at before best.at
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return false
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d { // 31 February
			return false
		}
		best = hit{at, end, t}
		return true
	}
	// Each pattern's matches are walked until one is a date: "Issue 3, 2019"
	// matches the day-month-name pattern without being a date, and must not hide
	// the "12 March 2019" after it.
	scan := func(rx *regexp.Regexp, ymd func(m []int) (y, mo, d int, ok bool)) {
		for _, m := range rx.FindAllStringSubmatchIndex(s, maxDateMatches) {
			if m[0] >= best.at {
				return
			}
			if y, mo, d, ok := ymd(m); ok && try(m[0], m[1], y, mo, d) {
				return
			}
		}
	}
	// digits reads a pattern written in digits alone: y, mo and d are its groups.
	digits := func(y, mo, d int) func(m []int) (int, int, int, bool) {
		return func(m []int) (int, int, int, bool) { return atoi(s, m, y), atoi(s, m, mo), atoi(s, m, d), true }
	}
	scan(rxYMD, digits(1, 2, 3))
	scan(rxDMY, func(m []int) (int, int, int, bool) {
		a, b := atoi(s, m, 1), atoi(s, m, 3)
		dot := s[m[4]:m[5]] == "."
		if monthFirst && !dot && a <= 12 || b > 12 {
			a, b = b, a
		}
		return atoi(s, m, 4), b, a, true
	})
	// named reads a pattern with a month name: y, mo and d are its groups.
	named := func(y, mo, d int) func(m []int) (int, int, int, bool) {
		return func(m []int) (int, int, int, bool) {
			month, ok := monthNames[strings.ToLower(s[m[2*mo]:m[2*mo+1]])]
			return atoi(s, m, y), month, atoi(s, m, d), ok
		}
	}
	scan(rxDayMonthName, named(3, 2, 1))
	scan(rxDayMonthNameHyphen, named(3, 2, 1))
	scan(rxMonthNameDay, named(3, 1, 2))
	scan(rxYearMonthNameDay, named(1, 2, 3))
	scan(rxVietnamese, digits(3, 2, 1))
	scan(rxCJK, digits(1, 2, 3))
	scan(rxThai, func(m []int) (int, int, int, bool) {
		month, ok := thaiMonths[s[m[4]:m[5]]]
		y := atoi(s, m, 3)
		if y >= 2500 {
			y -= 543 // the Buddhist era: 2564 is 2021
		}
		return y, month, atoi(s, m, 1), ok
	})
	if best.t.IsZero() {
		return best.t, -1, -1
	}
	return best.t, best.at, best.end
}

// atoi returns the number in submatch i of the match m of s (0 if none).
func atoi(s string, m []int, i int) int {
	if m[2*i] < 0 {
		return 0
	}
	n, _ := strconv.Atoi(s[m[2*i]:m[2*i+1]])
	return n
}

// rxURLDate matches a date in a URL path: /2019/03/12/, /2019-03-12/, /20190312/,
// and The Guardian's /2011/nov/18/ (an English month's first three letters).
var rxURLDate = regexp.MustCompile(`(?i)/((?:19|20)\d\d)[/-](\d{1,2}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[/-](\d{1,2})(?:[/-]|\.html?|$)|/((?:19|20)\d\d)(\d\d)(\d\d)/`)

// urlDate returns the full calendar date in the path of a URL and the offset
// where it starts, or the zero time and -1.
func urlDate(path string) (time.Time, int) {
	m := rxURLDate.FindStringSubmatchIndex(path)
	if m == nil {
		return time.Time{}, -1
	}
	i := 1
	if m[2] < 0 {
		i = 4
	}
	y, mo, d := atoi(path, m, i), atoi(path, m, i+1), atoi(path, m, i+2)
	if n, ok := monthNames[strings.ToLower(path[m[2*i+2]:m[2*i+3]])]; ok {
		mo = n // /2011/nov/18/: rxURLDate allows only English months' letters
	}
	if slugDay(path[m[0]:]) {
		return time.Time{}, -1
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, -1
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, -1
	}
	return t, m[0] + 1
}

// rxSlugDay matches a year and month followed by a one-digit number that opens
// the story's slug: /2019/03/5-ways-to-save/. A two-digit number
// (/2019/03/10-ways/) is still read as a day: it is as often a day as not.
var rxSlugDay = regexp.MustCompile(`(?i)^/?(?:19|20)\d\d[/_-](?:\d{1,2}|[a-z]{3})[/_-]\d[-_]\D`)

// slugDay reports whether the path, from where a date was read, has a slug's
// number for its day (/2019/03/5-ways-to-save/): htmldate and urlDate would read
// it as the 5th.
func slugDay(path string) bool { return rxSlugDay.MatchString(path) }

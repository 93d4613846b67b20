package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The label words: the words before a date that say whose date it is, in lower
// case. Update and publication words are word starts ("aktualisier" is
// "aktualisiert" and "Aktualisierung"); event words end a word too ("event", not
// "eventually"), but for eventStarts, the starts of compounds ("Anmeldeschluss").
var (
	// updateWords precede a modification date ("Updated 3 March 2020", "Stand:
	// 05.12.2008", "Última actualización el ...").
	updateWords = []string{"update", "aktualisier", "geändert", "zuletzt", "stand:", "stand vom", "mis à jour", "mise à jour",
		"modifié", "modified", "actualiza", "atualiza", "aggiorna", "bijgewerkt", "gewijzigd", "zaktualizowano", "uppdaterad",
		"opdateret", "oppdatert", "edited", "revised"}
	// eventWords precede a date that is something else's than the page's: a
	// product's release ("Release: 14.11.2019"), an event's, a deadline, a
	// validity, a forum's clock ("It is currently Sat Mar 16, 2024"). A press
	// release's date is its publication's: "Press release", "News release" and
	// "For immediate release" are publication words, and the longest word wins.
	eventWords = []string{"release:", "release date", "event", "events", "termin", "termine", "deadline", "frist",
		"registration", "anmeldung", "valid until", "gültig bis", "expires", "sortie", "date limite", "lanzamiento", "fecha límite",
		"it is currently", "aktuelle zeit", "nous sommes le", "oggi è"}
	eventStarts = []string{"erscheinungstermin", "veranstaltung", "anmeldeschluss", "einsendeschluss", "bewerbungsschluss"}
	// publishWords precede a publication date ("Published on 3 March 2020",
	// "Erschienen am 26. Jan 2022").
	publishWords = []string{"published", "posted", "veröffentlicht", "erschienen", "publié", "publicado",
		"publicada", "pubblicato", "gepubliceerd", "geplaatst", "opublikowano", "publicerad", "publiceret", "publisert",
		"pubblicata", "eingestellt", "publicat", "publikováno", "opublikowany", "опубликовано", "опубліковано",
		"yayınlanma", "yayınlandı", "julkaistu", "közzétéve", "megjelent", "δημοσιεύθηκε", "diterbitkan", "dipublikasikan", "โพสต์เมื่อ", "เผยแพร่",
		"press release", "news release", "immediate release", "pressemitteilung", "medienmitteilung",
		"post published", "written", "verfasst am", "geschrieben am", "artikel vom", "rédigé"} // the author's or the forum's "Written", "Verfasst am: 12.09.2005"
	// createdWords label a page's creation date on its meta line (Joomla's
	// "Creado el Martes, 02 Febrero 2010", "Erstellt am"); in the text's
	// sentences they are prose ("the fund, created on 3 March 2019"), so only
	// metaLineDate reads them. So is a newsletter's "Ausgabe vom 28. April 2014":
	// in a sentence it is another paper's issue ("in seiner Ausgabe vom 12. März").
	createdWords = []string{"created", "erstellt", "creado", "creada", "créé", "creato", "criado", "ausgabe vom"}
)

// A labelWord is one of the label words, with what it says of the date after it.
type labelWord struct {
	text  string
	kind  label // createdLabel for createdWords
	whole bool  // it must end a word
}

// createdLabel is the kind of createdWords: a publication's label on a meta line only.
const createdLabel label = -1

// labelWordsByRune indexes the label words by their first rune, so that each word
// start of a text is compared with the few words that may start there: a page's
// text is read once, whatever the number of words.
var labelWordsByRune = func() map[rune][]labelWord {
	m := map[rune][]labelWord{}
	add := func(words []string, kind label, whole bool) {
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			m[r] = append(m[r], labelWord{w, kind, whole})
		}
	}
	add(updateWords, updateLabel, false)
	add(eventWords, eventLabel, true)
	add(eventStarts, eventLabel, false)
	add(publishWords, publishLabel, false)
	add(createdWords, createdLabel, false)
	return m
}()

// labelWordAt returns the longest label word that starts a word at offset i of
// text, ignoring case, and whether there is one.
func labelWordAt(text string, i int) (labelWord, bool) {
	if !wordStart(text, i) {
		return labelWord{}, false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	var best labelWord
	for _, w := range labelWordsByRune[unicode.ToLower(r)] {
		end := i + len(w.text)
		if len(w.text) <= len(best.text) || end > len(text) || !strings.EqualFold(text[i:end], w.text) {
			continue
		}
		if w.whole && !wordEnd(text, end) {
			continue
		}
		best = w
	}
	return best, best.text != ""
}

// labelWords calls yield with each label word of text[from:to], and the offsets
// where it starts and ends, in order; a word's letters are not read again for
// another word inside it ("Press release" is not also "release").
func labelWords(text string, from, to int, yield func(w labelWord, start, end int) bool) {
	for i := from; i < to; {
		if w, ok := labelWordAt(text, i); ok && i+len(w.text) <= to {
			if !yield(w, i, i+len(w.text)) {
				return
			}
			i += len(w.text)
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
}

// wordStart reports whether a word starts at offset i of text: the rune before
// it is no letter, digit or underscore.
func wordStart(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !isWordRune(r)
}

// wordEnd reports whether a word ends at offset i of text.
func wordEnd(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return !isWordRune(r)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// runesBack returns the offset n characters before offset at of text (0 at the
// most), and runesOn the offset n characters after it (len(text) at the most).
// The label and byline reaches count characters, not bytes: "Опубликовано: среда,
// 12 марта 2019" labels its date as closely as "Published: Wednesday, 12 March
// 2019", though each Cyrillic letter takes two bytes.
func runesBack(text string, at, n int) int {
	for ; n > 0 && at > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:at])
		at -= size
	}
	return at
}

func runesOn(text string, at, n int) int {
	for ; n > 0 && at < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[at:])
		at += size
	}
	return at
}

// isUpdateLabel reports whether s holds a word that labels the date after it as
// an update ("edited", not "credited").
func isUpdateLabel(s string) bool {
	found := false
	labelWords(s, 0, len(s), func(w labelWord, _, _ int) bool {
		found = w.kind == updateLabel
		return !found
	})
	return found
}

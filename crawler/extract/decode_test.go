package extract

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// charsetPage is an article page with an optional <meta> charset declaration.
func charsetPage(metaCharset, title, para string) string {
	meta := ""
	if metaCharset != "" {
		meta = `<meta http-equiv="Content-Type" content="text/html; charset=` + metaCharset + `">`
	}
	var b strings.Builder
	b.WriteString("<html><head>" + meta + "<title>" + title + "</title></head><body><article><h1>" + title + "</h1>")
	for range 6 {
		b.WriteString("<p>" + para + "</p>")
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

func TestDecodeCharsets(t *testing.T) {
	const french = "Le café de la gare a rouvert ses portes après trois années de travaux coûteux; " +
		"les habitués déjà présents saluent la décision du maire, très appréciée à Noël."
	const polish = "Żółta łódź płynęła powoli po jeziorze, a rybacy śpiewali piosenki o dawnych czasach i świętach."
	const japaneseText = "東京の図書館は火曜日に新しい予算を承認しました。市議会は開館時間と職員について長い議論を行いました。" +
		"古い閲覧室の改修も決まり、利用者からは歓迎の声が上がっています。"
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string
		wantCharset string
	}{
		{"header windows-1252", encode(t, charmap.Windows1252, charsetPage("", "Café", french)),
			"text/html; charset=windows-1252", "après trois années", "windows-1252"},
		{"header beats meta", encode(t, charmap.Windows1252, charsetPage("utf-8", "Café", french)),
			"text/html; charset=iso-8859-1", "coûteux", "windows-1252"},
		{"meta iso-8859-2", encode(t, charmap.ISO8859_2, charsetPage("iso-8859-2", "Łódź", polish)),
			"text/html", "Żółta łódź płynęła", "iso-8859-2"},
		{"meta iso-8859-15", encode(t, charmap.ISO8859_15, charsetPage("ISO-8859-15", "Café", french)),
			"", "habitués déjà présents", "iso-8859-15"},
		{"detected windows-1252", encode(t, charmap.Windows1252, charsetPage("", "Café", french)),
			"text/html", "saluent la décision", "windows-1252"},
		{"detected shift_jis", encode(t, japanese.ShiftJIS, charsetPage("", "図書館", japaneseText)),
			"text/html", "新しい予算を承認", "shift_jis"},
		{"utf-16le bom", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), charsetPage("", "Café", french)),
			"", "après trois années", "utf-16le"},
		{"utf-16be bom", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), charsetPage("", "Café", french)),
			"text/html", "après trois années", "utf-16be"},
		{"utf-8 bom", append([]byte("\xEF\xBB\xBF"), charsetPage("", "Café", french)...),
			"text/html; charset=windows-1252", "après trois années", "utf-8"},
		{"valid utf-8 that the server declares iso-8859-1", []byte(charsetPage("", "Café", french)),
			"text/html; charset=iso-8859-1", "après trois années", "utf-8"},
		{"valid utf-8 under a <meta> gb2312", []byte(charsetPage("gb2312", "図書館", japaneseText)),
			"", "新しい予算を承認", "utf-8"},
		{"gbk whose two characters are valid utf-8 by chance follows its <meta>", encode(t, simplifiedchinese.GBK, charsetPage("gbk", "Bank shares data", "The bank shared its customers' data with a social network, the regulator said on Tuesday in a long statement. 图片")),
			"", "图片", "gbk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := (&Extractor{}).Extract(context.Background(), tt.body, tt.contentType, nil)
			if err != nil {
				t.Fatalf("Extract() error: %v", err)
			}
			if !strings.Contains(res.Text, tt.want) {
				t.Errorf("Text = %q, want it to contain %q", res.Text, tt.want)
			}
			if res.Charset != tt.wantCharset {
				t.Errorf("Charset = %q, want %q", res.Charset, tt.wantCharset)
			}
		})
	}
}

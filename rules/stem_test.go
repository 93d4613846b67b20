package rules

import "testing"

func TestStem(t *testing.T) {
	tests := map[string]string{
		"consign": "consign", "consigned": "consign", "consigning": "consign",
		"consignment": "consign", "consist": "consist", "consisted": "consist",
		"consistency": "consist", "consistent": "consist", "consistently": "consist",
		"consisting": "consist", "consists": "consist", "consolation": "consol",
		"consolations": "consol", "consolatory": "consolatori", "console": "consol",
		"consoled": "consol", "consoles": "consol", "consolidate": "consolid",
		"consolidated": "consolid", "consolidating": "consolid", "consoling": "consol",
		"consolingly": "consol", "consols": "consol", "consonant": "conson",
		"consort": "consort", "consorted": "consort", "consorting": "consort",
		"conspicuous": "conspicu", "conspicuously": "conspicu", "conspiracy": "conspiraci",
		"conspirator": "conspir", "conspirators": "conspir", "conspire": "conspir",
		"conspired": "conspir", "conspiring": "conspir", "constable": "constabl",
		"constables": "constabl", "constance": "constanc", "constancy": "constanc",
		"constant": "constant",
		"knack":    "knack", "knackeries": "knackeri", "knacks": "knack", "knag": "knag",
		"knave": "knave", "knaves": "knave", "knavish": "knavish", "kneaded": "knead",
		"kneading": "knead", "knee": "knee", "kneel": "kneel", "kneeled": "kneel",
		"kneeling": "kneel", "kneels": "kneel", "knees": "knee", "knell": "knell",
		"knelt": "knelt", "knew": "knew", "knick": "knick", "knif": "knif",
		"knife": "knife", "knight": "knight", "knightly": "knight", "knights": "knight",
		"knit": "knit", "knits": "knit", "knitted": "knit", "knitting": "knit",
		"knives": "knive", "knob": "knob", "knobs": "knob", "knock": "knock",
		"knocked": "knock", "knocker": "knocker", "knockers": "knocker",
		"knocking": "knock", "knocks": "knock", "knopp": "knopp", "knot": "knot",
		"knots":    "knot",
		"caresses": "caress", "ponies": "poni", "ties": "tie", "cries": "cri",
		"gas": "gas", "gaps": "gap", "kiwis": "kiwi", "hopping": "hop",
		"happy": "happi", "sky": "sky", "skies": "sky", "news": "news",
		"banks": "bank", "banking": "bank", "shared": "share", "sharing": "share",
		"shares": "share", "generously": "generous", "generate": "generat",
		"communism": "communism", "running": "run", "data": "data",
		"ab": "ab", "2018": "2018", "café": "café",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := string(stem(nil, []byte(in))); got != want {
				t.Errorf("stem(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

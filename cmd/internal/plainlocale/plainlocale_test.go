package plainlocale

import (
	"os"
	"testing"
)

func TestApply(t *testing.T) {
	cases := []struct{ lcAll, lang, wantAll, wantLang string }{
		{"", "C.UTF-8", "", "C"},
		{"", "POSIX.utf8", "", "C"},
		{"", "en_GB.UTF-8", "", "en_GB.UTF-8"},
		{"C.UTF-8", "de_DE.UTF-8", "C", "de_DE.UTF-8"},
		{"fr_FR.UTF-8", "C.UTF-8", "fr_FR.UTF-8", "C.UTF-8"},
	}
	for _, c := range cases {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		Apply()
		if got := os.Getenv("LC_ALL"); got != c.wantAll {
			t.Errorf("%+v: LC_ALL = %q", c, got)
		}
		if got := os.Getenv("LANG"); got != c.wantLang {
			t.Errorf("%+v: LANG = %q", c, got)
		}
	}
}

// Package plainlocale rewrites a C.UTF-8 (or POSIX.*) locale, Debian's
// default, to plain C before Fyne reads it. They mean "no localisation",
// but Fyne cannot parse the dotted form and logs an error at start-up,
// which would break the command line's one-line error messages.
//
// It works in init: packages initialise in import-path order once their
// dependencies have, so this package, which needs only the standard
// library, runs before Fyne's lang package (which needs go-i18n, an import
// path sorting after this one). Import it for its side effect.
package plainlocale

import (
	"os"
	"strings"
)

func init() { Apply() }

// Apply rewrites the first locale variable set, if it is a dotted C or
// POSIX locale, to C.
func Apply() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		val := os.Getenv(v)
		if val == "" {
			continue
		}
		if strings.HasPrefix(val, "C.") || strings.HasPrefix(val, "POSIX.") {
			os.Setenv(v, "C")
		}
		return
	}
}

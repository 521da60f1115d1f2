package session

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoFyne checks the rule that lets the CLI share the session: no file
// of the package imports Fyne or the app package (which does); model and
// viz import no Fyne either (viz/imports_test.go).
func TestNoFyne(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) < 10 {
		t.Fatalf("%d files (%v): is the test run in app/session?", len(files), err)
	}
	for _, path := range files {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, "fyne.io/") || p == "github.com/latent-explorer/latent/app" || strings.HasPrefix(p, "github.com/latent-explorer/latent/app/widgets") {
				t.Errorf("%s imports %s", path, p)
			}
		}
	}
}

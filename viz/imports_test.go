package viz

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportRule checks the rule of the package comment: no file under viz
// imports Fyne, nor any package of model except model/sgemm.
func TestImportRule(t *testing.T) {
	const model = "github.com/latent-explorer/latent/model"
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			inModel := p == model || strings.HasPrefix(p, model+"/")
			if strings.HasPrefix(p, "fyne.io/") || inModel && p != model+"/sgemm" {
				t.Errorf("%s imports %s", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("checked only %d files; is the walk rooted at viz?", checked)
	}
}

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
// imports Fyne, nor any package of model except the leaves model/sgemm
// and model/safefile; and those leaves import nothing of the project.
func TestImportRule(t *testing.T) {
	const model = "github.com/latent-explorer/latent/model"
	leaves := map[string]bool{model + "/sgemm": true, model + "/safefile": true}
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
			if strings.HasPrefix(p, "fyne.io/") || inModel && !leaves[p] {
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
	for _, leaf := range []string{"../model/sgemm", "../model/safefile"} {
		files, err := filepath.Glob(filepath.Join(leaf, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", leaf, err)
		}
		for _, path := range files {
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, "github.com/latent-explorer/") && !strings.HasSuffix(path, "_test.go") {
					t.Errorf("%s imports %s: a leaf imports nothing of the project", path, p)
				}
			}
		}
	}
}

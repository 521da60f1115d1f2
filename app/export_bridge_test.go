package app

import (
	"testing"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/export"
)

// ExportFigure opens s in a headless explorer, colours the map by the
// column colorBy and returns the figure File → Export map… would save
// with the dialog's defaults. It is for the tests of package app_test,
// which compare the window's figure with latent plot's.
func ExportFigure(t *testing.T, s *model.Space, colorBy string) *export.Map {
	t.Helper()
	e := openTest(t, s)
	e.colorBy.SetSelected(colorBy)
	if e.colorBy.Selected != colorBy {
		t.Fatalf("the colour-by choice has no column %q", colorBy)
	}
	e.showExportDialog()
	m, err := e.figure(e.lastExport)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

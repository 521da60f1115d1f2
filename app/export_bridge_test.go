package app

import (
	"context"
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
	e.mapp.colorBy.SetSelected(colorBy)
	queue(e).drain()
	if got := e.core.Snapshot().Coloring.Column; got != colorBy {
		t.Fatalf("the map is coloured by %q, not the column %q", got, colorBy)
	}
	e.showExportDialog()
	o, err := e.lastExport.figureOptions()
	if err != nil {
		t.Fatal(err)
	}
	m, err := e.core.Figure(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

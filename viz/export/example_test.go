package export_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/latent-explorer/latent/viz/export"
)

// A figure of a small map coloured by label, with a title, axis labels and
// two highlighted points, saved as SVG (or .png, .pdf, .eps by extension).
func ExampleMap_Save() {
	m := &export.Map{
		XY:            []float64{0, 0, 1, 0.5, 2, 2, 3, 1.5, 0.5, 2.5},
		Categories:    []int{0, 0, 1, 1, -1}, // -1: no label, drawn grey
		CategoryNames: []string{"cat", "dog"},
		ColorLabel:    "species",
		Title:         "Latent codes",
		XLabel:        "UMAP 1", YLabel: "UMAP 2",
		Selection: []int{1, 3},
	}
	dir, err := os.MkdirTemp("", "export")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := m.Save(filepath.Join(dir, "map.svg")); err != nil {
		log.Fatal(err)
	}
	fmt.Println("saved")
	// Output: saved
}

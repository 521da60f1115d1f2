package grid_test

import (
	"fmt"
	"image"
	"image/color"

	"github.com/latent-explorer/latent/viz/grid"
)

// A traversal grid of two dimensions × three steps of 28×28 images,
// upscaled into 56-pixel cells, with row and column labels.
func ExampleGrid() {
	digit := image.NewGray(image.Rect(0, 0, 28, 28))
	digit.SetGray(14, 14, color.Gray{Y: 255})
	images := [][]image.Image{{digit, digit, digit}, {digit, digit, digit}}
	g := grid.Grid(images, []string{"z0", "z7"}, []string{"-3", "0", "+3"}, 56)
	l := grid.NewLayout(2, 3, 56, []string{"z0", "z7"}, []string{"-3", "0", "+3"})
	fmt.Println(g.Bounds().Size(), l.CellRect(1, 2))
	// Output:
	// (198,135) (140,77)-(196,133)
}

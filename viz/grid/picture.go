package grid

import (
	"image"
	"io"
	"strings"
	"time"
)

// A Picture is what a traversal or an interpolation draws: one grid (a
// PNG) or a sequence of frames (a GIF), made at a given cell size. The
// latent traverse and latent interpolate commands and the GUI's panels
// write the same Pictures.
type Picture struct {
	Grid   func(cell int) image.Image
	Frames func(cell int) []image.Image
}

// Write encodes the picture at cell pixels a cell: its frames as a GIF
// showing each for delay when gif is true, else its grid as a PNG.
func (p Picture) Write(w io.Writer, gif bool, cell int, delay time.Duration) error {
	if gif {
		return WriteGIF(w, p.Frames(cell), delay)
	}
	return WritePNG(w, p.Grid(cell))
}

// TraversalPicture lays out a traversal's cells: rows[i][j] is row i
// (labelled rowLabels[i], a dimension or direction) at step j (labelled
// values[j]). Its grid has a row per dimension and a column per value; its
// frames are one per value, the dimensions side by side.
func TraversalPicture(rows [][]image.Image, rowLabels, values []string) Picture {
	return Picture{
		Grid: func(cell int) image.Image { return Grid(rows, rowLabels, values, cell) },
		Frames: func(cell int) []image.Image {
			frames := make([]image.Image, len(values))
			for j := range frames {
				col := make([]image.Image, len(rows))
				for i := range col {
					col[i] = rows[i][j]
				}
				// Equal-width labels keep every frame the same size.
				frames[j] = Grid([][]image.Image{col}, []string{padLeft(values[j], values)}, rowLabels, cell)
			}
			return frames
		},
	}
}

// StripPicture lays out an interpolation's cells in one row labelled
// labels (t from 0 to 1), or as one frame per step labelled "t=…".
func StripPicture(cells []image.Image, labels []string) Picture {
	return Picture{
		Grid: func(cell int) image.Image { return Strip(cells, labels, cell) },
		Frames: func(cell int) []image.Image {
			frames := make([]image.Image, len(cells))
			for j, c := range cells {
				frames[j] = Strip([]image.Image{c}, []string{"t=" + labels[j]}, cell)
			}
			return frames
		},
	}
}

// padLeft pads s with spaces to the length of the longest of all.
func padLeft(s string, all []string) string { return strings.Repeat(" ", longest(all)-len(s)) + s }

func longest(all []string) int {
	n := 0
	for _, a := range all {
		n = max(n, len(a))
	}
	return n
}

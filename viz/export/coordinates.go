package export

import (
	"io"
	"path/filepath"
	"strings"
)

// WriteCoordinates writes a map's points (interleaved x, y pairs) to path
// atomically, by its extension: .npy writes an n×2 float64 array (the
// points alone), anything else a CSV whose columns are xName, yName and
// then cols, such as the metadata (see WriteCSV). `latent plot
// --save-data` and the window's File → Export coordinates… both write
// with it.
func WriteCoordinates(path string, xy []float64, xName, yName string, cols ...Column) error {
	if strings.EqualFold(filepath.Ext(path), ".npy") {
		return WriteFileAtomic(path, func(w io.Writer) error { return WriteNPY(w, xy) })
	}
	return WriteFileAtomic(path, func(w io.Writer) error { return WriteCSV(w, xy, xName, yName, cols...) })
}

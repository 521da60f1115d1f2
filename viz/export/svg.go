package export

import (
	"bytes"
	"io"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// svgCanvas is gonum's SVG canvas with two fixes applied to its output:
// text names fallbacks after Liberation Sans (Arial and Helvetica share
// its metrics, so the layout holds where Liberation is not installed), and
// embedded images are labelled PNG, which they are (vgsvg says JPEG).
type svgCanvas struct {
	*vgsvg.Canvas
}

func newSVG(w, h vg.Length) svgCanvas { return svgCanvas{vgsvg.New(w, h)} }

// WriteTo implements io.WriterTo.
func (c svgCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := c.Canvas.WriteTo(&buf); err != nil {
		return 0, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	out = bytes.ReplaceAll(out, []byte(`"data:image/jpg;base64,`), []byte(`"data:image/png;base64,`))
	n, err := w.Write(out)
	return int64(n), err
}

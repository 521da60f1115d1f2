package export

import (
	"fmt"
	"image"
	"io"
	"path/filepath"
	"strings"

	"github.com/latent-explorer/latent/model/safefile"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
)

// Formats lists the figure formats by file extension.
var Formats = []string{"png", "svg", "pdf", "eps"}

// FormatOf returns the figure format named by path's extension, or an
// error naming the path when it is not one of Formats.
func FormatOf(path string) (string, error) {
	f := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	for _, g := range Formats {
		if f == g {
			return f, nil
		}
	}
	return "", fmt.Errorf("%s: unknown figure format %q (want .png, .svg, .pdf or .eps)", path, filepath.Ext(path))
}

// WriteTo writes the figure to w in format ("png", "svg", "pdf" or "eps").
// It returns an error wrapping ErrInput if the Map's fields do not fit
// together.
func (m *Map) WriteTo(w io.Writer, format string) error {
	if err := m.validate(); err != nil {
		return err
	}
	s := m.resolve()
	cw, dpi, err := s.canvas(strings.ToLower(format))
	if err != nil {
		return err
	}
	s.draw(draw.New(cw), dpi)
	_, err = cw.WriteTo(w)
	return err
}

// Image draws the figure at dpi dots per inch (0: the Map's DPI) and
// returns the picture, for a preview in a dialog without encoding a file.
// It returns an error wrapping ErrInput if the Map's fields do not fit
// together.
func (m *Map) Image(dpi int) (image.Image, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	s := m.resolve()
	if dpi <= 0 {
		dpi = s.dpi
	}
	c := vgimg.NewWith(vgimg.UseWH(s.width, s.height), vgimg.UseDPI(dpi))
	s.draw(draw.New(c), dpi)
	return c.Image(), nil
}

// canvas returns a canvas for format and the resolution of its raster
// layer.
func (s *style) canvas(format string) (vg.CanvasWriterTo, int, error) {
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(s.width, s.height), vgimg.UseDPI(s.dpi))
		return vgimg.PngCanvas{Canvas: c}, s.dpi, nil
	case "svg":
		return newSVG(s.width, s.height), s.rasterDPI, nil
	case "pdf":
		return vgpdf.New(s.width, s.height), s.rasterDPI, nil
	case "eps":
		return newEPS(s.width, s.height, s.Title), s.rasterDPI, nil
	}
	return nil, 0, fmt.Errorf("export: unknown figure format %q", format)
}

// Save writes the figure to path in the format its extension names. The
// write is atomic: a temporary file in the same folder is renamed over
// path once complete, so a failed export never leaves half a file.
func (m *Map) Save(path string) error {
	format, err := FormatOf(path)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, func(w io.Writer) error { return m.WriteTo(w, format) })
}

// WriteFileAtomic calls write with a temporary file beside path and renames
// it to path if write succeeds; otherwise it removes the temporary file.
// Errors name path. It is safefile.Write, the program's one atomic writer.
func WriteFileAtomic(path string, write func(w io.Writer) error) error {
	return safefile.Write(path, write)
}

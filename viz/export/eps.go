package export

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"fmt"
	"image"
	"io"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgeps"
)

// epsCanvas is gonum's EPS canvas with images: vgeps cannot draw images
// (gonum/plot issue 271), so DrawImage leaves a placeholder string in the
// PostScript, and WriteTo replaces it with the image, flattened onto white
// (PostScript has no transparency), deflated and ASCII85-encoded for a
// LanguageLevel 3 interpreter (PostScript Language Reference, 3rd ed.,
// §4.10 "Images" and §3.13 "Filters").
type epsCanvas struct {
	*vgeps.Canvas
	images []image.Image
	rects  []vg.Rectangle
}

func newEPS(w, h vg.Length, title string) *epsCanvas {
	return &epsCanvas{Canvas: vgeps.NewTitle(w, h, title)}
}

// placeholder returns the string standing for image k in the PostScript.
func placeholder(k int) string { return fmt.Sprintf("latentexportimage%d", k) }

// DrawImage implements vg.Canvas.
func (c *epsCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	face := font.DefaultCache.Lookup(sans, 1)
	c.Canvas.FillString(face, rect.Min, placeholder(len(c.images)))
	c.images = append(c.images, img)
	c.rects = append(c.rects, rect)
}

// WriteTo implements io.WriterTo.
func (c *epsCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := c.Canvas.WriteTo(&buf); err != nil {
		return 0, err
	}
	ps := fixHeader(buf.Bytes())
	for k, img := range c.images {
		show := []byte("(" + placeholder(k) + ") show\n")
		ps = bytes.Replace(ps, show, psImage(c.rects[k], img), 1)
	}
	n, err := w.Write(ps)
	return int64(n), err
}

// fixHeader corrects vgeps's header comments ("%%!PS-Adobe" for
// "%!PS-Adobe", "%%Creator" without its colon), declares LanguageLevel 3
// for the images' FlateDecode filter, and names Helvetica for Liberation
// Sans, which has Helvetica's metrics (vgeps does not embed fonts, and every
// PostScript interpreter has Helvetica).
func fixHeader(ps []byte) []byte {
	ps = bytes.Replace(ps, []byte("%%!PS-Adobe-3.0 EPSF-3.0\n"), []byte("%!PS-Adobe-3.0 EPSF-3.0\n%%LanguageLevel: 3\n"), 1)
	ps = bytes.Replace(ps, []byte("%%Creator gonum"), []byte("%%Creator: gonum"), 1)
	return bytes.ReplaceAll(ps, []byte("/LiberationSans-Regular findfont"), []byte("/Helvetica findfont"))
}

// psImage returns PostScript drawing img into rect.
func psImage(rect vg.Rectangle, img image.Image) []byte {
	b := img.Bounds()
	var out bytes.Buffer
	fmt.Fprintf(&out, "gsave\n%.5g %.5g translate %.5g %.5g scale\n/DeviceRGB setcolorspace\n",
		rect.Min.X.Points(), rect.Min.Y.Points(), rect.Size().X.Points(), rect.Size().Y.Points())
	fmt.Fprintf(&out, "<< /ImageType 1 /Width %d /Height %d /BitsPerComponent 8 /Decode [0 1 0 1 0 1]\n", b.Dx(), b.Dy())
	fmt.Fprintf(&out, "/ImageMatrix [%d 0 0 %d 0 %d]\n", b.Dx(), -b.Dy(), b.Dy())
	out.WriteString("/DataSource currentfile /ASCII85Decode filter /FlateDecode filter >> image\n")
	lines := &lineWriter{w: bufio.NewWriter(&out), width: 76}
	a85 := ascii85.NewEncoder(lines)
	z := zlib.NewWriter(a85)
	writeRGBOnWhite(z, img)
	z.Close()
	a85.Close()
	lines.w.WriteString("~>\n")
	lines.w.Flush()
	out.WriteString("grestore\n")
	return out.Bytes()
}

// writeRGBOnWhite writes img's pixels, top row first, as RGB bytes
// composited over white.
func writeRGBOnWhite(w io.Writer, img image.Image) {
	b := img.Bounds()
	row := make([]byte, 3*b.Dx())
	if m, ok := img.(*image.RGBA); ok {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			pix := m.Pix[m.PixOffset(b.Min.X, y):]
			for k := range b.Dx() {
				a := 255 - uint16(pix[4*k+3])
				for ch := range 3 {
					row[3*k+ch] = uint8(uint16(pix[4*k+ch]) + a)
				}
			}
			w.Write(row)
		}
		return
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA() // premultiplied, 16 bits
			k := 3 * (x - b.Min.X)
			row[k], row[k+1], row[k+2] = uint8((r+0xffff-a)>>8), uint8((g+0xffff-a)>>8), uint8((bl+0xffff-a)>>8)
		}
		w.Write(row)
	}
}

// lineWriter breaks its output into lines of at most width bytes, so that
// the PostScript stays within the DSC's 255-character line limit.
type lineWriter struct {
	w     *bufio.Writer
	width int
	col   int
}

func (l *lineWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		if l.col == l.width {
			l.w.WriteByte('\n')
			l.col = 0
		}
		l.w.WriteByte(c)
		l.col++
	}
	return len(p), nil
}

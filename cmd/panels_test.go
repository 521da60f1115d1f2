package cmd

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// TestGridsMatchThePanels: latent traverse and latent interpolate write,
// pixel for pixel, the pictures the explorer's traversal and
// interpolation panels make (session.Traverse, session.Interpolate) for
// the same vectors on the demo: one implementation behind both.
func TestGridsMatchThePanels(t *testing.T) {
	demo := filepath.Join("..", "assets", "demo", "mnist-16")
	if _, err := os.Stat(filepath.Join(demo, model.ManifestName)); err != nil {
		t.Skip("the demo space is not embedded")
	}
	sp, err := model.OpenSpace(demo)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := model.LoadDecoderWith(sp.DecoderPath(), sp.DecodingSpec())
	if err != nil {
		t.Fatal(err)
	}
	s := session.New()
	s.Open(sp, dec)
	a, _ := s.PointEndpoint(0)
	b, _ := s.PointEndpoint(7)
	dir := t.TempDir()

	tr := s.Traverse(session.TraverseSpec{Dims: s.Stats().Order[:3], Lo: -2, Hi: 2, Steps: 5, Units: session.CodeUnits, Base: a.Z})
	if err := tr.Wait(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "t.png")
	if code, _, stderr := runCmd(t, "traverse", demo, "--dims", "top:3", "--range", "-2:2", "--steps", "5", "--from", "0", "-o", out); code != 0 {
		t.Fatalf("traverse: status %d: %s", code, stderr)
	}
	samePicture(t, "traversal", readPNG(t, out), tr.Status().Result.(*session.Traversal).Picture().Image(session.GridCell))

	ip := s.Interpolate(a, b, 6, true)
	if err := ip.Wait(); err != nil {
		t.Fatal(err)
	}
	out = filepath.Join(dir, "i.png")
	if code, _, stderr := runCmd(t, "interpolate", demo, "--from", "0", "--to", "7", "--steps", "6", "--slerp", "-o", out); code != 0 {
		t.Fatalf("interpolate: status %d: %s", code, stderr)
	}
	samePicture(t, "interpolation", readPNG(t, out), ip.Status().Result.(*session.Path).Picture().Image(session.GridCell))
}

// samePicture compares the CLI's picture with the panel's.
func samePicture(t *testing.T, what string, cli, panel *image.NRGBA) {
	t.Helper()
	if cli.Rect.Size() != panel.Rect.Size() || !bytes.Equal(cli.Pix, panel.Pix) {
		t.Errorf("%s: the command wrote a %v picture that differs from the panel's %v", what, cli.Rect.Size(), panel.Rect.Size())
	}
}

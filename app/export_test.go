package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestExportMapFromGUI(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.showExportDialog()
	dir := t.TempDir()

	// The dialog's fields, filled as a person would.
	d := e.win.Canvas().Overlays().Top()
	if d == nil {
		t.Fatal("File → Export map… showed no dialog")
	}
	o := e.lastExport
	o.dir.SetText(dir)
	o.dpi.SetText("50")
	e.chooseExportFile(o)
	path := filepath.Join(dir, "map.png")
	waitUntil(t, e, "the export", func() bool { return e.jobs.status.Text == "exported the map to "+path })
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("exported PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 300 || b.Dy() != 225 {
		t.Errorf("6 × 4.5 in at 50 dpi gave %v, want 300 × 225", b.Size())
	}

	// A preview that finishes after the export (the dialog's first one
	// may, on a loaded machine), or one cancelled by a newer one, keeps
	// the export's message on the line.
	n := o.previews
	e.updatePreview(o)
	e.updatePreview(o)
	waitUntil(t, e, "the updated preview", func() bool { return o.previews > n })
	if got := e.jobs.status.Text; got != "exported the map to "+path {
		t.Errorf("after a later preview the status line says %q", got)
	}
}

func TestExportNeverOverwritesWithoutAsking(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	path := filepath.Join(t.TempDir(), "mine.csv")
	if err := os.WriteFile(path, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	wrote := false
	e.confirmOverwrite(path, func() { wrote = true })
	if wrote {
		t.Fatal("an existing file was replaced without asking")
	}
	if e.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no confirmation dialog")
	}
}

func TestExportCoordinatesCSV(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	path := filepath.Join(t.TempDir(), "xy.csv")
	e.exportCoordinates(path)
	waitUntil(t, e, "the export", func() bool { return e.jobs.status.Text == "exported the coordinates to "+path })
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b[:len("t-SNE 1,t-SNE 2,label,score\n")]); got != "t-SNE 1,t-SNE 2,label,score\n" {
		t.Errorf("header %q", got)
	}
}

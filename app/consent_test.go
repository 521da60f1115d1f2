package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// outsideSpace writes a space folder whose codes lie outside it
// (../outside/codes.npy) and returns the folder and the codes' resolved
// path.
func outsideSpace(t *testing.T) (dir, codes string) {
	t.Helper()
	root := t.TempDir()
	dir, out := filepath.Join(root, "space"), filepath.Join(root, "outside")
	for _, d := range []string{dir, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s := testSpace(t, false)
	writeCodes(t, filepath.Join(out, "codes.npy"), s.Codes)
	m := s.Manifest
	m.Codes = "../outside/codes.npy"
	if err := model.WriteManifest(filepath.Join(dir, model.ManifestName), &m); err != nil {
		t.Fatal(err)
	}
	codes, err := filepath.EvalSymlinks(filepath.Join(out, "codes.npy"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, codes
}

// writeCodes writes c as a float32 .npy.
func writeCodes(t *testing.T, path string, c *model.Codes) {
	t.Helper()
	data := make([]float64, len(c.Data))
	for i, v := range c.Data {
		data[i] = float64(v)
	}
	if err := model.WriteNPY(path, &model.Array{Shape: []int{c.N, c.D}, DType: "float32", Data: data}); err != nil {
		t.Fatal(err)
	}
}

// dialogTexts returns the texts of the labels in the top dialog.
func dialogTexts(e *Explorer) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(e.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// tapDialogButton presses the top dialog's button labelled text.
func tapDialogButton(t *testing.T, e *Explorer, text string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(e.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the dialog has no button %q", text)
}

// waitOpenOrDialog waits until a space is shown after the count loaded
// or a dialog covers the window.
func waitOpenOrDialog(t *testing.T, e *Explorer, loaded int, what string) {
	t.Helper()
	waitUntil(t, e, what, func() bool { return e.loaded > loaded || e.win.Canvas().Overlays().Top() != nil })
}

// askedAbout opens dir and waits for the consent dialog, which must name
// the resolved outside path want.
func askedAbout(t *testing.T, e *Explorer, dir, want string) {
	t.Helper()
	e.OpenPath(dir, roleSpace)
	waitOpenOrDialog(t, e, e.loaded, "the question about the outside file")
	if e.win.Canvas().Overlays().Top() == nil {
		t.Fatal("a space reading a file outside its folder opened without asking")
	}
	if got := dialogTexts(e); !strings.Contains(got, "outside its folder") || !strings.Contains(got, want) {
		t.Fatalf("the dialog says %q, want the outside file %s", got, want)
	}
}

// TestOutsideSpaceAsks opens a space whose codes lie outside its folder:
// the window asks, naming the file; Cancel opens nothing; Open anyway
// opens it; a second open does not ask again; a new outside file does.
func TestOutsideSpaceAsks(t *testing.T) {
	dir, codes := outsideSpace(t)
	e := newTestExplorer(t)

	askedAbout(t, e, dir, codes)
	tapDialogButton(t, e, "Cancel")
	queue(e).drain()
	if e.loaded != 0 || e.space != nil || e.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("after Cancel: %d spaces shown, dialog %v", e.loaded, e.win.Canvas().Overlays().Top())
	}
	if got := e.consented(dir); len(got) != 0 {
		t.Errorf("Cancel remembered a consent: %v", got)
	}

	askedAbout(t, e, dir, codes)
	tapDialogButton(t, e, "Open anyway")
	waitUntil(t, e, "the space to open after consent", func() bool { return e.loaded > 0 })
	if e.space.Codes.N != 180 || e.space.Dir != dir {
		t.Fatalf("opened %d codes from %q, want the space's 180", e.space.Codes.N, e.space.Dir)
	}
	if got := e.consented(dir); len(got) != 1 || got[0] != codes {
		t.Errorf("consent remembered %v, want [%s]", got, codes)
	}
	waitIdle(t, e)

	// Again, by its manifest this time: the same space, no question.
	e.OpenPath(filepath.Join(dir, model.ManifestName), roleSpace)
	waitOpenOrDialog(t, e, 1, "the second open")
	if e.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("the second open asked again: %q", dialogTexts(e))
	}
	waitIdle(t, e)

	// A labels file outside as well: asked again, about both.
	labels := filepath.Join(filepath.Dir(codes), "labels.npy")
	if err := model.WriteNPY(labels, &model.Array{Shape: []int{180}, DType: "int64", Data: make([]float64, 180)}); err != nil {
		t.Fatal(err)
	}
	m, err := model.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	m.Labels = "../outside/labels.npy"
	if err := model.WriteManifest(filepath.Join(dir, model.ManifestName), m); err != nil {
		t.Fatal(err)
	}
	askedAbout(t, e, dir, labels)
	if !strings.Contains(dialogTexts(e), codes) {
		t.Errorf("the dialog does not list the codes too: %q", dialogTexts(e))
	}
	tapDialogButton(t, e, "Open anyway")
	waitUntil(t, e, "the space with outside labels", func() bool { return e.loaded > 2 })
	if got := e.consented(dir); len(got) != 2 {
		t.Errorf("consent remembered %v, want the codes and the labels", got)
	}
}

// openSessionAnyway opens the session at path in a new explorer whose
// preferences hold no consent: it must ask about the outside file codes;
// Open anyway opens it.
func openSessionAnyway(t *testing.T, path, codes string) *Explorer {
	t.Helper()
	e := newTestExplorer(t)
	e.OpenPath(path, "")
	waitOpenOrDialog(t, e, 0, "the question about the session's outside file")
	if e.win.Canvas().Overlays().Top() == nil || !strings.Contains(dialogTexts(e), codes) {
		t.Fatalf("the session opened without asking, or the dialog says %q", dialogTexts(e))
	}
	tapDialogButton(t, e, "Open anyway")
	waitUntil(t, e, "the session to open after consent", func() bool { return e.loaded > 0 })
	waitIdle(t, e)
	return e
}

// TestOutsideSessionAsks saves a session of a space whose codes lie
// outside its folder and opens it in an explorer whose preferences hold
// no consent: it asks, and opens on Open anyway.
func TestOutsideSessionAsks(t *testing.T) {
	dir, codes := outsideSpace(t)
	e := newTestExplorer(t)
	e.consent(dir, []string{codes})
	e.OpenPath(dir, roleSpace)
	waitUntil(t, e, "the space to open", func() bool { return e.loaded > 0 })
	waitIdle(t, e)
	path := filepath.Join(t.TempDir(), "s"+session.FileExt)
	e.SaveSession(path)
	waitUntil(t, e, "the save", func() bool { return e.jobs.status.Text == "saved the session to "+path })

	e2 := openSessionAnyway(t, path, codes)
	if e2.space.Codes.N != 180 {
		t.Errorf("the session opened %d codes, want 180", e2.space.Codes.N)
	}
}

// TestFolderlessSessionAsks: a session without a space folder (files
// opened one by one) may read the files in its own folder; saved
// elsewhere, or relocated to files found elsewhere, its files are outside
// and go through the same trust check: the window asks, Open anyway opens.
func TestFolderlessSessionAsks(t *testing.T) {
	root := t.TempDir()
	codes := filepath.Join(root, "codes.npy")
	writeCodes(t, codes, testSpace(t, false).Codes)
	if r, err := filepath.EvalSymlinks(codes); err == nil {
		codes = r
	}
	e := newTestExplorer(t)
	e.OpenPath(codes, roleCodes)
	waitUntil(t, e, "the codes to open", func() bool { return e.loaded > 0 })
	waitIdle(t, e)
	beside, away := filepath.Join(root, "s"+session.FileExt), filepath.Join(t.TempDir(), "s"+session.FileExt)
	for _, p := range []string{beside, away} {
		e.SaveSession(p)
		waitUntil(t, e, "the save", func() bool { return e.jobs.status.Text == "saved the session to "+p })
	}
	f, err := session.ReadFile(beside)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Load(false); err != nil {
		t.Errorf("a session beside its files: %v", err)
	}
	if f, err = session.ReadFile(away); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Load(false); !errors.Is(err, model.ErrOutside) || !strings.Contains(err.Error(), codes) {
		t.Errorf("a session away from its files: %v, want a refusal naming %s", err, codes)
	}
	if _, _, err := f.Load(false, model.AllowOutside(codes)); err != nil {
		t.Errorf("with consent: %v", err)
	}

	openSessionAnyway(t, away, codes)

	// Relocated: the codes moved to another folder, found there by name.
	moved := filepath.Join(t.TempDir(), "codes.npy")
	if err := os.Rename(codes, moved); err != nil {
		t.Fatal(err)
	}
	if f, err = session.ReadFile(beside); err != nil {
		t.Fatal(err)
	}
	if n := f.Relocate(filepath.Dir(moved)); n != 1 {
		t.Fatalf("relocated %d files, want 1", n)
	}
	if _, _, err := f.Load(true); !errors.Is(err, model.ErrOutside) {
		t.Errorf("a session relocated to files outside its folder: %v, want a refusal", err)
	}
}

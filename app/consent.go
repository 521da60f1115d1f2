package app

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/latent-explorer/latent/model"
)

// prefOutside heads the preference keys of the consents to read outside a
// space's folder: prefOutside + the folder (absolute, links followed)
// holds the outside files (resolved) the user let that space read.
const prefOutside = "outside\t"

// withConsent runs open without consent; when it is refused for files
// outside the space's folder that the user consented to before, all of
// them, it runs open again with that consent. Otherwise it returns open's
// error, an *model.OutsideError for the caller to ask about (askOutside).
func (e *Explorer) withConsent(open func(...model.OpenOption) error) error {
	err := open()
	var oe *model.OutsideError
	if !errors.As(err, &oe) {
		return err
	}
	allowed := e.consented(oe.Dir)
	for _, p := range oe.Resolved() {
		if !slices.Contains(allowed, p) {
			return err
		}
	}
	return open(model.AllowOutside(allowed...))
}

// askOutside asks whether the space oe refused may read its files outside
// its folder; on yes the consent is remembered for the space and retry
// runs (it opens the space again, through withConsent). On no nothing
// opens.
func (e *Explorer) askOutside(oe *model.OutsideError, retry func()) {
	e.jobs.setStatus("")
	lines := make([]string, len(oe.Paths))
	for i, p := range oe.Paths {
		lines[i] = "• " + p.Role + " " + p.Path
		if p.Resolved != p.Path {
			lines[i] += " → " + p.Resolved
		}
	}
	msg := "This space reads files outside its folder " + oe.Dir + ":\n" + strings.Join(lines, "\n") + "\n\nOpen anyway?"
	d := dialog.NewConfirm("Files outside the space", msg, func(yes bool) {
		if !yes {
			return
		}
		e.consent(oe.Dir, oe.Resolved())
		retry()
	}, e.win)
	d.SetConfirmText("Open anyway")
	d.SetDismissText("Cancel")
	d.Show()
}

// consented returns the outside files the user let the space in dir read.
// Fyne's preferences are safe to read from any goroutine.
func (e *Explorer) consented(dir string) []string {
	return e.app.Preferences().StringList(outsideKey(dir))
}

// consent remembers that the space in dir may read the resolved paths
// (besides those it could before).
func (e *Explorer) consent(dir string, resolved []string) {
	key := outsideKey(dir)
	p := e.app.Preferences()
	list := p.StringList(key)
	for _, r := range resolved {
		if !slices.Contains(list, r) {
			list = append(list, r)
		}
	}
	p.SetStringList(key, list)
}

// outsideKey is the preference key for the space in dir: its folder made
// absolute with links followed, so one space has one key however it is
// reached.
func outsideKey(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	return prefOutside + dir
}

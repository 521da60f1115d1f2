package app

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
)

// jobBar is the one place long work shows: the status line, the progress
// of the latest job under way and its Cancel button. Whoever starts a job
// can track it to get its result on the UI goroutine.
type jobBar struct {
	e        *Explorer
	status   *widget.Label
	progress *widget.ProgressBar
	cancel   *widget.Button

	running map[int]session.JobStatus
	ended   map[int]bool // a late progress event must not revive a job
	shown   int          // the job the bar shows, or 0
	done    map[int]func(session.JobStatus)
	// finished counts the jobs ended, by kind; tests wait on it.
	finished map[string]int
}

func newJobBar(e *Explorer) *jobBar {
	b := &jobBar{e: e, status: widget.NewLabel(""), progress: widget.NewProgressBar(),
		running: map[int]session.JobStatus{}, ended: map[int]bool{}, done: map[int]func(session.JobStatus){}, finished: map[string]int{}}
	b.status.Truncation = fyne.TextTruncateEllipsis
	b.cancel = widget.NewButton("Cancel", b.cancelShown)
	b.cancel.Disable()
	b.progress.Hide()
	e.subscribe(b.update)
	return b
}

func (b *jobBar) object() fyne.CanvasObject {
	right := container.NewHBox(container.NewGridWrap(fyne.NewSize(220, 36), b.progress), b.cancel)
	return container.NewBorder(nil, nil, nil, right, b.status)
}

func (b *jobBar) setStatus(s string) { b.status.SetText(s) }

// track calls done on the UI goroutine when job j ends.
func (b *jobBar) track(j *session.Job, done func(session.JobStatus)) {
	b.done[j.Status().ID] = done
}

func (b *jobBar) update(ev session.Event) {
	if !ev.Has(session.ChangedJob) {
		return
	}
	st := ev.Job
	switch {
	case b.ended[st.ID]:
		return
	case st.Done:
		b.ended[st.ID] = true
		b.finish(st)
	default:
		b.running[st.ID] = st
		b.shown = st.ID
	}
	b.show()
}

// finish reports a finished job and hands its result to whoever tracked it.
func (b *jobBar) finish(st session.JobStatus) {
	delete(b.running, st.ID)
	if b.shown == st.ID {
		b.shown = 0
		for id := range b.running {
			b.shown = max(b.shown, id)
		}
	}
	done := b.done[st.ID]
	delete(b.done, st.ID)
	b.finished[st.Kind]++
	switch {
	case errors.Is(st.Err, session.ErrStale):
	case errors.Is(st.Err, context.Canceled):
		// A picture job is cancelled when a newer one replaces it: that
		// is no news for the status line.
		if !pictureJob(st.Kind) {
			b.setStatus(st.Name + " cancelled")
		}
	case st.Err != nil:
		b.setStatus("")
		b.e.showError(fmt.Errorf("%s: %w", st.Name, st.Err))
	default:
		if !pictureJob(st.Kind) {
			b.setStatus(st.Name + " done")
		}
		if st.Kind == "directions" && b.e.space != nil {
			// Part of opening: the status line goes back to the space.
			b.setStatus(describeSpace(b.e.space, b.e.core.Decoder()))
		}
		if done != nil {
			done(st)
		}
	}
}

// show shows the latest running job's progress, or hides the bar.
func (b *jobBar) show() {
	st, ok := b.running[b.shown]
	if !ok {
		b.progress.Hide()
		b.cancel.Disable()
		return
	}
	if !pictureJob(st.Kind) {
		b.setStatus(st.Name + "…")
	}
	b.progress.Show()
	b.progress.SetValue(st.Progress)
	b.cancel.Enable()
}

// cancelShown cancels the job the bar shows.
func (b *jobBar) cancelShown() {
	if st, ok := b.running[b.shown]; ok {
		b.e.core.Cancel(st.Kind)
	}
}

// pictureJob reports whether kind makes pictures shown in their own place
// (a panel's thumbnails after its result, the export dialog's preview):
// their progress shows, but the status line keeps the last result's
// message, so a preview finishing after an export does not hide
// "exported the map to …".
func pictureJob(kind string) bool {
	switch kind {
	case "neighbour-thumbnails", "outlier-thumbnails", "cluster-medoids", "cluster-centroids", "preview":
		return true
	}
	return false
}

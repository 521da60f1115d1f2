package app

import (
	"sync"
	"testing"
	"time"
)

// uiQueue stands in for Fyne's event loop in tests. Fyne's test driver runs
// a fyne.Do callback on the goroutine that calls it, so background work
// would touch widgets while the test reads them; here callbacks are queued
// and run on the test goroutine while it waits, as the real driver runs
// them on its one UI goroutine.
type uiQueue struct {
	mu      sync.Mutex
	pending []func()
	wake    chan struct{}
}

func newUIQueue() *uiQueue { return &uiQueue{wake: make(chan struct{}, 1)} }

// Do queues f; it never blocks, so a worker can post after the test ends.
func (q *uiQueue) Do(f func()) {
	q.mu.Lock()
	q.pending = append(q.pending, f)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// drain runs the queued callbacks (and any they queue) on the caller.
func (q *uiQueue) drain() {
	for {
		q.mu.Lock()
		fs := q.pending
		q.pending = nil
		q.mu.Unlock()
		if len(fs) == 0 {
			return
		}
		for _, f := range fs {
			f()
		}
	}
}

// waitUntil runs queued callbacks until cond holds, failing the test
// after ten minutes (the demo's UMAP under the race detector on a busy
// machine is slow, not stuck). cond runs on the test goroutine, so it may
// read widgets.
func (q *uiQueue) waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	timeout := time.After(10 * time.Minute)
	for {
		q.drain()
		if cond() {
			return
		}
		select {
		case <-q.wake:
		case <-timeout:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// queue returns the test queue an explorer made by openTest runs its UI
// callbacks on.
func queue(e *Explorer) *uiQueue { return e.ui.(*uiQueue) }

// waitUntil waits (running the explorer's UI callbacks) until cond holds.
// An error dialog shown meanwhile fails the test at once, naming the
// error: the thing waited for will not come.
func waitUntil(t testing.TB, e *Explorer, what string, cond func() bool) {
	t.Helper()
	shown := e.errorsShown
	var failed error
	queue(e).waitUntil(t, what, func() bool {
		if e.errorsShown > shown {
			failed = e.lastError
			return true
		}
		return cond()
	})
	if failed != nil && !cond() {
		t.Fatalf("waiting for %s: an error was shown: %v", what, failed)
	}
}

// waitDialog waits until a dialog covers the window.
func waitDialog(t testing.TB, e *Explorer, what string) {
	t.Helper()
	queue(e).waitUntil(t, what, func() bool { return e.win.Canvas().Overlays().Top() != nil })
}

// waitIdle runs UI callbacks until no session job runs and none is queued.
func waitIdle(t testing.TB, e *Explorer) {
	t.Helper()
	for {
		running := e.core.Running()
		if len(running) == 0 {
			queue(e).drain()
			if len(e.core.Running()) == 0 {
				return
			}
			continue
		}
		waitUntil(t, e, "the job "+running[0].Name, func() bool {
			for _, r := range e.core.Running() {
				if r.ID == running[0].ID {
					return false
				}
			}
			return true
		})
	}
}

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
// after 20 s. cond runs on the test goroutine, so it may read widgets.
func (q *uiQueue) waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	timeout := time.After(20 * time.Second)
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
func waitUntil(t testing.TB, e *Explorer, what string, cond func() bool) {
	t.Helper()
	queue(e).waitUntil(t, what, cond)
}

// waitDialog waits until a dialog covers the window.
func waitDialog(t testing.TB, e *Explorer, what string) {
	t.Helper()
	waitUntil(t, e, what, func() bool { return e.win.Canvas().Overlays().Top() != nil })
}

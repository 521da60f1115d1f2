package app

import "time"

// A ticker drives an animation: it sends on C every interval until
// stopped. Tests step a hand-driven one instead of waiting.
type ticker interface {
	C() <-chan time.Time
	Stop()
}

// newTimeTicker is the real ticker.
func newTimeTicker(d time.Duration) ticker { return timeTicker{time.NewTicker(d)} }

type timeTicker struct{ t *time.Ticker }

func (t timeTicker) C() <-chan time.Time { return t.t.C }
func (t timeTicker) Stop()               { t.t.Stop() }

// animation calls step on the UI goroutine at each tick until step
// returns false or stop is called.
type animation struct {
	tk   ticker
	done chan struct{}
}

// animate starts an animation driven by tk.
func (e *Explorer) animate(tk ticker, step func() bool) *animation {
	a := &animation{tk: tk, done: make(chan struct{})}
	go func() {
		for {
			select {
			case <-a.done:
				return
			case <-tk.C():
				e.ui.Do(func() {
					if a.running() && !step() {
						a.stop()
					}
				})
			}
		}
	}()
	return a
}

// running reports whether the animation is still going; UI goroutine only.
func (a *animation) running() bool {
	select {
	case <-a.done:
		return false
	default:
		return true
	}
}

// stop ends the animation; UI goroutine only, and only once is needed
// (later calls do nothing).
func (a *animation) stop() {
	if a.running() {
		close(a.done)
		a.tk.Stop()
	}
}

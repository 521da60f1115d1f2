package cmd

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// progressBar returns a function that draws a progress bar for label on
// stderr when it is a terminal, at most every 100 ms, and a function that
// ends the bar. When stderr is not a terminal both do nothing.
func (e *env) progressBar(label string) (update func(fraction float64), done func()) {
	if !e.isTerminal {
		return func(float64) {}, func() {}
	}
	var mu sync.Mutex
	var last time.Time
	draw := func(f float64) {
		f = min(max(f, 0), 1)
		const width = 30
		n := int(f * width)
		fmt.Fprintf(e.stderr, "\r%s [%s%s] %3.0f%%", label, strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*f)
	}
	update = func(f float64) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < 100*time.Millisecond && f < 1 {
			return
		}
		last = time.Now()
		draw(f)
	}
	done = func() {
		mu.Lock()
		defer mu.Unlock()
		draw(1)
		fmt.Fprintln(e.stderr)
	}
	return update, done
}

package cluster

import "sync"

// progressCounter turns work done on several goroutines into calls of a
// progress callback with the fraction done.
type progressCounter struct {
	mu   sync.Mutex
	done int
}

// add records n more units of total done and reports the fraction.
func (c *progressCounter) add(n, total int, progress func(float64)) {
	if progress == nil {
		return
	}
	c.mu.Lock()
	c.done += n
	f := float64(c.done) / float64(total)
	c.mu.Unlock()
	progress(f)
}

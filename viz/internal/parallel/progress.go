package parallel

import "sync"

// Progress turns units of work done on several goroutines into calls of a
// progress callback with the fraction done. Calls are serialised and their
// fractions never decrease.
type Progress struct {
	mu     sync.Mutex
	done   int
	total  int
	every  int
	report func(fraction float64)
}

// NewProgress returns a Progress over total units that calls report (if
// not nil) each time the count passes a multiple of every, and when it
// reaches total.
func NewProgress(total, every int, report func(fraction float64)) *Progress {
	return &Progress{total: total, every: max(every, 1), report: report}
}

// Add records n more units done.
func (p *Progress) Add(n int) {
	if p.report == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	before := p.done
	p.done += n
	if p.done/p.every > before/p.every || p.done == p.total {
		p.report(float64(p.done) / float64(p.total))
	}
}

package session

import "sync"

// Change says what part of the state an Event changed; several may be set.
type Change uint32

// The parts of the state an event reports changed.
const (
	ChangedSpace      Change = 1 << iota // a new space: everything changed
	ChangedMap                           // the map's coordinates or method
	ChangedLayout                        // an intermediate layout of a projection (Event.Layout)
	ChangedColoring                      // the colour-by column, palette or hidden categories
	ChangedSelection                     // the selected points
	ChangedDirections                    // the slider directions
	ChangedSliders                       // the slider mode or axes
	ChangedVector                        // the current latent vector
	ChangedColumns                       // an analysis column was added
	ChangedView                          // the map's zoom and pan
	ChangedJob                           // a job started, progressed or ended (Event.Job)
	ChangedEmphasis                      // the search's matches or the dimming toggle
	ChangedClass                         // the class a class-conditional decoder decodes
)

// ChangedAll is every part of the state, as a newly opened space changes.
const ChangedAll = ChangedSpace | ChangedMap | ChangedColoring | ChangedSelection |
	ChangedDirections | ChangedSliders | ChangedVector | ChangedColumns | ChangedView

// Event is one change of a Session's state.
type Event struct {
	Changed Change
	// Layout is an intermediate n×2 layout of a running projection
	// (interleaved x, y), with ChangedLayout. It is the receiver's to keep.
	Layout []float64
	// Job is the job that started, progressed or ended, with ChangedJob.
	Job JobStatus
}

// Has reports whether the event changed any part in c.
func (e Event) Has(c Change) bool { return e.Changed&c != 0 }

// subscribers is the list of event receivers.
type subscribers struct {
	mu   sync.Mutex
	next int
	fs   map[int]func(Event)
}

// Subscribe calls f with every later event, on the goroutine that made the
// change, until the returned function is called. f must not block for long
// and may call the Session's methods.
func (s *Session) Subscribe(f func(Event)) (unsubscribe func()) {
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	if s.subs.fs == nil {
		s.subs.fs = map[int]func(Event){}
	}
	id := s.subs.next
	s.subs.next++
	s.subs.fs[id] = f
	return func() {
		s.subs.mu.Lock()
		delete(s.subs.fs, id)
		s.subs.mu.Unlock()
	}
}

// emit sends ev to every subscriber. It is called without s.mu held.
func (s *Session) emit(ev Event) {
	if ev.Changed == 0 {
		return
	}
	s.subs.mu.Lock()
	fs := make([]func(Event), 0, len(s.subs.fs))
	for id := range s.subs.next {
		if f, ok := s.subs.fs[id]; ok {
			fs = append(fs, f)
		}
	}
	s.subs.mu.Unlock()
	for _, f := range fs {
		f(ev)
	}
}

package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrStale is a job's error when the space it started on was replaced
// before it finished: its result was dropped.
var ErrStale = errors.New("session: the space was replaced; result dropped")

// progressInterval is the least time between two progress events of a job.
const progressInterval = 50 * time.Millisecond

// JobStatus is what a job's events say about it.
type JobStatus struct {
	ID int
	// Kind groups jobs: starting one cancels a running job of its kind
	// ("project", "cluster", "outliers", "grid", "export", ...).
	Kind string
	// Name says what runs, for a status line: "k-means (k = 10)".
	Name     string
	Progress float64 // in [0, 1]
	Done     bool
	// Err is the job's error once Done: nil, context.Canceled, ErrStale or
	// what the work returned.
	Err error
	// Result is what a finished job made for the view (*Clusters, *Grid,
	// a written path, ...), or nil.
	Result any
}

// Job is one piece of long work running off the caller's goroutine.
type Job struct {
	s      *Session
	gen    int
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	status JobStatus
	last   time.Time
}

// Status returns the job's current status.
func (j *Job) Status() JobStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.status
}

// Cancel stops the job; its Err becomes context.Canceled.
func (j *Job) Cancel() { j.cancel() }

// Wait blocks until the job has ended and returns its error.
func (j *Job) Wait() error {
	<-j.done
	return j.Status().Err
}

// Done is closed when the job has ended.
func (j *Job) Done() <-chan struct{} { return j.done }

// work is a job's body: it runs off the caller's goroutine and returns the
// change to make (run under the session's lock, only if the space is
// still the one open) and a result for the view.
type work func(ctx context.Context, progress func(float64)) (apply func() Change, result any, err error)

// start runs w as a job of kind, cancelling a running job of that kind.
func (s *Session) start(kind, name string, w work) *Job {
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.jobID++
	j := &Job{s: s, gen: s.gen, cancel: cancel, done: make(chan struct{}),
		status: JobStatus{ID: s.jobID, Kind: kind, Name: name}}
	old := s.jobs[kind]
	s.jobs[kind] = j
	s.mu.Unlock()
	if old != nil {
		old.Cancel()
	}
	s.emit(Event{Changed: ChangedJob, Job: j.Status()})
	go j.run(ctx, w)
	return j
}

func (j *Job) run(ctx context.Context, w work) {
	defer close(j.done)
	defer j.cancel()
	apply, result, err := j.safeWork(ctx, w)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	var changed Change
	s := j.s
	s.mu.Lock()
	switch {
	case err != nil:
	case s.gen != j.gen:
		err = ErrStale
	case apply != nil:
		changed = apply()
	}
	if s.jobs[j.status.Kind] == j {
		delete(s.jobs, j.status.Kind)
	}
	s.mu.Unlock()
	j.mu.Lock()
	j.status.Done, j.status.Err = true, err
	if err == nil {
		j.status.Progress, j.status.Result = 1, result
	}
	st := j.status
	j.mu.Unlock()
	s.emit(Event{Changed: changed | ChangedJob, Job: st})
}

// safeWork runs w, turning a panic in it into the job's error: a bug in
// one analysis must not take the window down.
func (j *Job) safeWork(ctx context.Context, w work) (apply func() Change, result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: internal error: %v", j.status.Name, r)
		}
	}()
	return w(ctx, j.progress)
}

// progress records the fraction done and emits it, at most every
// progressInterval.
func (j *Job) progress(f float64) {
	j.mu.Lock()
	if time.Since(j.last) < progressInterval && f < 1 {
		j.mu.Unlock()
		return
	}
	j.last = time.Now()
	j.status.Progress = f
	st := j.status
	j.mu.Unlock()
	j.s.emit(Event{Changed: ChangedJob, Job: st})
}

// Cancel stops the running job of kind, if any.
func (s *Session) Cancel(kind string) {
	s.mu.Lock()
	j := s.jobs[kind]
	s.mu.Unlock()
	if j != nil {
		j.Cancel()
	}
}

// Running returns the status of each job under way.
func (s *Session) Running() []JobStatus {
	s.mu.Lock()
	jobs := make([]*Job, 0, len(s.jobs))
	for _, j := range s.jobs {
		jobs = append(jobs, j)
	}
	s.mu.Unlock()
	out := make([]JobStatus, len(jobs))
	for i, j := range jobs {
		out[i] = j.Status()
	}
	return out
}

// cancelAll stops every job (a new space is opened). Called with s.mu held.
func (s *Session) cancelAllLocked() {
	for _, j := range s.jobs {
		j.cancel()
	}
}

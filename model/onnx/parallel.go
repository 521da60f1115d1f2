package onnx

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Intra-op parallelism: one operator of one run (a convolution's output
// columns, a GEMM's) split over several threads, so that a single sample
// uses every core. Workers are long-lived goroutines shared by all
// sessions; a run hands its work only to workers idle at that moment and
// does the rest itself, so concurrent sessions (DecodeBatch's) never wait
// on each other and nothing allocates per run.

// A rangeJob is work over the indices [0, n) that may be cut into chunks
// run at once on different threads. Chunks write disjoint output, so the
// result does not depend on how the range is cut.
type rangeJob interface{ do(lo, hi int) }

// parTask is one parallel call: its chunks are claimed from next by the
// caller and the workers that took the task.
type parTask struct {
	job      rangeJob
	n, chunk int
	next     atomic.Int64
	wg       sync.WaitGroup
}

// work claims and runs chunks until none is left.
func (t *parTask) work() {
	for {
		lo := int(t.next.Add(int64(t.chunk))) - t.chunk
		if lo >= t.n {
			return
		}
		t.job.do(lo, min(lo+t.chunk, t.n))
	}
}

// workers is the shared pool: tasks is unbuffered, so a send succeeds
// only when a worker is waiting for work.
var workers struct {
	mu    sync.Mutex
	n     int
	tasks chan *parTask
}

// ensureWorkers starts workers until there are at least n.
func ensureWorkers(n int) {
	workers.mu.Lock()
	defer workers.mu.Unlock()
	if workers.tasks == nil {
		workers.tasks = make(chan *parTask)
	}
	for ; workers.n < n; workers.n++ {
		go func(tasks chan *parTask) {
			for t := range tasks {
				t.work()
				t.wg.Done()
			}
		}(workers.tasks)
	}
}

// SetThreads bounds the threads one run of s may use; n ≤ 0 means
// GOMAXPROCS (the default). Results do not depend on it.
func (s *Session) SetThreads(n int) { s.threads = n }

// threadCount is the threads a run may use.
func (s *Session) threadCount() int {
	if s == nil {
		return 1
	}
	if s.threads > 0 {
		return s.threads
	}
	return runtime.GOMAXPROCS(0)
}

// minChunkWork is the least work (multiply-adds) worth handing to another
// thread: below it waking a worker costs more than it saves.
const minChunkWork = 1 << 17

// parallel runs job over [0, n), where one index costs about cost
// multiply-adds, on up to s's thread count. Small jobs run on the calling
// goroutine alone.
func (s *Session) parallel(job rangeJob, n, cost int) {
	threads := s.threadCount()
	if threads <= 1 || n <= 1 || n*cost < 2*minChunkWork {
		job.do(0, n)
		return
	}
	// About four chunks a thread balance the load without making chunks
	// so small that they cost more to hand out than to run.
	chunk := max(ceilDiv(n, 4*threads), ceilDiv(minChunkWork, max(1, cost)))
	chunks := ceilDiv(n, chunk)
	if chunks <= 1 {
		job.do(0, n)
		return
	}
	ensureWorkers(threads - 1)
	t := &s.task
	t.job, t.n, t.chunk = job, n, chunk
	t.next.Store(0)
post:
	for i := 1; i < min(threads, chunks); i++ {
		t.wg.Add(1)
		select {
		case workers.tasks <- t:
		default:
			t.wg.Done()
			break post // no worker is idle: do the rest here
		}
	}
	t.work()
	t.wg.Wait()
	t.job = nil
}

// regions returns a channel holding the scratch region indices 0..n-1,
// for a job whose chunks each take a region while they run.
func (s *Session) regions(n int) chan int {
	var c chan int
	if s != nil && cap(s.free) >= n {
		c = s.free
	} else {
		c = make(chan int, n)
		if s != nil {
			s.free = c
		}
	}
	for len(c) > 0 {
		<-c
	}
	for i := 0; i < n; i++ {
		c <- i
	}
	return c
}

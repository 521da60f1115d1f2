package onnx

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Intra-op parallelism: one operator of one run (a convolution's output
// columns, a GEMM's) split over several threads, so that a single sample
// uses every core. Workers are long-lived goroutines shared by all
// sessions; a run offers its work to the workers idle at that moment and
// does the rest itself, so concurrent sessions (DecodeBatch's) never wait
// on each other and nothing allocates per run.
//
// Waking a parked goroutine on another core takes about 11 µs on a
// virtual machine (measured here: a channel send to a parked receiver),
// as long as a whole GEMM of a transformer layer on one core. So a worker
// that finishes a task spins for a while (spinTime) watching for the next
// offer before it parks, and a run whose own chunks are done spins until
// the workers that joined it finish theirs: between the operators of one
// run, handing out work costs well under a microsecond. Spinning yields
// the processor (runtime.Gosched) every few dozen turns, so it never keeps
// another goroutine from running for long.

// A rangeJob is work over the indices [0, n) that may be cut into chunks
// run at once on different threads. Chunks write disjoint output, so the
// result does not depend on how the range is cut.
type rangeJob interface{ do(lo, hi int) }

// parTask is one parallel call: its chunks are claimed from next by the
// caller and the workers that joined the task. seats is how many more
// workers may join; done counts the joined workers that have finished.
// A worker may hold a task after its call has ended, even into the
// session's next call: it joins only through seats, which the caller
// publishes after every other field.
type parTask struct {
	job      rangeJob
	n, chunk int
	next     atomic.Int64
	seats    atomic.Int64
	done     atomic.Int64
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

// join takes a seat of t, if one is left.
func (t *parTask) join() bool {
	for {
		s := t.seats.Load()
		if s <= 0 {
			return false
		}
		if t.seats.CompareAndSwap(s, s-1) {
			return true
		}
	}
}

// spinTime is how long a worker watches for an offer before it parks; a
// spinning goroutine looks at the clock every spinYield turns and yields
// the processor every spinYield·spinYields (about every half
// millisecond: so, in effect, a worker never does before it parks).
// Yielding often made runs after an idle spell slow: after a 100 ms
// sleep, a transformer's first four runs at 2 threads took 1.9–2.7 ms
// yielding every 64 or 1024 turns, against 1.0 once warm and 1.4, 1.15,
// 1.04 yielding this rarely (Gosched puts the goroutine on the global
// queue, where the runtime's idle threads, woken to look for work, take
// it over from thread to thread).
const (
	spinTime   = 200 * time.Microsecond
	spinYield  = 64
	spinYields = 4096
)

// workers is the shared pool. offer is the latest task with seats, for
// spinning workers; tasks reaches parked ones (unbuffered, so a send
// succeeds only when a worker is waiting); spinning counts the workers
// watching offer.
var workers struct {
	mu       sync.Mutex
	n        int
	tasks    chan *parTask
	offer    atomic.Pointer[parTask]
	spinning atomic.Int32
}

// ensureWorkers starts workers until there are at least n.
func ensureWorkers(n int) {
	workers.mu.Lock()
	defer workers.mu.Unlock()
	if workers.tasks == nil {
		workers.tasks = make(chan *parTask)
	}
	for ; workers.n < n; workers.n++ {
		go worker(workers.tasks)
	}
}

// worker runs offered tasks: those it sees while spinning, else those
// sent to it once parked.
func worker(tasks chan *parTask) {
	for {
		t := watch()
		if t == nil {
			t = <-tasks
		}
		if t.join() {
			t.work()
			t.done.Add(1)
		}
	}
}

// watch spins for up to spinTime waiting for an offer with a seat left,
// and returns it, or nil.
func watch() *parTask {
	workers.spinning.Add(1)
	defer workers.spinning.Add(-1)
	start := time.Now()
	for i := 1; ; i++ {
		if t := workers.offer.Load(); t != nil && t.seats.Load() > 0 {
			return t
		}
		if i%spinYield == 0 {
			if time.Since(start) > spinTime {
				return nil
			}
			if i%(spinYield*spinYields) == 0 {
				runtime.Gosched()
			}
		}
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
	if chunks < 4*threads && chunks%threads != 0 {
		// Few chunks: a whole number a thread, so that no thread runs one
		// more than the others (three chunks on two threads take the time
		// of two; two larger ones, of one and a half).
		chunks = max(threads, chunks-chunks%threads)
		chunk = ceilDiv(n, chunks)
		chunks = ceilDiv(n, chunk)
	}
	ensureWorkers(threads - 1)
	t := &s.task
	t.job, t.n, t.chunk = job, n, chunk
	t.next.Store(0)
	t.done.Store(0)
	want := min(threads, chunks) - 1
	t.seats.Store(int64(want))
	workers.offer.Store(t)
	// Wake parked workers for the seats the spinning ones will not fill.
post:
	for i := int(workers.spinning.Load()); i < want; i++ {
		select {
		case workers.tasks <- t:
		default:
			break post // no worker is parked: do the rest here
		}
	}
	t.work()
	joined := int64(want) - t.seats.Swap(0)
	workers.offer.CompareAndSwap(t, nil)
	for i := 1; t.done.Load() < joined; i++ {
		if i%(spinYield*spinYields) == 0 {
			runtime.Gosched() // a joined worker runs its last chunk
		}
	}
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

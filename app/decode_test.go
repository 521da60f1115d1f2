package app

import (
	"context"
	"sync"
	"testing"
	"time"
)

// slowDecoder copies z to the output after a delay, counting calls.
type slowDecoder struct {
	delay time.Duration
	mu    sync.Mutex
	calls int
}

func (d *slowDecoder) LatentDim() int     { return 1 }
func (d *slowDecoder) OutputShape() []int { return []int{1} }
func (d *slowDecoder) Decode(z, dst []float32) ([]float32, error) {
	d.mu.Lock()
	d.calls++
	d.mu.Unlock()
	time.Sleep(d.delay)
	return append(dst[:0], z...), nil
}

func TestDecodeLoopLatestWins(t *testing.T) {
	dec := &slowDecoder{delay: 20 * time.Millisecond}
	results := make(chan float32, 100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := newDecodeLoop(ctx, dec, func(z, out []float32, err error) { results <- out[0] })
	for i := range 50 {
		l.Request([]float64{float64(i)})
	}
	var last float32
	for last != 49 {
		select {
		case last = <-results:
		case <-time.After(5 * time.Second):
			t.Fatal("the last request was never decoded")
		}
	}
	dec.mu.Lock()
	defer dec.mu.Unlock()
	if dec.calls > 5 {
		t.Errorf("%d decodes for 50 quick requests: intermediate values were queued, not dropped", dec.calls)
	}
}

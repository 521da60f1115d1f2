package app

import (
	"context"
	"sync"

	"github.com/latent-explorer/latent/model"
)

// Decoder is what the explorer needs of a decoder: one latent vector in,
// one decoded item out. *model.Decoder satisfies it.
type Decoder interface {
	LatentDim() int
	OutputShape() []int
	Decode(z []float32, dst []float32) ([]float32, error)
}

// decodeLoop decodes latent vectors off the UI goroutine. Requests made
// faster than the decoder runs are dropped, not queued: the latest wins.
type decodeLoop struct {
	dec  Decoder
	done func(z, out []float32, err error) // called on the loop's goroutine

	mu      sync.Mutex
	pending []float32 // latest request not yet taken, or nil
	wake    chan struct{}
}

// newDecodeLoop starts a loop that calls done with each decoded result
// until ctx is cancelled.
func newDecodeLoop(ctx context.Context, dec Decoder, done func(z, out []float32, err error)) *decodeLoop {
	l := &decodeLoop{dec: dec, done: done, wake: make(chan struct{}, 1)}
	go l.run(ctx)
	return l
}

// Request asks for z to be decoded; it replaces any request not yet started.
func (l *decodeLoop) Request(z []float64) {
	v := make([]float32, len(z))
	for i, x := range z {
		v[i] = float32(x)
	}
	l.mu.Lock()
	l.pending = v
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *decodeLoop) take() []float32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	z := l.pending
	l.pending = nil
	return z
}

func (l *decodeLoop) run(ctx context.Context) {
	var out []float32
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		}
		z := l.take()
		if z == nil {
			continue
		}
		var err error
		out, err = l.dec.Decode(z, out)
		// The receiver gets its own copy: out is reused by the next decode.
		l.done(z, append([]float32(nil), out...), err)
	}
}

// loadDecoder loads the space's decoder with its [decoding] spec; a
// space without one has none.
func loadDecoder(s *model.Space) (Decoder, error) {
	if s.DecoderPath() == "" {
		return nil, nil
	}
	d, err := s.LoadDecoder()
	if err != nil {
		return nil, err
	}
	return d, nil
}

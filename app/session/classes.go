package session

import (
	"fmt"
	"math"
	"slices"
	"sync/atomic"

	"github.com/latent-explorer/latent/model"
)

// classDecoder is a class-conditional decoder; *model.Decoder is one
// when its model has a class input.
type classDecoder interface {
	Decoder
	Classes() int
	DecodeClass(z []float32, class int, dst []float32) ([]float32, error)
}

// pickedClass decodes with the state's class (State.Class). Decoding
// goroutines read the class; SetClass sets it.
type pickedClass struct {
	classDecoder
	names []string
	class atomic.Int64
}

// Decode implements Decoder with the picked class.
func (p *pickedClass) Decode(z, dst []float32) ([]float32, error) {
	return p.DecodeClass(z, int(p.class.Load()), dst)
}

// DecodeBatch decodes n vectors in the picked class, in one batch when
// the decoder can (model.DecodeAll uses it for grids and thumbnails).
func (p *pickedClass) DecodeBatch(z []float32, n int, dst []float32) ([]float32, error) {
	class := int(p.class.Load())
	if b, ok := p.classDecoder.(interface {
		DecodeBatchClass(z []float32, n int, classes []int, dst []float32) ([]float32, error)
	}); ok {
		return b.DecodeBatchClass(z, n, []int{class}, dst)
	}
	d := len(z) / max(n, 1)
	dst = dst[:0]
	for i := range n {
		out, err := p.DecodeClass(z[i*d:(i+1)*d], class, nil)
		if err != nil {
			return nil, err
		}
		dst = append(dst, out...)
	}
	return dst, nil
}

// withClass returns the decoder a space is opened with: dec itself, or
// for a class-conditional one a decoder of the state's class.
func withClass(sp *model.Space, dec Decoder) Decoder {
	if p, ok := dec.(*pickedClass); ok {
		return p // reopened with the decoder it already had
	}
	cd, ok := dec.(classDecoder)
	if !ok || cd.Classes() == 0 {
		return dec
	}
	return &pickedClass{classDecoder: cd, names: sp.ClassNames(cd.Classes())}
}

// checkClass refuses a class the decoder does not have.
func checkClass(dec Decoder, class int) error {
	p, _ := dec.(*pickedClass)
	switch {
	case p == nil && class != 0:
		return fmt.Errorf("class %d: the decoder is not class-conditional", class)
	case p != nil && (class < 0 || class >= len(p.names)):
		return fmt.Errorf("class %d: the decoder has classes 0 to %d", class, len(p.names)-1)
	}
	return nil
}

// ClassNames returns the classes of a class-conditional decoder by name
// (the manifest's class_names, else from the labels), or nil.
func (s *Session) ClassNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.dec.(*pickedClass); ok {
		return slices.Clone(p.names)
	}
	return nil
}

// SetClass makes a class-conditional decoder decode class k (an index
// into ClassNames); it emits ChangedClass. The caller asks for the
// decodes it wants again.
func (s *Session) SetClass(k int) error {
	var err error
	s.change(func() Change {
		if err = checkClass(s.dec, k); err != nil || s.st.Class == k {
			return 0
		}
		s.st.Class = k
		s.dec.(*pickedClass).class.Store(int64(k))
		return ChangedClass
	})
	return err
}

// ClassOf returns the class of point i's label, when the labels are the
// classes of a class-conditional decoder (an integer in range, or one of
// the class names).
func (s *Session) ClassOf(i int) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return classOf(s.space, s.dec, i)
}

func classOf(sp *model.Space, dec Decoder, i int) (int, bool) {
	p, _ := dec.(*pickedClass)
	if p == nil || sp == nil || sp.Manifest.Labels == "" || sp.Meta == nil || len(sp.Meta.Columns) == 0 {
		return 0, false
	}
	col := sp.Meta.Columns[0]
	if i < 0 || i >= col.Len() {
		return 0, false
	}
	if col.Numeric() {
		if v := col.Numbers[i]; v == math.Trunc(v) && v >= 0 && v < float64(len(p.names)) {
			return int(v), true
		}
		return 0, false
	}
	k := slices.Index(p.names, col.Strings[i])
	return k, k >= 0
}

package session

import (
	"context"
	"errors"
	"slices"

	"github.com/latent-explorer/latent/model"
)

// Diagnose computes per-dimension diagnostics of the codes
// (model.DiagnoseSpace): the variance and, when the space's encoder gives
// log-variances and the space has its data, the mean KL to the prior. The
// result is a *model.Diagnostics.
func (s *Session) Diagnose() *Job {
	return s.start("diagnostics", "dimension diagnostics", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		sp := s.Space()
		if sp == nil {
			return nil, nil, errors.New("no space open")
		}
		enc, err := s.Encoder()
		if err != nil && !errors.Is(err, ErrNoEncoder) {
			return nil, nil, err
		}
		m, _ := enc.(*model.Encoder)
		d, err := model.DiagnoseSpace(ctx, sp, m, progress)
		return nil, d, err
	})
}

// SliderOrder returns the latent dimensions in the order the dimension
// sliders show them.
func (s *Session) SliderOrder() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stats == nil {
		return nil
	}
	return slices.Clone(s.stats.Order)
}

// SetSliderOrder shows the dimension sliders in order, a permutation of
// the dimensions that key by made (model.Diagnostics.Order makes one by
// variance, KL or index). Traversal grids take their first dimensions
// from it too. The order is part of the state (Sliders.Order).
func (s *Session) SetSliderOrder(by string, order []int) error {
	var err error
	order = slices.Clone(order)
	s.change(func() Change {
		switch {
		case s.stats == nil:
			err = errors.New("no space open")
			return 0
		case !isPermutation(order, len(s.stats.Order)):
			err = errors.New("slider order: not a permutation of the dimensions")
			return 0
		}
		st := *s.stats // jobs may hold the old one: copy, never write it
		st.Order = order
		s.stats = &st
		s.st.Sliders.Order, s.st.Sliders.OrderBy = slices.Clone(order), by
		return ChangedSliders
	})
	return err
}

func isPermutation(p []int, n int) bool {
	if len(p) != n {
		return false
	}
	seen := make([]bool, n)
	for _, v := range p {
		if v < 0 || v >= n || seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}

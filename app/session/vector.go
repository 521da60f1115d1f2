package session

import (
	"fmt"
	"slices"
)

// Axis is one slider's name and range.
type Axis struct {
	Name     string
	Min, Max float64
}

// SliderAxes returns the sliders of the current mode: one per latent
// dimension by decreasing variance (±3 standard deviations), or one per
// direction (±3 standard deviations of the codes along it).
func (s *Session) SliderAxes() []Axis {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.space == nil {
		return nil
	}
	if s.st.Sliders.Mode == DirectionsMode {
		axes := make([]Axis, len(s.st.Directions))
		for i, dir := range s.st.Directions {
			sd := dir.Scale
			if sd == 0 {
				sd = 1
			}
			axes[i] = Axis{Name: dir.Name, Min: -3 * sd, Max: 3 * sd}
		}
		return axes
	}
	shown := s.shownDimsLocked()
	axes := make([]Axis, len(shown))
	for i, d := range shown {
		mean, sd := s.stats.Mean[d], s.stats.Std[d]
		if sd == 0 {
			sd = s.prior.Std()
		}
		axes[i] = Axis{Name: fmt.Sprintf("z%-3d", d), Min: mean - 3*sd, Max: mean + 3*sd}
	}
	return axes
}

// SliderValues returns the sliders' values in the current mode.
func (s *Session) SliderValues() []float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.space == nil {
		return nil
	}
	if s.st.Sliders.Mode == DirectionsMode {
		return slices.Clone(s.st.Sliders.Coeffs)
	}
	shown := s.shownDimsLocked()
	v := make([]float64, len(shown))
	for i, d := range shown {
		v[i] = s.st.Sliders.Z[d]
	}
	return v
}

// shownDimsLocked are the dimensions the per-dimension sliders show.
func (s *Session) shownDimsLocked() []int {
	if s.st.Sliders.Dims != nil {
		return s.st.Sliders.Dims
	}
	return s.stats.Order
}

// SetSliderDims shows per-dimension sliders for dims, in order (nil for
// every dimension by variance), switching to DimensionsMode.
func (s *Session) SetSliderDims(dims []int) {
	dims = slices.Clone(dims)
	s.change(func() Change {
		if s.space == nil {
			return 0
		}
		for _, d := range dims {
			if d < 0 || d >= s.space.Codes.D {
				return 0
			}
		}
		s.st.Sliders.Dims = dims
		s.st.Sliders.Mode = DimensionsMode
		s.rebaseLocked()
		return ChangedSliders
	})
}

// Vector returns the current latent vector.
func (s *Session) Vector() []float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.Sliders.Z)
}

// SetSliderMode switches the sliders between DimensionsMode and
// DirectionsMode; the direction sliders start at 0 from the current vector.
func (s *Session) SetSliderMode(mode string) {
	s.change(func() Change {
		if s.space == nil || s.st.Sliders.Mode == mode {
			return 0
		}
		s.st.Sliders.Mode = mode
		s.rebaseLocked()
		return ChangedSliders
	})
}

// rebaseLocked makes the current vector the direction sliders' base.
func (s *Session) rebaseLocked() {
	sl := &s.st.Sliders
	if sl.Mode != DirectionsMode {
		sl.Base, sl.Coeffs = nil, nil
		return
	}
	sl.Base = slices.Clone(sl.Z)
	sl.Coeffs = make([]float64, len(s.st.Directions))
}

// SetSlider sets slider i of the current mode to v and moves the vector.
func (s *Session) SetSlider(i int, v float64) {
	s.change(func() Change {
		if s.space == nil {
			return 0
		}
		sl := &s.st.Sliders
		if sl.Mode == DirectionsMode {
			if i < 0 || i >= len(sl.Coeffs) {
				return 0
			}
			sl.Coeffs[i] = v
			copy(sl.Z, sl.Base)
			for k, dir := range s.st.Directions {
				for j := range sl.Z {
					sl.Z[j] += sl.Coeffs[k] * dir.Unit[j]
				}
			}
		} else {
			shown := s.shownDimsLocked()
			if i < 0 || i >= len(shown) {
				return 0
			}
			sl.Z[shown[i]] = v
		}
		s.st.Current = -1
		return ChangedVector
	})
}

// SetVector makes z the current vector (not a data item's code).
func (s *Session) SetVector(z []float64) {
	s.change(func() Change { return s.setVectorLocked(z, -1) })
}

// setVectorLocked makes z the vector, set from point i (or -1).
func (s *Session) setVectorLocked(z []float64, i int) Change {
	if s.space == nil || len(z) != s.space.Codes.D {
		return 0
	}
	copy(s.st.Sliders.Z, z)
	s.rebaseLocked()
	if i >= 0 && s.st.Current >= 0 && s.st.Current != i {
		s.st.Previous = s.st.Current
	}
	s.st.Current = i
	return ChangedVector | ChangedSliders
}

// SelectPoint sets the vector to point i's code; the point clicked before
// becomes Previous (the start of an interpolation).
func (s *Session) SelectPoint(i int) {
	s.change(func() Change {
		if s.space == nil || i < 0 || i >= s.space.Codes.N {
			return 0
		}
		return s.setVectorLocked(s.space.Codes.Vector(i), i)
	})
}

// InvertAt sets the vector to the latent vector at map position (x, y),
// the map's inverse. It reports false when the map has no inverse yet.
func (s *Session) InvertAt(x, y float64) bool {
	ok := false
	s.change(func() Change {
		if s.place == nil {
			return 0
		}
		ok = true
		return s.setVectorLocked(s.place.Invert(x, y, nil), -1)
	})
	return ok
}

// ResetToMean sets the vector to the mean code.
func (s *Session) ResetToMean() {
	s.change(func() Change {
		if s.space == nil {
			return 0
		}
		return s.setVectorLocked(s.stats.Mean, -1)
	})
}

// RandomSample draws the vector from the prior (a seeded source: the
// same draws in every run).
func (s *Session) RandomSample() {
	s.change(func() Change {
		if s.space == nil {
			return 0
		}
		z := make([]float64, s.space.Codes.D)
		s.prior.Sample(s.rng, z)
		return s.setVectorLocked(z, -1)
	})
}

// change runs f under the lock and emits what it changed.
func (s *Session) change(f func() Change) {
	s.mu.Lock()
	c := f()
	s.mu.Unlock()
	s.emit(Event{Changed: c})
}

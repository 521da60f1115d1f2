package session

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/latent-explorer/latent/model"
)

// Select makes idx the selection (a box, a lasso, or nil to clear it).
func (s *Session) Select(idx []int) {
	sel := slices.Clone(idx)
	slices.Sort(sel)
	sel = slices.Compact(sel)
	s.change(func() Change {
		if s.space == nil {
			return 0
		}
		if len(sel) > 0 && (sel[0] < 0 || sel[len(sel)-1] >= s.space.Codes.N) {
			return 0
		}
		s.st.Selection = sel
		return ChangedSelection
	})
}

// SetView records the part of the map shown (zoom and pan).
func (s *Session) SetView(v View) {
	s.change(func() Change {
		if s.st.View == v {
			return 0
		}
		s.st.View = v
		return ChangedView
	})
}

// Groups lists the ways to pick a group of points for an attribute
// vector: the selection and the rest, and each category of each
// categorical column, with their members.
func (s *Session) Groups() (names []string, members map[string][]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	members = map[string][]int{}
	if s.space == nil {
		return nil, members
	}
	if sel := s.st.Selection; len(sel) > 0 {
		names = append(names, "selection", "not selected")
		members["selection"] = slices.Clone(sel)
		members["not selected"] = complement(sel, s.space.Codes.N)
	}
	for _, col := range s.columnsLocked() {
		if !IsCategorical(col) {
			continue
		}
		cat, cats, _ := Categories(col)
		for k, c := range cats {
			key := col.Name + " = " + c
			names = append(names, key)
			for i, v := range cat {
				if v == k {
					members[key] = append(members[key], i)
				}
			}
		}
	}
	return names, members
}

func complement(idx []int, n int) []int {
	in := make([]bool, n)
	for _, i := range idx {
		in[i] = true
	}
	var out []int
	for i := range n {
		if !in[i] {
			out = append(out, i)
		}
	}
	return out
}

// AddAttribute adds the direction from the mean of the codes away to the
// mean of the codes towards, named name, as a slider direction.
func (s *Session) AddAttribute(name string, towards, away []int) error {
	sp := s.Space()
	if sp == nil {
		return errors.New("no space open")
	}
	v, err := model.AttributeVector(sp.Codes, towards, away)
	if err != nil {
		return fmt.Errorf("attribute vector %s: %w", name, err)
	}
	norm := model.Norm(v)
	if norm == 0 {
		return errors.New("the two groups have the same mean: no direction")
	}
	for j := range v {
		v[j] /= norm
	}
	dir := Direction{Name: name, Kind: "attribute", Unit: v, Scale: spreadAlong(sp.Codes, v)}
	s.change(func() Change {
		if s.space != sp {
			return 0
		}
		s.st.Directions = append(s.st.Directions, dir)
		if s.st.Sliders.Mode == DirectionsMode {
			s.st.Sliders.Coeffs = append(s.st.Sliders.Coeffs, 0)
		}
		return ChangedDirections | ChangedSliders
	})
	return nil
}

// Direction returns the named direction's unit vector.
func (s *Session) Direction(name string) ([]float64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.st.Directions {
		if d.Name == name {
			return slices.Clone(d.Unit), true
		}
	}
	return nil, false
}

// spreadAlong is the standard deviation of the codes projected on unit u.
func spreadAlong(c *model.Codes, u []float64) float64 {
	var sum, sum2 float64
	for i := range c.N {
		var p float64
		for j, v := range c.Row(i) {
			p += float64(v) * u[j]
		}
		sum += p
		sum2 += p * p
	}
	n := float64(c.N)
	return math.Sqrt(max(sum2/n-(sum/n)*(sum/n), 0))
}

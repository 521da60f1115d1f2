package session

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// NeighbourQuery is what the neighbours panel asks: the K codes nearest
// point Point (-1: the current vector) under Metric.
type NeighbourQuery struct {
	K      int
	Metric neighbors.Metric
	Point  int
}

// NearestTo is a finished NearestNeighbours job's result.
type NearestTo struct {
	Query NeighbourQuery
	Neighbours
}

// NearestNeighbours finds the codes nearest q's point (which is left out
// of its own list) or the current vector, and selects them, so the map
// highlights them. The result is a *NearestTo.
func (s *Session) NearestNeighbours(q NeighbourQuery) *Job {
	z := s.Vector()
	name := fmt.Sprintf("the %d nearest codes (%s)", q.K, q.Metric)
	return s.start("neighbours", name, func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		x, _, err := s.codes()
		if err != nil {
			return nil, nil, err
		}
		if n, _ := x.Dims(); q.Point >= n {
			return nil, nil, fmt.Errorf("no point %d: the space has %d", q.Point, n)
		}
		if q.Point >= 0 {
			z = x.RawRowView(q.Point)
		}
		idx, dist, err := neighbors.Nearest(ctx, x, z, q.K, q.Metric, q.Point)
		if err != nil {
			return nil, nil, err
		}
		return func() Change {
			s.st.Selection = slices.Sorted(slices.Values(idx))
			return ChangedSelection
		}, &NearestTo{Query: q, Neighbours: Neighbours{Index: idx, Distance: dist}}, nil
	})
}

// Label is point i's label for a list: its value in the column the map
// is coloured by, else in the first metadata column, else "".
func (s *Session) Label(i int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	col := s.columnLocked(s.st.Coloring.Column)
	if col == nil && s.space != nil && s.space.Meta != nil && len(s.space.Meta.Columns) > 0 {
		col = s.space.Meta.Columns[0]
	}
	return CellText(col, i)
}

// MetaLabel is point i's value in the space's first metadata column (its
// label), or "".
func (s *Session) MetaLabel(i int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.space == nil || s.space.Meta == nil || len(s.space.Meta.Columns) == 0 {
		return ""
	}
	return CellText(s.space.Meta.Columns[0], i)
}

// CellText is row i of c as text ("" when c is nil or too short).
func CellText(c *model.Column, i int) string {
	switch {
	case c == nil || i < 0 || i >= c.Len():
		return ""
	case c.Numeric():
		return strconv.FormatFloat(c.Numbers[i], 'g', 6, 64)
	}
	return c.Strings[i]
}

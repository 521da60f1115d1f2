package session

import (
	"image/color"
	"slices"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/render"
)

// The palettes by name: categories, and values.
const (
	CategoricalPalette = "categorical" // render.Categorical (Okabe–Ito up to 8)
	ViridisPalette     = "viridis"     // render.Viridis
)

// Colors is the colouring of the map resolved for drawing: per-point
// categories with their names, palette, sizes and hidden flags, or values
// with their range, or neither (one colour).
type Colors struct {
	Column string
	// Categories (with Names, Palette, Counts, Hidden) or Values (with
	// Lo, Hi) is set, or neither.
	Categories []int
	Names      []string
	Palette    []color.NRGBA
	Counts     []int
	Hidden     []bool
	Values     []float64
	Lo, Hi     float64
}

// defaultColoring colours by the first categorical column (labels).
func defaultColoring(meta *model.Table) Coloring {
	for _, c := range meta.Columns {
		if IsCategorical(c) {
			return Coloring{Column: c.Name, Palette: CategoricalPalette}
		}
	}
	return Coloring{}
}

// Columns returns the metadata columns followed by the analysis columns
// (an analysis column of a metadata column's name replaces it).
func (s *Session) Columns() []*model.Column {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.columnsLocked()
}

func (s *Session) columnsLocked() []*model.Column {
	if s.space == nil {
		return nil
	}
	var out []*model.Column
	for _, c := range s.space.Meta.Columns {
		if !slices.ContainsFunc(s.st.Columns, func(a Column) bool { return a.Name == c.Name }) {
			out = append(out, c)
		}
	}
	for _, a := range s.st.Columns {
		out = append(out, &model.Column{Name: a.Name, Numbers: a.Numbers, Strings: a.Strings})
	}
	return out
}

func (s *Session) columnLocked(name string) *model.Column {
	for _, c := range s.columnsLocked() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// SetColorBy colours the map by the named column ("" for one colour);
// hidden categories are cleared.
func (s *Session) SetColorBy(name string) {
	s.change(func() Change {
		if s.space == nil || name == s.st.Coloring.Column {
			return 0
		}
		s.st.Coloring = Coloring{}
		if c := s.columnLocked(name); c != nil {
			s.st.Coloring = Coloring{Column: name, Palette: ViridisPalette}
			if IsCategorical(c) {
				s.st.Coloring.Palette = CategoricalPalette
			}
		}
		return ChangedColoring
	})
}

// SetHidden hides or shows the points of one category of the colour-by
// column.
func (s *Session) SetHidden(category string, hidden bool) {
	s.change(func() Change {
		h := s.st.Coloring.Hidden
		i := slices.Index(h, category)
		switch {
		case hidden && i < 0:
			h = append(h, category)
			slices.Sort(h)
		case !hidden && i >= 0:
			h = slices.Delete(h, i, i+1)
		default:
			return 0
		}
		s.st.Coloring.Hidden = h
		return ChangedColoring
	})
}

// Colors resolves the colouring for drawing (the GUI adapts the palette
// to a dark theme; figures are on white and use it as is).
func (s *Session) Colors() Colors {
	s.mu.Lock()
	col := s.columnLocked(s.st.Coloring.Column)
	hidden := slices.Clone(s.st.Coloring.Hidden)
	s.mu.Unlock()
	if col == nil {
		return Colors{}
	}
	out := Colors{Column: col.Name}
	if !IsCategorical(col) {
		out.Values = col.Numbers
		out.Lo, out.Hi = render.ValueRange(col.Numbers)
		return out
	}
	out.Categories, out.Names, out.Counts = Categories(col)
	out.Palette = render.Categorical(len(out.Names))
	out.Hidden = make([]bool, len(out.Names))
	for k, n := range out.Names {
		out.Hidden[k] = slices.Contains(hidden, n)
	}
	return out
}

// AddColumn adds an analysis column (replacing one of its name) and
// colours the map by it.
func (s *Session) AddColumn(c Column) {
	s.change(func() Change { return s.addColumnLocked(c) })
}

func (s *Session) addColumnLocked(c Column) Change {
	s.st.Columns = slices.DeleteFunc(s.st.Columns, func(a Column) bool { return a.Name == c.Name })
	s.st.Columns = append(s.st.Columns, c)
	s.st.Coloring = Coloring{Column: c.Name, Palette: ViridisPalette}
	if IsCategorical(&model.Column{Name: c.Name, Numbers: c.Numbers, Strings: c.Strings}) {
		s.st.Coloring.Palette = CategoricalPalette
	}
	return ChangedColumns | ChangedColoring
}

package export

import (
	"fmt"
	"image/color"

	"github.com/latent-explorer/latent/viz/render"
)

// SetCategories colours the map by categories: label heads the legend,
// cat[i] is point i's category (an index into names; -1 is missing) and
// noise is the index of the noise category, drawn in render.NoiseColor,
// or -1 for none. The other categories take render.Categorical's colours
// in order (render.CategoryPalette), as the window's map does.
func (m *Map) SetCategories(label string, cat []int, names []string, noise int) {
	m.ColorLabel, m.Categories, m.CategoryNames = label, cat, names
	m.Values = nil
	m.Palette = render.CategoryPalette(len(names), noise)
}

// SetValues colours the map by values through its ColorMap, with a colour
// bar headed label.
func (m *Map) SetValues(label string, v []float64) {
	m.ColorLabel, m.Values = label, v
	m.Categories, m.CategoryNames, m.Palette = nil, nil, nil
}

// A LegendEntry is one line of a figure's legend: a category's name (as
// drawn, long names shortened) and colour.
type LegendEntry struct {
	Name  string
	Color color.NRGBA
}

// Legend returns the heading and entries of the legend the figure draws,
// in order: the visible categories, then "(missing)" when some points
// have none. A map coloured by values or not at all has no entries.
func (m *Map) Legend() (heading string, entries []LegendEntry, err error) {
	if err := m.validate(); err != nil {
		return "", nil, err
	}
	s := m.resolve()
	if s.Categories == nil {
		return s.ColorLabel, nil, nil
	}
	l := newLegend(s)
	entries = make([]LegendEntry, len(l.names))
	for i, name := range l.names {
		entries[i] = LegendEntry{name, l.colors[i]}
	}
	return l.heading, entries, nil
}

// String writes the entry as "name #rrggbb".
func (e LegendEntry) String() string {
	return fmt.Sprintf("%s #%02x%02x%02x", e.Name, e.Color.R, e.Color.G, e.Color.B)
}

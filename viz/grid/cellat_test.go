package grid

import (
	"image"
	"testing"
)

func TestCellAtInvertsCellRect(t *testing.T) {
	l := NewLayout(3, 4, 10, []string{"z0", "z1", "z2"}, []string{"a", "b", "c", "d"})
	for i := range 3 {
		for j := range 4 {
			r := l.CellRect(i, j)
			for _, p := range []image.Point{r.Min, r.Max.Sub(image.Pt(1, 1))} {
				if gi, gj, ok := l.CellAt(p); !ok || gi != i || gj != j {
					t.Errorf("CellAt(%v) = %d, %d, %v; want cell (%d, %d)", p, gi, gj, ok, i, j)
				}
			}
			if _, _, ok := l.CellAt(r.Max); ok && i == 2 && j == 3 {
				t.Errorf("CellAt(%v), past the last cell, found one", r.Max)
			}
		}
	}
	for _, p := range []image.Point{{0, 0}, {l.Left - 1, l.Top + Gutter + 2}, l.Size()} {
		if i, j, ok := l.CellAt(p); ok {
			t.Errorf("CellAt(%v) = (%d, %d) on a label or outside", p, i, j)
		}
	}
}

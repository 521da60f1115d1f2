package render

import (
	"math"
	"testing"
)

func TestViewRoundTrip(t *testing.T) {
	v := View{-2, 6, 1, 3}
	px, py := v.ToPixel(0, 2.5, 400, 100)
	if px != 100 || py != 25 {
		t.Errorf("ToPixel = (%g, %g), want (100, 25)", px, py)
	}
	x, y := v.ToData(px, py, 400, 100)
	if x != 0 || y != 2.5 {
		t.Errorf("ToData = (%g, %g), want (0, 2.5)", x, y)
	}
}

func TestViewZoomKeepsCursorPoint(t *testing.T) {
	v := View{0, 10, 0, 5}
	z := v.Zoom(30, 70, 2, 100, 100)
	x0, y0 := v.ToData(30, 70, 100, 100)
	x1, y1 := z.ToData(30, 70, 100, 100)
	if math.Abs(x0-x1) > 1e-12 || math.Abs(y0-y1) > 1e-12 {
		t.Errorf("point under cursor moved from (%g, %g) to (%g, %g)", x0, y0, x1, y1)
	}
	if math.Abs(z.Width()-5) > 1e-12 || math.Abs(z.Height()-2.5) > 1e-12 {
		t.Errorf("zoomed size %g × %g, want 5 × 2.5", z.Width(), z.Height())
	}
}

func TestViewPanFollowsDrag(t *testing.T) {
	v := View{0, 10, 0, 10}
	p := v.Pan(10, 20, 100, 100) // drag right and down
	if p != (View{-1, 9, 2, 12}) {
		t.Errorf("Pan = %+v, want {-1 9 2 12}", p)
	}
}

func TestFitViewAndAspect(t *testing.T) {
	v := FitView([]float64{0, 0, 10, 2, math.NaN(), 100}, 0.1)
	if v != (View{-1, 11, -0.2, 2.2}) {
		t.Errorf("FitView = %+v", v)
	}
	if got := FitView([]float64{3, 3}, 0.1); got != (View{2.5, 3.5, 2.5, 3.5}) {
		t.Errorf("FitView(one point) = %+v", got)
	}
	a := View{0, 10, 0, 2}.WithAspect(100, 100)
	if a != (View{0, 10, -4, 6}) {
		t.Errorf("WithAspect = %+v, want {0 10 -4 6}", a)
	}
}

package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"
)

// TestDiagnosticsPanel makes dimension 2 of the test space nearly
// constant: the panel lists four variances, flags dimension 2 inactive,
// has no KL without an encoder, and orders the sliders by index and by
// variance.
func TestDiagnosticsPanel(t *testing.T) {
	s := testSpace(t, true)
	for i := range s.Codes.N {
		s.Codes.Data[i*4+2] = float32(i%2) * 1e-3
	}
	e := openTest(t, s)
	p := e.diagnose
	p.compute()
	waitUntil(t, e, "the diagnostics", func() bool { return p.shown == 1 })
	if p.list.Length() != 4 || p.diag.HasKL {
		t.Fatalf("%d rows, KL %v; want 4 rows and no KL", p.list.Length(), p.diag.HasKL)
	}
	for j, x := range p.diag.Dims {
		if x.Inactive != (j == 2) {
			t.Errorf("dimension %d inactive %v", j, x.Inactive)
		}
	}
	if text := dimText(p.diag.Dims[2]); !strings.HasSuffix(text, "inactive") || !strings.HasPrefix(text, "z2  variance 2.5") {
		t.Errorf("row 2 reads %q", text)
	}
	if !strings.HasPrefix(p.label.Text, "3 of 4 dimensions active") {
		t.Errorf("summary %q", p.label.Text)
	}
	if b := p.chart.Image.Bounds(); b.Dx() != 640 {
		t.Errorf("chart %v", b)
	}
	var names []string
	for _, o := range p.axis.Objects {
		names = append(names, o.(*canvas.Text).Text)
	}
	if want := []string{"z0", "z1", "z2", "z3"}; !slices.Equal(names, want) {
		t.Errorf("bars named %q, want %q", names, want)
	}
	p.order.SetSelected("index")
	queue(e).drain()
	if got := e.core.SliderOrder(); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("slider order by index %v", got)
	}
	if got := e.sliders.panel.Len(); got != 4 {
		t.Errorf("%d sliders", got)
	}
	p.order.SetSelected("variance")
	queue(e).drain()
	if got := e.core.SliderOrder(); got[3] != 2 {
		t.Errorf("slider order by variance %v: the inactive dimension 2 should come last", got)
	}
	// KL needs log-variances: refused with a dialog, the order kept.
	p.order.SetSelected("kl")
	waitDialog(t, e, "the KL order's error")
	if p.orders != 2 {
		t.Errorf("%d orders applied, want 2", p.orders)
	}
}

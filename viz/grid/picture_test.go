package grid

import (
	"image"
	"slices"
	"testing"
)

func TestPictureGridAndFrames(t *testing.T) {
	// 2 rows × 3 columns; cell (i, j) has grey level 40·(3i+j+1).
	var cells []image.Image
	for k := range 6 {
		cells = append(cells, solid(4, 4, grey(uint8(40*(k+1)))))
	}
	p := NewGrid(cells, DimensionLabels([]int{3, 7}), ValueLabels([]float64{-3, 0, 1.5}, "σ"))
	img := p.Image(10)
	l := NewLayout(2, 3, 10, []string{"z3", "z7"}, []string{"-3σ", "0σ", "+1.5σ"})
	if img.Bounds().Size() != l.Size() {
		t.Fatalf("grid %v, layout %v", img.Bounds().Size(), l.Size())
	}
	if c := img.NRGBAAt(l.CellRect(1, 2).Min.X+5, l.CellRect(1, 2).Min.Y+5); c != grey(240) {
		t.Errorf("cell (1, 2) is %v, want grey 240", c)
	}
	frames := p.Frames(10)
	if len(frames) != 3 {
		t.Fatalf("%d frames, want one per column (3)", len(frames))
	}
	// Frame j holds column j's two cells side by side: grey 40(j+1) and 40(j+4).
	fl := NewLayout(1, 2, 10, []string{"+1.5σ"}, []string{"z3", "z7"})
	for j, f := range frames {
		if f.Bounds().Size() != fl.Size() {
			t.Errorf("frame %d is %v, want %v for every frame", j, f.Bounds().Size(), fl.Size())
		}
		for i := range 2 {
			r := fl.CellRect(0, i)
			if c := f.(*image.NRGBA).NRGBAAt(r.Min.X+5, r.Min.Y+5); c != grey(uint8(40*(3*i+j+1))) {
				t.Errorf("frame %d cell %d is %v, want grey %d", j, i, c, 40*(3*i+j+1))
			}
		}
	}
}

func TestPictureStrip(t *testing.T) {
	cells := []image.Image{solid(2, 2, grey(10)), solid(2, 2, grey(20)), solid(2, 2, grey(30))}
	p := NewStrip(cells, FractionLabels([]float64{0, 0.5, 1}))
	if r, c := p.Dims(); r != 1 || c != 3 {
		t.Errorf("dims %d×%d, want 1×3", r, c)
	}
	if got, want := p.Image(8).Bounds(), Strip(cells, []string{"0", "0.5", "1"}, 8).Bounds(); got != want {
		t.Errorf("strip %v, want %v", got, want)
	}
	if f := p.Frames(8); len(f) != 3 || f[2].Bounds() != Strip(cells[2:], []string{"t=1"}, 8).Bounds() {
		t.Errorf("strip frames: %d", len(f))
	}
}

func TestLabels(t *testing.T) {
	if got, want := ValueLabels([]float64{-3, 0, 1.25, 2.0001}, ""), []string{"-3", "0", "+1.25", "+2"}; !slices.Equal(got, want) {
		t.Errorf("ValueLabels = %q, want %q", got, want)
	}
	if got, want := FractionLabels([]float64{0, 1.0 / 3, 2.0 / 3, 1}), []string{"0", "0.33", "0.67", "1"}; !slices.Equal(got, want) {
		t.Errorf("FractionLabels = %q, want %q", got, want)
	}
}

func TestCheckSize(t *testing.T) {
	if err := CheckSize(10, 9, 56); err != nil {
		t.Errorf("a 10×9 grid of 56 px: %v", err)
	}
	// 200 columns of 512+2 px are 102,800 px wide, beyond GIF's 65,535.
	if err := CheckSize(1, 200, 512); err == nil {
		t.Error("a grid 102,800 pixels wide was accepted")
	}
	// 256 × 256 px cells in 60 × 60: 15,480² ≈ 2.4e8 pixels > 2^27.
	if err := CheckSize(60, 60, 256); err == nil {
		t.Error("a grid of 2.4e8 pixels was accepted")
	}
}

func TestPlotsShareTheRange(t *testing.T) {
	// Two vectors on the common range [0, 4]: the second, constant at 4,
	// draws its line at the top of the inner area, the first starts at
	// the bottom.
	cells := Plots([]float32{0, 2, 4, 4}, 2, 16)
	top := cells[1].(*image.NRGBA)
	if c := top.NRGBAAt(8, 2); c != plotLine {
		t.Errorf("the constant 4 is not drawn at the top: %v", c)
	}
	first := cells[0].(*image.NRGBA)
	if c := first.NRGBAAt(2, 13); c != plotLine {
		t.Errorf("the first vector's 0 is not at the bottom: %v", c)
	}
}

package projection

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
)

// CustomAxes is a map with custom axes: a code z lands at (z·u, z·v) for two
// directions u and v in latent space, such as attribute vectors (the mean
// code of one group minus another's). Place is exact. Invert returns the
// code nearest the fitted mean that lands on the given position: the mean
// moved by the least-squares (minimum-norm) step within span{u, v}.
type CustomAxes struct {
	u, v []float64
	// gInv is the inverse of the 2×2 Gram matrix [u·u u·v; u·v v·v].
	gInv [4]float64
	// Mean is the mean of the fitted codes (zero before Fit).
	Mean []float64
}

// NewCustomAxes returns the map with directions u and v. It returns an error if
// their lengths differ, either is zero or not finite, or they are parallel.
func NewCustomAxes(u, v []float64) (*CustomAxes, error) {
	if len(u) != len(v) || len(u) == 0 {
		return nil, fmt.Errorf("projection: axis directions have lengths %d and %d", len(u), len(v))
	}
	for name, w := range map[string][]float64{"x": u, "y": v} {
		for i, c := range w {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return nil, fmt.Errorf("projection: %w: %s axis entry %d is %v", viz.ErrNotFinite, name, i, c)
			}
		}
		if floats.Norm(w, 2) == 0 {
			return nil, fmt.Errorf("projection: the %s axis direction is zero", name)
		}
	}
	uu, uv, vv := floats.Dot(u, u), floats.Dot(u, v), floats.Dot(v, v)
	det := uu*vv - uv*uv
	if det <= 1e-12*uu*vv {
		return nil, fmt.Errorf("projection: the x and y axis directions are parallel")
	}
	a := &CustomAxes{u: append([]float64(nil), u...), v: append([]float64(nil), v...), Mean: make([]float64, len(u))}
	a.gInv = [4]float64{vv / det, -uv / det, -uv / det, uu / det}
	return a, nil
}

// Fit returns the n×2 dot products of the rows of x with the directions
// and records the mean code for Invert.
func (a *CustomAxes) Fit(ctx context.Context, x *mat.Dense, progress Progress) (*mat.Dense, error) {
	if err := Validate(x); err != nil {
		return nil, err
	}
	n, d := x.Dims()
	if d != len(a.u) {
		return nil, fmt.Errorf("projection: codes have %d columns, the axis directions %d", d, len(a.u))
	}
	y := mat.NewDense(n, 2, nil)
	for i := range n {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		px, py := a.Place(x.RawRowView(i))
		y.Set(i, 0, px)
		y.Set(i, 1, py)
	}
	a.Mean = columnMeans(x, 1)
	if progress != nil {
		progress(1, y)
	}
	return y, nil
}

// Place returns (z·u, z·v).
func (a *CustomAxes) Place(z []float64) (x, y float64) {
	if len(z) != len(a.u) {
		panic(fmt.Sprintf("projection: CustomAxes of %d dimensions, place of %d", len(a.u), len(z)))
	}
	return floats.Dot(z, a.u), floats.Dot(z, a.v)
}

// Invert writes into dst (allocated if nil) Mean + [u v]·G⁻¹·((x, y) -
// Place(Mean)), which Place maps back to (x, y) exactly.
func (a *CustomAxes) Invert(x, y float64, dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, len(a.u))
	}
	mx, my := a.Place(a.Mean)
	rx, ry := x-mx, y-my
	cu := a.gInv[0]*rx + a.gInv[1]*ry
	cv := a.gInv[2]*rx + a.gInv[3]*ry
	for j := range dst {
		dst[j] = a.Mean[j] + cu*a.u[j] + cv*a.v[j]
	}
	return dst
}

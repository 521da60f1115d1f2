package session

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/projection"
)

// maxPrincipal is the most principal directions offered as sliders.
const maxPrincipal = 8

// WideLatent is the most latent dimensions a space opens on per-dimension
// sliders for; a wider one opens on its principal directions once they
// are computed (the window shows at most this many sliders).
const WideLatent = 64

// Open makes sp (with decoder dec, which may be nil) the open space: its
// stored map, or its codes themselves when they are 1-D or 2-D, or else a
// PCA started as a job; its principal directions are computed as a job
// too. The vector starts on code 0. Jobs of the previous space are
// cancelled and their results dropped.
func (s *Session) Open(sp *model.Space, dec Decoder) {
	st := State{Current: -1, Previous: -1}
	switch {
	case sp.Map != nil:
		st.Map = storedMap(sp)
	case sp.Codes.D <= 2:
		st.Map = Map{Method: "latent", Coords: codesAsCoords(sp.Codes)}
	default:
		st.Map = Map{Coords: make([]float64, 2*sp.Codes.N)}
	}
	st.Coloring = defaultColoring(sp.Meta)
	st.Sliders = Sliders{Mode: DimensionsMode, Z: sp.Codes.Vector(0)}
	st.Current = 0
	dec = withClass(sp, dec)
	if k, ok := classOf(sp, dec, 0); ok {
		st.Class = k // a class-conditional decoder starts on code 0's class
	}
	s.install(sp, dec, st)
	s.start("directions", "principal directions", s.principalDirections)
	if st.Map.Method == "" {
		s.Project(Params{Method: "pca", Seed: 1})
	}
}

// Restore makes sp the open space with the state st exactly (a session
// file reopened): no projection or other job runs.
func (s *Session) Restore(sp *model.Space, dec Decoder, st State) error {
	if err := checkState(sp, st); err != nil {
		return err
	}
	if err := checkClass(withClass(sp, dec), st.Class); err != nil {
		return err
	}
	s.install(sp, dec, st.clone())
	return nil
}

// install replaces the space and state and emits ChangedAll. A
// class-conditional decoder decodes the state's class; the dimension
// sliders follow the state's order.
func (s *Session) install(sp *model.Space, dec Decoder, st State) {
	x := CodesMatrix(sp.Codes)
	stats := model.CodeStats(sp.Codes)
	if st.Sliders.Order != nil {
		stats.Order = slices.Clone(st.Sliders.Order)
	}
	dec = withClass(sp, dec)
	if p, ok := dec.(*pickedClass); ok {
		p.class.Store(int64(st.Class))
	}
	place := newPlacer(st.Map, x)
	s.mu.Lock()
	s.cancelAllLocked()
	s.gen++
	s.space, s.dec, s.stats, s.x = sp, dec, stats, x
	s.prior = model.PriorOf(sp.Manifest.Prior)
	s.rng = rand.New(rand.NewPCG(1, 2))
	s.st = st
	s.place = place
	s.mu.Unlock()
	s.emit(Event{Changed: ChangedAll})
}

// storedMap is the space's stored map with the parameters that made it.
func storedMap(sp *model.Space) Map {
	spec := sp.Manifest.Map
	return Map{Method: spec.Method, Seed: spec.Seed, Perplexity: spec.Perplexity,
		Neighbors: spec.Neighbors, MinDist: spec.MinDist, Stored: true,
		Coords: append([]float64(nil), sp.Map.Data...)}
}

// codesAsCoords returns 1-D or 2-D codes as map positions.
func codesAsCoords(c *model.Codes) []float64 {
	xy := make([]float64, 2*c.N)
	for i := range c.N {
		for j, v := range c.Row(i) {
			xy[2*i+j] = float64(v)
		}
	}
	return xy
}

// newPlacer returns what places vectors on map m of the codes x: the
// identity for 2-D codes shown as they are, else their nearest codes. Nil
// while there is no map yet.
func newPlacer(m Map, x *mat.Dense) placeInverter {
	n, d := x.Dims()
	switch m.Method {
	case "":
		return nil
	case "latent":
		return identityMap{d: d}
	}
	return projection.NewNeighbourMap(x, mat.NewDense(n, 2, m.Coords))
}

// checkState refuses a state that does not fit the space.
func checkState(sp *model.Space, st State) error {
	n, d := sp.Codes.N, sp.Codes.D
	switch {
	case len(st.Map.Coords) != 2*n:
		return fmt.Errorf("the map has %d points, the codes %d", len(st.Map.Coords)/2, n)
	case len(st.Sliders.Z) != d:
		return fmt.Errorf("the vector has %d dimensions, the codes %d", len(st.Sliders.Z), d)
	case st.Current >= n || st.Previous >= n:
		return fmt.Errorf("point %d of %d codes", max(st.Current, st.Previous), n)
	}
	for _, i := range st.Selection {
		if i < 0 || i >= n {
			return fmt.Errorf("selected point %d of %d codes", i, n)
		}
	}
	for _, dir := range st.Directions {
		if len(dir.Unit) != d {
			return fmt.Errorf("direction %q has %d dimensions, the codes %d", dir.Name, len(dir.Unit), d)
		}
	}
	if st.Sliders.Mode == DirectionsMode && (len(st.Sliders.Base) != d || len(st.Sliders.Coeffs) != len(st.Directions)) {
		return errors.New("the direction sliders do not match the directions")
	}
	if st.Sliders.Order != nil && !isPermutation(st.Sliders.Order, d) {
		return fmt.Errorf("the slider order is not a permutation of the %d dimensions", d)
	}
	if m := st.Search.Matches; len(m) > 0 && (m[0] < 0 || m[len(m)-1] >= n || !slices.IsSorted(m)) {
		return fmt.Errorf("search matches: want increasing points of the %d codes", n)
	}
	for _, k := range st.Sliders.Dims {
		if k < 0 || k >= d {
			return fmt.Errorf("slider dimension %d of %d", k, d)
		}
	}
	for _, c := range st.Columns {
		if len(c.Numbers)+len(c.Strings) != n {
			return fmt.Errorf("column %q has %d rows, the codes %d", c.Name, len(c.Numbers)+len(c.Strings), n)
		}
	}
	return nil
}

// principalDirections is the job computing the codes' principal
// directions, which become the first slider directions.
func (s *Session) principalDirections(ctx context.Context, progress func(float64)) (func() Change, any, error) {
	s.mu.Lock()
	x, d := s.x, s.space.Codes.D
	s.mu.Unlock()
	k := min(d, maxPrincipal)
	pca := projection.NewPCA(projection.Options{Seed: 1})
	if err := pca.FitComponents(ctx, x, k, nil); err != nil {
		return nil, nil, fmt.Errorf("principal directions: %w", err)
	}
	dirs := make([]Direction, k)
	for c := range k {
		u := make([]float64, d)
		for j := range u {
			u[j] = pca.Components.At(j, c)
		}
		dirs[c] = Direction{Name: fmt.Sprintf("PC%d (%.0f%%)", c+1, 100*pca.VarianceRatio[c]),
			Kind: "principal", Unit: u, Scale: math.Sqrt(pca.Variance[c])}
	}
	return func() Change {
		s.st.Directions = append(dirs, s.st.Directions...)
		switch {
		case s.st.Sliders.Mode == DirectionsMode:
			s.st.Sliders.Coeffs = append(make([]float64, k), s.st.Sliders.Coeffs...)
		case d > WideLatent && s.st.Sliders.Dims == nil:
			s.st.Sliders.Mode = DirectionsMode
			s.rebaseLocked()
		}
		return ChangedDirections | ChangedSliders
	}, nil, nil
}

// identityMap is the map of 1-D or 2-D codes: the codes are the map.
type identityMap struct{ d int }

func (m identityMap) Place(z []float64) (x, y float64) {
	if m.d == 1 {
		return z[0], 0
	}
	return z[0], z[1]
}

func (m identityMap) Invert(x, y float64, dst []float64) []float64 {
	if cap(dst) < m.d {
		dst = make([]float64, m.d)
	}
	dst = dst[:m.d]
	dst[0] = x
	if m.d == 2 {
		dst[1] = y
	}
	return dst
}

package session

import (
	"math/rand/v2"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/projection"
)

// Decoder is what the session needs of a decoder: one latent vector in,
// one decoded item out. *model.Decoder satisfies it.
type Decoder interface {
	LatentDim() int
	OutputShape() []int
	Decode(z []float32, dst []float32) ([]float32, error)
}

// State is what the explorer shows, as plain data: a Snapshot of it is a
// deep copy, and a session file stores it.
type State struct {
	Map      Map
	Coloring Coloring
	// Selection lists the selected points, in increasing order.
	Selection  []int
	Directions []Direction
	Sliders    Sliders
	// Current is the point the vector was set from, or -1; Previous the
	// point clicked before it, or -1 (interpolation goes Previous → Current).
	Current, Previous int
	// Columns are the analysis results (clusters, outlier scores), which
	// colour the map like metadata columns.
	Columns []Column
	View    View
	// Class is the class a class-conditional decoder decodes, an index
	// into Session.ClassNames (0 for other decoders).
	Class int
	// Search is the last search and the points it matched; Dim draws
	// hidden categories and, while points are selected or matched, the
	// others faint instead of hiding them or drawing them as usual.
	Search Search
	Dim    bool
}

// Search is a search of the points' columns (model.Table.Search) and the
// points it matched, in increasing order; a zero Search is none.
type Search struct {
	Query   model.Query
	Matches []int
}

// Map is the 2-D map of the codes and what made it.
type Map struct {
	// Method is "pca", "tsne", "umap", "custom", "latent" (2-D codes
	// shown as they are) or "" while the first map is being made.
	Method     string
	Seed       uint64
	Perplexity float64
	Neighbors  int
	MinDist    float64
	Iterations int // 0 for the method's default
	// XAxis and YAxis name the directions of a "custom" map.
	XAxis, YAxis string
	// Stored is true when the map came from the space's folder.
	Stored bool
	// Coords are the n points, interleaved x, y.
	Coords []float64
}

// Coloring is how the map's points are coloured.
type Coloring struct {
	// Column is the column coloured by, or "" for one colour.
	Column string
	// Palette is the categorical palette ("okabe-ito") or colour map
	// ("viridis") in use, by name; "" with no column.
	Palette string
	// Hidden lists the hidden categories of Column, by name.
	Hidden []string
}

// Direction is a line through latent space a slider moves along.
type Direction struct {
	Name string
	// Kind is "principal" (of the codes) or "attribute" (mean of one
	// group minus another).
	Kind  string
	Unit  []float64 // unit vector
	Scale float64   // standard deviation of the codes along Unit
}

// The slider modes.
const (
	DimensionsMode = "dimensions" // one slider per latent dimension, by variance
	DirectionsMode = "directions" // one slider per Direction
)

// Sliders is the latent vector and how the sliders show it.
type Sliders struct {
	Mode string
	// Dims are the dimensions the per-dimension sliders show, in order;
	// nil for every dimension by decreasing variance.
	Dims []int
	// Z is the current latent vector.
	Z []float64
	// Base is the vector the direction sliders move from, and Coeffs
	// their values: Z = Base + Σ Coeffs[k]·Directions[k].Unit.
	Base   []float64
	Coeffs []float64
	// Order is every dimension in the order the dimension sliders (and
	// a traversal's top:K) follow, nil for decreasing variance; OrderBy
	// is the key that made it (model.OrderVariance, OrderKL, OrderIndex).
	Order   []int
	OrderBy string
}

// Column is an analysis result, one value per code.
type Column struct {
	Name    string
	Numbers []float64 // or
	Strings []string
}

// View is the part of the map shown; Set is false for "fit all points".
type View struct {
	Set                    bool
	MinX, MaxX, MinY, MaxY float64
}

// Session is the explorer's state and its operations; see the package doc.
type Session struct {
	mu    sync.Mutex
	gen   int // counts opened spaces; results for older ones are dropped
	space *model.Space
	dec   Decoder
	stats *model.Stats
	prior model.Prior
	x     *mat.Dense // the codes as float64, shared read-only with jobs
	place placeInverter
	enc   encoderSlot // the space's encoder, loaded on first use (encode.go)
	rng   *rand.Rand
	st    State

	jobs  map[string]*Job
	jobID int
	// fits counts the projections run (tests: a restored session runs none).
	fits int

	subs subscribers
}

// placeInverter places latent vectors on a map and maps positions back.
type placeInverter interface {
	projection.Placer
	projection.Inverter
}

// New returns a session with no space open.
func New() *Session {
	return &Session{jobs: map[string]*Job{}}
}

// Snapshot returns a deep copy of the state.
func (s *Session) Snapshot() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.clone()
}

func (st State) clone() State {
	c := st
	c.Map.Coords = slices.Clone(st.Map.Coords)
	c.Coloring.Hidden = slices.Clone(st.Coloring.Hidden)
	c.Selection = slices.Clone(st.Selection)
	c.Directions = make([]Direction, len(st.Directions))
	for i, d := range st.Directions {
		d.Unit = slices.Clone(d.Unit)
		c.Directions[i] = d
	}
	c.Sliders.Z = slices.Clone(st.Sliders.Z)
	c.Sliders.Dims = slices.Clone(st.Sliders.Dims)
	c.Sliders.Base = slices.Clone(st.Sliders.Base)
	c.Sliders.Coeffs = slices.Clone(st.Sliders.Coeffs)
	c.Sliders.Order = slices.Clone(st.Sliders.Order)
	c.Search.Matches = slices.Clone(st.Search.Matches)
	// Columns are never changed once made: sharing their data is safe.
	c.Columns = slices.Clone(st.Columns)
	return c
}

// Space returns the open space, or nil. Its files' contents are never
// changed while open; treat it as read-only.
func (s *Session) Space() *model.Space {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.space
}

// Decoder returns the open space's decoder, or nil.
func (s *Session) Decoder() Decoder {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dec
}

// Stats returns the codes' per-dimension statistics, or nil.
func (s *Session) Stats() *model.Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Prior returns the open space's latent prior.
func (s *Session) Prior() model.Prior {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.prior
}

// Fits returns how many projections this session has run.
func (s *Session) Fits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fits
}

// Place returns where z falls on the map ("you are here"); ok is false
// while there is no finished map.
func (s *Session) Place(z []float64) (x, y float64, ok bool) {
	s.mu.Lock()
	p := s.place
	s.mu.Unlock()
	if p == nil {
		return 0, 0, false
	}
	x, y = p.Place(z)
	return x, y, true
}

// CodesMatrix copies codes into a float64 matrix for the viz packages
// (the explorer's jobs and the CLI's commands).
func CodesMatrix(c *model.Codes) *mat.Dense {
	return mat.NewDense(c.N, c.D, model.Float64s(c.Data))
}

package projection

import "math"

// umapGradTable tabulates the two gradient coefficients of UMAP's SGD as
// functions of the squared map distance d²,
//
//	attractive: −2ab·d^(2(b−1)) / (1 + a·d^(2b))
//	repulsive:  2b / ((0.001 + d²)(1 + a·d^(2b)))
//
// so that a gradient costs a table look-up instead of a power. Cells are
// log-spaced, 2^tableBits per octave of d², addressed by the float's
// exponent and leading mantissa bits, with linear interpolation inside a
// cell: relative error below 1e-5 (umap-learn's layouts are float32 and
// its SGD is stochastic; this is far below either). The two float32 tables
// take 256 KiB.
// d² outside [2^tableMinExp, 2^tableMaxExp) is computed directly.
type umapGradTable struct {
	a, b     float64
	att, rep []float32
}

const (
	tableBits   = 9
	tableMinExp = -32
	tableMaxExp = 32
	tableShift  = 52 - tableBits
)

// tableBase is the index of 2^tableMinExp in the bit-addressed space.
const tableBase = uint64(tableMinExp+1023) << tableBits

func newUMAPGradTable(a, b float64) *umapGradTable {
	t := &umapGradTable{a: a, b: b}
	cells := (tableMaxExp - tableMinExp) << tableBits
	t.att = make([]float32, cells+1)
	t.rep = make([]float32, cells+1)
	for c := range cells + 1 {
		att, rep := t.exact(math.Float64frombits((tableBase + uint64(c)) << tableShift))
		t.att[c], t.rep[c] = float32(att), float32(rep)
	}
	return t
}

// exact computes both coefficients with math.Pow.
func (t *umapGradTable) exact(d2 float64) (att, rep float64) {
	p := math.Pow(d2, t.b)
	att = -2 * t.a * t.b * p / d2 / (t.a*p + 1)
	rep = 2 * t.b / ((0.001 + d2) * (t.a*p + 1))
	return att, rep
}

// lookup returns the cell index and the interpolation fraction of d², or
// ok = false outside the table.
func (t *umapGradTable) lookup(d2 float64) (c int, f float64, ok bool) {
	bits := math.Float64bits(d2)
	i := bits >> tableShift
	if i < tableBase || i >= tableBase+uint64(len(t.att)-1) {
		return 0, 0, false
	}
	f = float64(bits&(1<<tableShift-1)) * (1.0 / (1 << tableShift))
	return int(i - tableBase), f, true
}

// attract returns the attractive coefficient for d² > 0.
func (t *umapGradTable) attract(d2 float64) float64 {
	c, f, ok := t.lookup(d2)
	if !ok {
		att, _ := t.exact(d2)
		return att
	}
	lo := float64(t.att[c])
	return lo + f*(float64(t.att[c+1])-lo)
}

// repel returns the repulsive coefficient for d² > 0.
func (t *umapGradTable) repel(d2 float64) float64 {
	c, f, ok := t.lookup(d2)
	if !ok {
		_, rep := t.exact(d2)
		return rep
	}
	lo := float64(t.rep[c])
	return lo + f*(float64(t.rep[c+1])-lo)
}

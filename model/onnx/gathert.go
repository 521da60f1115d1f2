package onnx

import "fmt"

// A VQ-VAE's decoder looks up each position's codebook entry and moves
// the entries' values to the channel axis: Transpose(Reshape(Gather(C,
// idx)), perm 0 3 1 2), C the constant codebook [K, D] and the Reshape
// [N·H·W, D] → [N, H, W, D]. gatherChannels writes each entry's values
// straight to their places in the [N, D, H, W] result, instead of
// writing the gathered rows and then transposing them.

// gatherChannels is that chain of three steps.
type gatherChannels struct {
	c     *Tensor  // the constant rows
	shape *reshape // the Reshape's
	steps []step   // the Gather, Reshape and Transpose, for runs that do not suit
}

// fuseGatherChannels rewrites Transpose step k of such a chain; it
// reports whether it did.
func (g *stepGraph) fuseGatherChannels(k int) bool {
	st := &g.m.steps[k]
	t, ok := st.op.(transpose)
	if st.opType != "Transpose" || !ok || fmt.Sprint(t.perm) != "[0 3 1 2]" {
		return false
	}
	rs := g.sole(st.in[0], "Reshape", 1)
	if rs < 0 || len(g.m.steps[rs].in) != 2 {
		return false
	}
	r, ok := g.m.steps[rs].op.(*reshape)
	if !ok || r.kind != "Reshape" {
		return false
	}
	ga := g.sole(g.m.steps[rs].in[0], "Gather", 1)
	if ga < 0 {
		return false
	}
	if o, ok := g.m.steps[ga].op.(gather); !ok || o.axis != 0 {
		return false
	}
	c := g.constant(g.m.steps[ga].in[0])
	if c == nil || !c.IsFloat() || len(c.Shape) != 2 {
		return false
	}
	f := &gatherChannels{c: c, shape: r, steps: g.subSteps(ga, rs, k)}
	g.drop[ga], g.drop[rs] = true, true
	st.op, st.in = f, []int{g.m.steps[ga].in[1], g.m.steps[rs].in[1]}
	return true
}

func (o *gatherChannels) run(s *Session, in, out []*Tensor) error {
	ix, shapeT := in[0], in[1]
	k, d := o.c.Shape[0], o.c.Shape[1]
	if !nearestFast || ix.IsFloat() || shapeT == nil || len(ix.Shape) >= maxRank {
		return s.runSteps(o.steps)
	}
	// The Reshape's result, of the gathered rows [idx..., D].
	gathered := s.gathered()
	gathered.Shape = append(append(gathered.Shape[:0], ix.Shape...), d)
	var rs [maxRank]int
	sh, err := o.shape.reshapeTo(rs[:0], gathered, shapeT)
	if err != nil || len(sh) != 4 || sh[3] != d {
		return s.runSteps(o.steps)
	}
	for p, j := range ix.Int {
		if j < -int64(k) || j >= int64(k) {
			return fmt.Errorf("index %d is out of range for dimension %d", ix.Int[p], k)
		}
	}
	y := out[0].floats(sh[0], d, sh[1], sh[2])
	hw := sh[1] * sh[2]
	for n := range sh[0] {
		o.image(y[n*d*hw:(n+1)*d*hw], ix.Int[n*hw:(n+1)*hw], k, d)
	}
	return nil
}

// image writes one image's entries, rows of C by idx (checked), into
// dst [D, len(idx)], eight positions at a time: each channel's eight
// values are stored together.
func (o *gatherChannels) image(dst []float32, idx []int64, k, d int) {
	hw := len(idx)
	row := func(p int) []float32 {
		j := int(idx[p])
		if j < 0 {
			j += k
		}
		return o.c.Float[j*d : (j+1)*d]
	}
	p := 0
	for ; p+8 <= hw; p += 8 {
		r0, r1, r2, r3 := row(p), row(p+1), row(p+2), row(p+3)
		r4, r5, r6, r7 := row(p+4), row(p+5), row(p+6), row(p+7)
		for c := range d {
			t := dst[c*hw+p : c*hw+p+8]
			t[0], t[1], t[2], t[3] = r0[c], r1[c], r2[c], r3[c]
			t[4], t[5], t[6], t[7] = r4[c], r5[c], r6[c], r7[c]
		}
	}
	for ; p < hw; p++ {
		for c, v := range row(p) {
			dst[c*hw+p] = v
		}
	}
}

// gathered returns the session's header for gatherChannels' gathered
// shape (a fresh one without a session).
func (s *Session) gathered() *Tensor {
	if s == nil {
		return new(Tensor)
	}
	return &s.gatherShape
}

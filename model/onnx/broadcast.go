package onnx

import "fmt"

// Multidirectional (NumPy-style) broadcasting, as ONNX's Broadcasting.md
// defines it, for up to three operands.

// bplan is a broadcast of up to three operands to one output shape, with
// adjacent dimensions merged where every operand broadcasts them alike,
// so the innermost loop runs over as long a stretch as possible.
type bplan struct {
	rank    int
	shape   [maxRank]int
	strides [3][maxRank]int // per operand, 0 where it broadcasts
	n       int             // number of operands
}

// broadcastShape writes the broadcast of the shapes into dst.
func broadcastShape(dst []int, shapes ...[]int) ([]int, error) {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	if rank > maxRank {
		return nil, fmt.Errorf("rank %d is more than %d", rank, maxRank)
	}
	dst = dst[:0]
	for i := 0; i < rank; i++ {
		d := 1
		for _, s := range shapes {
			k := i - (rank - len(s))
			if k < 0 || s[k] == 1 {
				continue
			}
			if d != 1 && s[k] != d {
				return nil, errBroadcast(shapes)
			}
			d = s[k]
		}
		dst = append(dst, d)
	}
	return dst, nil
}

// plan builds the merged broadcast of shapes onto out.
func plan(out []int, shapes ...[]int) bplan {
	var p bplan
	p.n = len(shapes)
	rank := len(out)
	// Per operand and output dimension: the operand's extent there.
	prevKind := -1
	for i := 0; i < rank; i++ {
		kind := 0 // bit j set when operand j varies along this dimension
		for j, s := range shapes {
			k := i - (rank - len(s))
			if k >= 0 && s[k] != 1 {
				kind |= 1 << j
			}
		}
		if out[i] == 1 {
			continue
		}
		if kind == prevKind && p.rank > 0 {
			p.shape[p.rank-1] *= out[i]
			continue
		}
		p.shape[p.rank] = out[i]
		for j := range shapes {
			if kind&(1<<j) != 0 {
				p.strides[j][p.rank] = 1
			}
		}
		p.rank++
		prevKind = kind
	}
	if p.rank == 0 {
		p.shape[0], p.rank = 1, 1
		for j := range shapes {
			p.strides[j][0] = 1
		}
	}
	// Turn the 0/1 flags into element strides.
	for j := range shapes {
		st := 1
		for i := p.rank - 1; i >= 0; i-- {
			if p.strides[j][i] != 0 {
				p.strides[j][i] = st
				st *= p.shape[i]
			}
		}
	}
	return p
}

// runs calls f for each innermost stretch: the output offset, the
// operands' offsets, the stretch's length and the operands' steps (0 or 1).
func (p *bplan) runs(f func(o int, off [3]int, n int, step [3]int)) {
	p.runsIn(0, p.runCount(), f)
}

// runCount is the number of innermost runs: the elements of all
// dimensions but the last.
func (p *bplan) runCount() int {
	return numel(p.shape[:p.rank-1])
}

// runsIn is runs over the runs lo to hi-1 alone, in order, so that a
// parallel caller may split them.
func (p *bplan) runsIn(lo, hi int, f func(o int, off [3]int, n int, step [3]int)) {
	last := p.rank - 1
	n := p.shape[last]
	var step [3]int
	for j := 0; j < p.n; j++ {
		step[j] = p.strides[j][last]
	}
	for i := 0; i < p.rank; i++ {
		if p.shape[i] == 0 {
			return
		}
	}
	var idx [maxRank]int
	var off [3]int
	for i, r := last-1, lo; i >= 0; i-- {
		idx[i] = r % p.shape[i]
		r /= p.shape[i]
		for j := 0; j < p.n; j++ {
			off[j] += p.strides[j][i] * idx[i]
		}
	}
	for q, o := lo, lo*n; q < hi; q, o = q+1, o+n {
		f(o, off, n, step)
		// Advance the outer counter.
		i := last - 1
		for ; i >= 0; i-- {
			idx[i]++
			for j := 0; j < p.n; j++ {
				off[j] += p.strides[j][i]
			}
			if idx[i] < p.shape[i] {
				break
			}
			for j := 0; j < p.n; j++ {
				off[j] -= p.strides[j][i] * p.shape[i]
			}
			idx[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// runs2 is runs over blocks of the two innermost dimensions: f gets m
// rows of n elements, the output's rows n apart, the operands' rows
// row[j] apart and their elements step[j] apart. It serves broadcasts
// whose innermost stretch is short (a 3×3 kernel against a per-channel
// value), where one call per stretch would cost more than the stretch.
func (p *bplan) runs2(f func(o int, off [3]int, m, n int, row, step [3]int)) {
	if p.rank < 2 {
		p.runs(func(o int, off [3]int, n int, step [3]int) { f(o, off, 1, n, [3]int{}, step) })
		return
	}
	q := *p
	q.rank--
	last := p.rank - 1
	n := p.shape[last]
	var step, row [3]int
	for j := 0; j < p.n; j++ {
		step[j] = p.strides[j][last]
		row[j] = p.strides[j][last-1]
	}
	q.runs(func(o int, off [3]int, m int, _ [3]int) { f(o*n, off, m, n, row, step) })
}

// errBroadcast reports shapes that do not broadcast; it formats copies,
// so the shapes themselves do not escape to the heap.
func errBroadcast(shapes [][]int) error {
	msg := "shapes"
	for _, s := range shapes {
		msg += fmt.Sprint(" ", append([]int(nil), s...))
	}
	return fmt.Errorf("%s do not broadcast", msg)
}

package neighbors

import "math"

// heap is a bounded max-heap of (index, squared distance) pairs kept in a
// caller's slices; it holds the len(idx) nearest candidates pushed so far.
type heap struct {
	idx  []int32
	d    []float64
	size int
}

// worse reports whether entry a is farther than b (ties: larger index).
func (h *heap) worse(a, b int) bool {
	if h.d[a] != h.d[b] {
		return h.d[a] > h.d[b]
	}
	return h.idx[a] > h.idx[b]
}

func (h *heap) swap(a, b int) {
	h.idx[a], h.idx[b] = h.idx[b], h.idx[a]
	h.d[a], h.d[b] = h.d[b], h.d[a]
}

// push offers candidate j at squared distance d.
func (h *heap) push(j int32, d float64) {
	k := len(h.idx)
	if h.size < k {
		h.idx[h.size], h.d[h.size] = j, d
		h.size++
		h.up(h.size - 1)
		return
	}
	if d > h.d[0] || (d == h.d[0] && j > h.idx[0]) {
		return
	}
	h.idx[0], h.d[0] = j, d
	h.down(0, h.size)
}

func (h *heap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.worse(i, p) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h *heap) down(i, n int) {
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		c := l
		if r := l + 1; r < n && h.worse(r, l) {
			c = r
		}
		if !h.worse(c, i) {
			return
		}
		h.swap(i, c)
		i = c
	}
}

// sortAscendingSqrt orders the entries nearest first and turns squared
// distances into distances.
func (h *heap) sortAscendingSqrt() {
	for end := h.size - 1; end > 0; end-- {
		h.swap(0, end)
		h.down(0, end)
	}
	for i := range h.d[:h.size] {
		h.d[i] = math.Sqrt(h.d[i])
	}
}

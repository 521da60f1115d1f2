package knn

// Heap is a bounded max-heap of (index, squared distance) pairs kept in a
// caller's slices: it holds the len(Idx) nearest candidates pushed so far,
// the farthest at the root (Idx[0], D[0]) once it is full. Len(Idx) must
// equal len(D). Flag, when not nil (len(Idx) long too), carries a byte
// with each entry: NN-descent's new/old mark.
type Heap struct {
	Idx  []int32
	D    []float64
	Flag []uint8
	Size int // entries held, at most len(Idx)
}

// Full reports whether the heap holds len(Idx) entries, so that D[0] is
// the bound a new candidate must beat.
func (h *Heap) Full() bool { return h.Size == len(h.Idx) }

// Push offers candidate j at squared distance d.
func (h *Heap) Push(j int32, d float64) {
	if h.Size < len(h.Idx) {
		h.Idx[h.Size], h.D[h.Size] = j, d
		h.Size++
		h.up(h.Size - 1)
		return
	}
	if d > h.D[0] || (d == h.D[0] && j > h.Idx[0]) {
		return
	}
	h.Idx[0], h.D[0] = j, d
	h.down(0, h.Size)
}

// Sort orders the entries nearest first (ties: smaller index first); the
// heap is no longer a heap afterwards.
func (h *Heap) Sort() {
	for end := h.Size - 1; end > 0; end-- {
		h.swap(0, end)
		h.down(0, end)
	}
}

// worse reports whether entry a is farther than b (ties: larger index).
func (h *Heap) worse(a, b int) bool {
	if h.D[a] != h.D[b] {
		return h.D[a] > h.D[b]
	}
	return h.Idx[a] > h.Idx[b]
}

// PushDistinct offers candidate j at squared distance d with flag (the
// heap has a Flag), unless the heap already holds j.
func (h *Heap) PushDistinct(j int32, d float64, flag uint8) {
	if h.Full() && (d > h.D[0] || (d == h.D[0] && j >= h.Idx[0])) {
		return
	}
	for _, v := range h.Idx[:h.Size] {
		if v == j {
			return
		}
	}
	if h.Size < len(h.Idx) {
		h.Idx[h.Size], h.D[h.Size], h.Flag[h.Size] = j, d, flag
		h.Size++
		h.up(h.Size - 1)
		return
	}
	h.Idx[0], h.D[0], h.Flag[0] = j, d, flag
	h.down(0, h.Size)
}

func (h *Heap) swap(a, b int) {
	h.Idx[a], h.Idx[b] = h.Idx[b], h.Idx[a]
	h.D[a], h.D[b] = h.D[b], h.D[a]
	if h.Flag != nil {
		h.Flag[a], h.Flag[b] = h.Flag[b], h.Flag[a]
	}
}

func (h *Heap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.worse(i, p) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h *Heap) down(i, n int) {
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

package onnx

// Memory planning: intermediate values whose lifetimes do not overlap
// share one buffer, as inference engines plan their arenas, so that a
// session holds about the largest set of values alive at once rather
// than every value of the graph (a transformer at batch 64 keeps a dozen
// activations of megabytes each, of which a few are alive at any step).
//
// A value's lifetime runs from the step that writes it to the last step
// that reads it. Values that alias another's data (Reshape, Identity and
// their kin write an output that is their input under another shape)
// form one storage with it, alive as long as any of them. A storage is
// planned only if it starts at a step's output: graph inputs, constants,
// graph outputs (the caller holds them until the next run) and the
// results of shape-only steps (kept from run to run) keep buffers of
// their own, as does any storage one of them aliases.

// aliasing reports whether a step's first output shares its first
// input's data.
func aliasing(o op) bool {
	switch o.(type) {
	case *reshape, identity:
		return true
	}
	return false
}

// planMemory sets m.group: each value's shared buffer, or -1 for one of
// its own, and m.groups, the number of buffers.
func (m *Model) planMemory() {
	n := len(m.names)
	root := make([]int, n) // the value whose data each value's is
	for i := range root {
		root[i] = i
	}
	def := make([]int, n)  // the step writing each value, -1 if none
	last := make([]int, n) // the last step reading a storage (by root)
	keep := make([]bool, n)
	for i := range def {
		def[i], last[i] = -1, -1
	}
	for k, st := range m.steps {
		for j, v := range st.out {
			def[v] = k
			if j == 0 && aliasing(st.op) && len(st.in) > 0 && st.in[0] >= 0 {
				root[v] = root[st.in[0]]
			}
			if st.shapeOnly {
				keep[v] = true
			}
		}
		for _, v := range st.in {
			if v >= 0 {
				last[root[v]] = max(last[root[v]], k)
			}
		}
		for _, v := range st.out {
			last[root[v]] = max(last[root[v]], k)
		}
	}
	for _, v := range m.outputIdx {
		keep[v] = true
	}
	for _, v := range m.inputIdx {
		keep[v] = true
	}
	for v := range n {
		if m.consts[v] != nil || def[v] < 0 {
			keep[v] = true
		}
		if keep[v] {
			keep[root[v]] = true
		}
	}
	m.group = make([]int, n)
	for v := range m.group {
		m.group[v] = -1
	}
	// Greedy assignment in step order: a storage takes a buffer freed by
	// one whose last reader ran before the step that starts it.
	var free []int
	owner := []int{} // the storage each buffer holds now
	for k, st := range m.steps {
		for g, r := range owner {
			if r >= 0 && last[r] < k {
				free = append(free, g)
				owner[g] = -1
			}
		}
		for _, v := range st.out {
			if root[v] != v || keep[v] {
				continue
			}
			g := len(owner)
			if len(free) > 0 {
				g, free = free[len(free)-1], free[:len(free)-1]
				owner[g] = v
			} else {
				owner = append(owner, v)
			}
			m.group[v] = g
		}
	}
	m.groups = len(owner)
}

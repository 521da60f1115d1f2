package cluster

import "math"

// Selection is how HDBSCAN picks the flat clustering from the condensed
// tree.
type Selection int

const (
	// EOM picks the clusters of maximal total stability ("excess of
	// mass"), a parent winning ties against its children (Campello et al.
	// 2013; R's dbscan and scikit-learn's default).
	EOM Selection = iota
	// Leaf picks the leaves of the condensed tree: many small, homogeneous
	// clusters.
	Leaf
)

// String returns "eom" or "leaf".
func (s Selection) String() string {
	if s == Leaf {
		return "leaf"
	}
	return "eom"
}

// selectClusters returns the selected clusters, in the order of a
// depth-first walk from the root. The root is never selected unless it
// has no children, in which case nothing is (every point is noise), as in
// R's dbscan.
func (t *clusterTree) selectClusters(s Selection) []int32 {
	if t.isLeaf(0) {
		return nil
	}
	keepParent := make([]bool, len(t.clusters))
	if s == EOM {
		t.excessOfMass(keepParent)
	}
	var out []int32
	var walk func(c int32)
	walk = func(c int32) {
		if t.isLeaf(c) || (c != 0 && keepParent[c]) {
			out = append(out, c)
			return
		}
		walk(t.clusters[c].left)
		walk(t.clusters[c].right)
	}
	walk(0)
	return out
}

// excessOfMass marks, bottom-up, the clusters that are at least as stable
// as the best selection among their descendants.
func (t *clusterTree) excessOfMass(keepParent []bool) {
	best := make([]float64, len(t.clusters))
	for c := len(t.clusters) - 1; c >= 0; c-- {
		cl := t.clusters[c]
		if cl.left < 0 {
			best[c], keepParent[c] = cl.stability, true
			continue
		}
		children := best[cl.left] + best[cl.right]
		if cl.stability < children {
			best[c] = children
		} else {
			best[c], keepParent[c] = cl.stability, true
		}
	}
}

// labels gives each point the index in selected of the selected cluster
// it belongs to (the one it leaves, or an ancestor of it), or −1.
func (t *clusterTree) labels(selected []int32) []int {
	label := make([]int, len(t.clusters))
	for c := range label {
		label[c] = -1
	}
	for i, c := range selected {
		label[c] = i
	}
	for c := 1; c < len(t.clusters); c++ {
		if label[c] < 0 {
			label[c] = label[t.clusters[c].parent]
		}
	}
	out := make([]int, t.n)
	for p, c := range t.pointOf {
		out[p] = label[c]
	}
	return out
}

// glosh returns the GLOSH outlier score of every point (Campello, Moulavi,
// Zimek & Sander 2015): 1 − eps_max/eps_p, where eps_p is the distance at
// which p leaves its cluster and eps_max the smallest death distance of
// the leaves under that cluster (the densest point of the region). Scores
// lie in [0, 1), higher is more outlying; 0/0 counts as 0, as in R's
// dbscan.
func (t *clusterTree) glosh() []float64 {
	minDeath := make([]float64, len(t.clusters))
	for c := len(t.clusters) - 1; c >= 0; c-- {
		cl := t.clusters[c]
		if cl.left < 0 {
			minDeath[c] = cl.death
		} else {
			minDeath[c] = math.Min(minDeath[cl.left], minDeath[cl.right])
		}
	}
	out := make([]float64, t.n)
	for p, c := range t.pointOf {
		s := 1 - minDeath[c]/t.pointEps[p]
		if math.IsNaN(s) {
			s = 0
		}
		out[p] = s
	}
	return out
}

package cluster

import "math"

// clusterTree is the condensed cluster hierarchy of HDBSCAN (Campello,
// Moulavi & Sander 2013) with the conventions of R's dbscan::hdbscan:
// walking the single-linkage dendrogram from the top, a cluster splits only
// when both parts have at least minSize points; when a smaller part
// breaks off, its points stay in the cluster until each becomes a single
// point (or the cluster splits), so every point leaves exactly one cluster
// at a distance eps (its density λ = 1/eps).
type clusterTree struct {
	n        int
	clusters []treeCluster
	pointOf  []int32   // the cluster each point leaves
	pointEps []float64 // the distance at which it leaves
}

// treeCluster is one node of the condensed tree. Cluster 0 is the root;
// children always have larger ids than their parent.
type treeCluster struct {
	parent      int32
	left, right int32 // -1 for a leaf
	birth       float64
	death       float64
	processed   bool // it has split
	splitSize   int  // points in its two children when it splits
	stability   float64
}

// newClusterTree condenses the dendrogram.
func newClusterTree(n int, merges []merge, minSize int) *clusterTree {
	t := &clusterTree{n: n, pointOf: make([]int32, n), pointEps: make([]float64, n)}
	t.clusters = append(t.clusters, treeCluster{parent: -1, left: -1, right: -1, birth: merges[len(merges)-1].h})
	owner := make([]int32, len(merges)) // cluster of each merge node
	for k := len(merges) - 1; k >= 0; k-- {
		t.visit(merges, owner, k, minSize)
	}
	t.computeStability()
	return t
}

// visit handles merge k of cluster owner[k], walking down.
func (t *clusterTree) visit(merges []merge, owner []int32, k, minSize int) {
	m, c := merges[k], owner[k]
	aLeaf, bLeaf := int(m.a) < t.n, int(m.b) < t.n
	switch {
	case aLeaf && bLeaf:
		t.leave(m.a, c, m.h)
		t.leave(m.b, c, m.h)
		if cl := &t.clusters[c]; !cl.processed {
			cl.death = math.Min(cl.death, m.h)
		}
	case aLeaf || bLeaf:
		p, sub := m.a, m.b
		if bLeaf {
			p, sub = m.b, m.a
		}
		t.leave(p, c, m.h)
		owner[int(sub)-t.n] = c
	default:
		sa, sb := t.size(merges, m.a), t.size(merges, m.b)
		if sa >= minSize && sb >= minSize {
			t.split(merges, owner, c, m, sa+sb)
			return
		}
		owner[int(m.a)-t.n], owner[int(m.b)-t.n] = c, c
	}
}

// size returns the number of points under dendrogram node v.
func (t *clusterTree) size(merges []merge, v int32) int {
	if int(v) < t.n {
		return 1
	}
	return int(merges[int(v)-t.n].size)
}

// leave records that point p leaves cluster c at distance h, or at the
// cluster's death if it has already split.
func (t *clusterTree) leave(p, c int32, h float64) {
	t.pointOf[p] = c
	if cl := t.clusters[c]; cl.processed {
		h = cl.death
	}
	t.pointEps[p] = h
}

// split ends cluster c at merge m and starts one child cluster per side.
func (t *clusterTree) split(merges []merge, owner []int32, c int32, m merge, size int) {
	cl := &t.clusters[c]
	cl.death, cl.processed, cl.splitSize = m.h, true, size
	for i, v := range []int32{m.a, m.b} {
		id := int32(len(t.clusters))
		t.clusters = append(t.clusters, treeCluster{parent: c, left: -1, right: -1,
			birth: m.h, death: merges[int(v)-t.n].h})
		owner[int(v)-t.n] = id
		if i == 0 {
			t.clusters[c].left = id
		} else {
			t.clusters[c].right = id
		}
	}
}

// computeStability sets each cluster's excess of mass
// Σ_p (λ_p − λ_birth) + splitSize·(λ_death − λ_birth), with λ = 1/eps.
func (t *clusterTree) computeStability() {
	floor := t.epsFloor()
	lambda := func(eps float64) float64 { return 1 / math.Max(eps, floor) }
	for p, c := range t.pointOf {
		cl := &t.clusters[c]
		cl.stability += lambda(t.pointEps[p]) - lambda(cl.birth)
	}
	for i := range t.clusters {
		cl := &t.clusters[i]
		if cl.processed {
			cl.stability += float64(cl.splitSize) * (lambda(cl.death) - lambda(cl.birth))
		}
	}
}

// epsFloor is the distance below which densities are capped, so that
// duplicate points (distance 0) give a large finite density instead of
// an infinite one.
func (t *clusterTree) epsFloor() float64 {
	floor := math.Inf(1)
	for _, e := range t.pointEps {
		if e > 0 {
			floor = math.Min(floor, e)
		}
	}
	if math.IsInf(floor, 1) {
		return 1
	}
	return floor * 1e-6
}

// isLeaf reports whether cluster c never splits.
func (t *clusterTree) isLeaf(c int32) bool { return t.clusters[c].left < 0 }

package cluster

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// MSTMethod chooses how HDBSCAN builds the minimum spanning tree.
type MSTMethod int

const (
	// AutoMST uses Borůvka over a k-d tree up to 8 dimensions and Prim's
	// algorithm above that or for fewer than 2000 points.
	AutoMST MSTMethod = iota
	// PrimMST is Prim's algorithm over the implicit complete graph:
	// O(n²d) time, O(n) memory.
	PrimMST
	// BoruvkaMST is Borůvka's algorithm over a k-d tree, fast in low
	// dimensions.
	BoruvkaMST
)

// HDBSCANOptions configures HDBSCAN. The zero value uses
// MinClusterSize = 5.
type HDBSCANOptions struct {
	// MinClusterSize is the fewest points a cluster may have (R's minPts);
	// 0 means 5. It must be at least 2.
	MinClusterSize int
	// MinSamples sets the core distance: the distance to the
	// MinSamples-th nearest point counting the point itself, as R's
	// dbscan counts minPts (scikit-learn's min_samples counts the same
	// way). 0 means MinClusterSize.
	MinSamples int
	// Selection is EOM (the default) or Leaf.
	Selection Selection
	// MST chooses the spanning-tree algorithm; all give the same
	// clustering up to ties in distances.
	MST MSTMethod
	// Threads is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Threads int
	// Progress, if not nil, is called with the fraction done.
	Progress func(fraction float64)
}

// HDBSCANResult is an HDBSCAN clustering.
type HDBSCANResult struct {
	// Labels[i] is the cluster of row i in [0, NumClusters), or −1 for
	// noise. Clusters are numbered by their lowest row index.
	Labels      []int
	NumClusters int
	// Probabilities[i] is row i's strength of membership in its cluster,
	// as R's dbscan defines it: (c_max − core_i)/c_max, where c_max is the
	// largest core distance in the cluster; 0 for noise.
	Probabilities []float64
	// OutlierScores are the GLOSH scores in [0, 1): higher is more
	// outlying (see the outlier package).
	OutlierScores []float64
	// CoreDistances[i] is row i's core distance.
	CoreDistances []float64
	// Stability[c] is the excess of mass of cluster c.
	Stability []float64
}

// HDBSCAN clusters the rows of x by density (Campello, Moulavi & Sander
// 2013): core distances, the minimum spanning tree of the mutual
// reachability distance max(core(a), core(b), ‖a−b‖) (built as McInnes &
// Healy 2017 do: Borůvka over a k-d tree in low dimensions, else Prim),
// its single-linkage hierarchy, the condensed tree, and excess-of-mass (or
// leaf) selection. The conventions follow R's dbscan::hdbscan, the
// reference in the tests.
//
// When every row is the same point the result is one cluster holding all
// of them (probability 1, GLOSH 0). MinClusterSize or MinSamples larger
// than the number of rows is viz.ErrTooFewPoints.
func HDBSCAN(ctx context.Context, x *mat.Dense, opt HDBSCANOptions) (*HDBSCANResult, error) {
	opt, err := checkHDBSCAN(x, opt)
	if err != nil {
		return nil, err
	}
	n, d := x.Dims()
	threads := parallel.Threads(opt.Threads)
	prog := stagedProgress(opt.Progress)
	var tree *kdTree
	useTree := opt.MST == BoruvkaMST || (opt.MST == AutoMST && d <= kdMaxDim && n >= 2000)
	if useTree || d <= kdMaxDim {
		tree = newKDTree(x)
	}
	core, err := coreSqDistances(ctx, x, tree, opt.MinSamples, threads, prog(0, 0.3))
	if err != nil {
		return nil, err
	}
	var edges []edge
	if useTree {
		edges, err = boruvkaMST(ctx, tree, core, threads, prog(0.3, 0.95))
	} else {
		edges, err = primMST(ctx, x, core, threads, prog(0.3, 0.95))
	}
	if err != nil {
		return nil, err
	}
	res := condense(n, edges, core, opt)
	if opt.Progress != nil {
		opt.Progress(1)
	}
	return res, nil
}

// checkHDBSCAN validates the input and fills in defaults.
func checkHDBSCAN(x *mat.Dense, opt HDBSCANOptions) (HDBSCANOptions, error) {
	n, _ := x.Dims()
	if opt.MinClusterSize == 0 {
		opt.MinClusterSize = 5
	}
	if opt.MinSamples == 0 {
		opt.MinSamples = opt.MinClusterSize
	}
	if opt.MinClusterSize < 2 || opt.MinSamples < 1 {
		return opt, fmt.Errorf("cluster: HDBSCAN needs min cluster size ≥ 2 and min samples ≥ 1, got %d and %d", opt.MinClusterSize, opt.MinSamples)
	}
	if opt.MinClusterSize > n || opt.MinSamples > n {
		return opt, fmt.Errorf("cluster: %w: min cluster size %d, min samples %d, but only %d points",
			viz.ErrTooFewPoints, opt.MinClusterSize, opt.MinSamples, n)
	}
	return opt, checkFinite(x)
}

// condense builds the hierarchy from the spanning tree and extracts the
// flat clustering, probabilities and GLOSH scores.
func condense(n int, edges []edge, core []float64, opt HDBSCANOptions) *HDBSCANResult {
	coreDist := make([]float64, n)
	for i, c := range core {
		coreDist[i] = math.Sqrt(c)
	}
	merges := singleLinkage(n, edges)
	if merges[len(merges)-1].h == 0 {
		return identicalPoints(coreDist)
	}
	t := newClusterTree(n, merges, opt.MinClusterSize)
	selected := t.selectClusters(opt.Selection)
	labels := t.labels(selected)
	stab := make([]float64, len(selected))
	for i, c := range selected {
		stab[i] = t.clusters[c].stability
	}
	res := &HDBSCANResult{Labels: labels, NumClusters: len(selected), OutlierScores: t.glosh(),
		CoreDistances: coreDist, Stability: stab}
	res.renumber()
	res.Probabilities = membership(res.Labels, res.NumClusters, coreDist)
	return res
}

// identicalPoints is the documented result when all points coincide.
func identicalPoints(core []float64) *HDBSCANResult {
	n := len(core)
	prob := make([]float64, n)
	for i := range prob {
		prob[i] = 1
	}
	return &HDBSCANResult{Labels: make([]int, n), NumClusters: 1, Probabilities: prob,
		OutlierScores: make([]float64, n), CoreDistances: core, Stability: []float64{0}}
}

// renumber orders clusters by their lowest row index.
func (r *HDBSCANResult) renumber() {
	order := make([]int, r.NumClusters)
	for i := range order {
		order[i] = -1
	}
	next := 0
	for _, l := range r.Labels {
		if l >= 0 && order[l] < 0 {
			order[l] = next
			next++
		}
	}
	for i, l := range r.Labels {
		if l >= 0 {
			r.Labels[i] = order[l]
		}
	}
	stab := slices.Clone(r.Stability)
	for old, nw := range order {
		if nw >= 0 {
			r.Stability[nw] = stab[old]
		}
	}
}

// membership returns R's dbscan membership probabilities.
func membership(labels []int, k int, core []float64) []float64 {
	maxCore := make([]float64, k)
	for i, l := range labels {
		if l >= 0 {
			maxCore[l] = math.Max(maxCore[l], core[i])
		}
	}
	prob := make([]float64, len(labels))
	for i, l := range labels {
		switch {
		case l < 0:
		case maxCore[l] == 0:
			prob[i] = 1
		default:
			prob[i] = (maxCore[l] - core[i]) / maxCore[l]
		}
	}
	return prob
}

// stagedProgress maps a stage's own 0–1 progress into [lo, hi] of the
// whole.
func stagedProgress(p func(float64)) func(lo, hi float64) func(float64) {
	return func(lo, hi float64) func(float64) {
		if p == nil {
			return nil
		}
		return func(f float64) { p(lo + (hi-lo)*f) }
	}
}

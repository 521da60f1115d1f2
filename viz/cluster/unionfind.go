package cluster

// unionFind is a disjoint-set forest with path halving and union by size
// (Tarjan 1975).
type unionFind struct {
	parent, size []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = int32(i), 1
	}
	return u
}

// find returns the representative of i's set.
func (u *unionFind) find(i int32) int32 {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union merges the sets of representatives a and b and returns the new
// representative.
func (u *unionFind) union(a, b int32) int32 {
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
	return a
}

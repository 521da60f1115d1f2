// Package neighbors builds k-nearest-neighbour graphs under the Euclidean
// distance: exact by brute force for small inputs, approximate by
// NN-descent (Dong, Moses & Li 2011) for large ones. t-SNE, UMAP, the
// quality metrics, HDBSCAN and the outlier scores all start from a Graph.
package neighbors

// Package projection maps latent codes to two dimensions for the map.
//
// Each method is a Projector whose Fit lays out the rows of a matrix:
//
//   - PCA: principal component analysis by a blocked, multi-threaded
//     covariance and a symmetric eigendecomposition, or by randomized SVD
//     (Halko, Martinsson & Tropp 2011) when the dimension is large.
//   - t-SNE: t-distributed stochastic neighbour embedding (van der Maaten &
//     Hinton 2008) on a sparse kNN affinity graph, with the gradient's
//     repulsive term by Barnes-Hut (van der Maaten 2014), FFT-accelerated
//     interpolation (Linderman et al. 2019) or, for at most 1,000 points,
//     the direct sum.
//   - UMAP: uniform manifold approximation and projection (McInnes, Healy &
//     Melville 2018).
//   - Axes: custom axes, the dot products with two directions.
//
// After Fit, a projector that can place a new latent vector on its map
// implements Placer (the GUI's "you are here" marker), and one that can map a
// position back to a latent vector implements Inverter.
//
// Inputs with one or two columns need no projection: Fit passes them through
// (see PassThrough). Rows holding NaN or Inf are an error naming the row.
package projection

// Package viz is the home of Latent Explorer's analyses and pictures. Its
// subpackages compute on plain gonum matrices and never need Fyne or
// package model:
//
//   - neighbors: k-nearest-neighbour graphs (exact and approximate)
//   - projection: PCA, t-SNE, UMAP and custom axes
//   - quality: trustworthiness, continuity, kNN recall and accuracy
//   - cluster: k-means and HDBSCAN
//   - outlier: kNN distance, LOF, GLOSH and prior density scores
//   - render: the fast raster scatter, palettes and colour maps
//   - export: publication figures with gonum/plot
//   - grid: traversal grids, interpolation strips and their GIFs
//
// One exception, and only one: viz may import model/sgemm and nothing else
// of model. sgemm is the packed single-precision matrix product shared with
// the ONNX interpreter; it is a leaf (it imports nothing of the project),
// so importing it pulls in no files, spaces or decoders. viz/projection's
// exact kNN graph (knn_gemm.go) uses it for its distance products.
// TestImportRule holds viz to this.
//
// Kernels the subpackages share live once, in viz/internal: parallel (the
// goroutine loops over rows and their progress) and vec (the squared
// Euclidean distance, full and bounded), knn (the bounded heap every exact
// k-nearest-neighbour search keeps its candidates in). The sentinel errors ErrTooFewPoints and
// ErrNotFinite, and CheckFinite, are this package's; the subpackages wrap
// them with their own name and details.
package viz

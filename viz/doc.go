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
// Two exceptions, both leaves of model (they import nothing of the
// project, so importing them pulls in no files, spaces or decoders):
// model/sgemm, the packed single-precision matrix product shared with the
// ONNX interpreter, which viz/projection's exact kNN graph (knn_gemm.go)
// uses for its distance products; and model/safefile, the program's one
// atomic file writer, through which viz/export writes its figures.
// TestImportRule holds viz to this.
//
// Kernels the subpackages share live once, in viz/internal: parallel (the
// goroutine loops over rows and their progress) and vec (the squared
// Euclidean distance, full and bounded), knn (the bounded heap every exact
// k-nearest-neighbour search keeps its candidates in). The sentinel errors ErrTooFewPoints and
// ErrNotFinite, and CheckFinite, are this package's; the subpackages wrap
// them with their own name and details.
package viz

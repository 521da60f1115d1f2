// Package viz is the home of Latent Explorer's analyses and pictures. Its
// subpackages compute on plain gonum matrices and never need package model
// or Fyne:
//
//   - neighbors: k-nearest-neighbour graphs (exact and approximate)
//   - projection: PCA, t-SNE, UMAP and custom axes
//   - quality: trustworthiness, continuity, kNN recall and accuracy
//   - cluster: k-means and HDBSCAN
//   - outlier: kNN distance, LOF, GLOSH and prior density scores
//   - render: the fast raster scatter, palettes and colour maps
//   - export: publication figures with gonum/plot
//   - grid: traversal grids, interpolation strips and their GIFs
package viz

// Package cluster groups latent codes: k-means (Lloyd's problem solved with
// Hamerly's exact accelerated algorithm, k-means++ seeding, restarts, and a
// mini-batch variant for large inputs) and HDBSCAN (Campello, Moulavi &
// Sander 2013, with the fast minimum-spanning-tree construction of McInnes &
// Healy 2017), with the measures used to judge a clustering: the adjusted
// Rand index, the silhouette score, and per-cluster summaries (size,
// centroid, medoid).
//
// Inputs are the rows of a *mat.Dense. Rows holding NaN or ±Inf are an
// error (viz.ErrNotFinite), as is asking for more clusters than there are
// points (viz.ErrTooFewPoints). Labels are 0, 1, …; HDBSCAN labels noise −1.
// All randomness comes from the caller's seed, and results do not depend on
// the number of threads.
package cluster

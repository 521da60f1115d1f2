// Package outlier scores how unusual each latent code is. Every score is
// oriented the same way: higher means more unusual.
//
//   - KthNeighborDistance: the distance to the k-th nearest neighbour
//     (Ramaswamy, Rastogi & Shim 2000); in the units of the codes.
//   - LOF: the local outlier factor (Breunig, Kriegel, Ng & Sander 2000);
//     about 1 inside a cluster, larger for points less dense than their
//     neighbours. It equals −negative_outlier_factor_ of scikit-learn's
//     LocalOutlierFactor.
//   - GLOSH: the global-local outlier score from hierarchies (Campello,
//     Moulavi, Zimek & Sander 2015), computed by HDBSCAN; in [0, 1).
//   - GaussianPrior and UniformPrior: the negative log-density of the code
//     under the latent prior (nats): a standard normal N(0, I) for VAEs,
//     a uniform box for GANs sampling U(lo, hi)^d.
//   - ReconstructionError: the mean squared difference between a data item
//     and the decoding of its code, for spaces with a decoder and data.
//
// The package needs no model: reconstruction takes the decoder as a
// function.
package outlier

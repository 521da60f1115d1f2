// Package quality measures how faithfully a 2-D map shows the neighbourhoods
// of the latent codes it was made from:
//
//   - trustworthiness: are a point's neighbours on the map also its
//     neighbours in latent space? (Venna & Kaski 2006)
//   - continuity: are its latent neighbours kept together on the map?
//     (Venna & Kaski 2006)
//   - kNN recall: the fraction of its k latent neighbours that are among
//     its k map neighbours;
//   - kNN accuracy: how often the majority label of its k map neighbours is
//     its own label.
//
// All four come from one pass that computes, for each evaluated point, its
// distances to every point in both spaces, so they are exact; for large
// inputs the average can be taken over a seeded random sample of points
// (Options.Sample), still ranked against all points.
package quality

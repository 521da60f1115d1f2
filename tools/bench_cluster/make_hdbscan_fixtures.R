#!/usr/bin/Rscript
# Reference HDBSCAN results from R's dbscan (Debian r-cran-dbscan) for the
# data files written by make_fixtures.py. Run from the repository root:
#     Rscript tools/bench_cluster/make_hdbscan_fixtures.R
# For each viz/cluster/testdata/hdb_NAME.csv it writes hdb_NAME_r.csv with
# columns cluster (0 = noise), outlier (GLOSH) and prob (membership).
suppressMessages(library(dbscan))
cases <- list(blobs2d = 10, blobs10d = 10, moons = 8, mnist = 15)
for (name in names(cases)) {
  x <- as.matrix(read.csv(sprintf("viz/cluster/testdata/hdb_%s.csv", name), header = FALSE))
  h <- hdbscan(x, minPts = cases[[name]])
  out <- data.frame(cluster = h$cluster, outlier = h$outlier_scores, prob = h$membership_prob)
  con <- file(sprintf("viz/cluster/testdata/hdb_%s_r.csv", name), "w")
  writeLines(sprintf("# R %s dbscan %s: hdbscan(x, minPts = %d)", getRversion(),
                     packageVersion("dbscan"), cases[[name]]), con)
  write.csv(format(out, digits = 12), con, row.names = FALSE, quote = FALSE)
  close(con)
}

#!/usr/bin/Rscript
# Time R's dbscan::hdbscan on one CSV without header:
#     Rscript bench_r.R DATA.csv MINPTS DIGITS.txt
# Prints wall and CPU time and the ARI against the first n digit labels.
suppressMessages(library(dbscan))
args <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(args[1], header = FALSE))
minPts <- as.integer(args[2])
t <- system.time(h <- hdbscan(x, minPts = minPts))
y <- scan(args[3], quiet = TRUE)[seq_len(nrow(x))]
ari <- function(a, b) {
  tab <- table(a, b)
  s <- sum(choose(tab, 2)); sa <- sum(choose(rowSums(tab), 2)); sb <- sum(choose(colSums(tab), 2))
  e <- sa * sb / choose(length(a), 2)
  (s - e) / ((sa + sb) / 2 - e)
}
cat(sprintf("R %s dbscan %s hdbscan n=%d d=%d minPts=%d: %.3f s wall, %.3f s CPU, %d clusters, %d noise, ARI vs digits %.4f\n",
            getRversion(), packageVersion("dbscan"), nrow(x), ncol(x), minPts, t[["elapsed"]],
            t[["user.self"]] + t[["sys.self"]], length(setdiff(unique(h$cluster), 0)), sum(h$cluster == 0),
            ari(h$cluster, y)))

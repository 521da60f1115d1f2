// Package knn holds the bounded max-heap that every exact k-nearest-
// neighbour search in viz keeps its candidates in (neighbors' brute force,
// projection's blocked-product graph, quality's neighbourhoods): the k
// nearest (index, squared distance) pairs offered so far, ties broken by
// the smaller index, so that a result never depends on the order in which
// candidates were offered or on the thread count.
package knn

// Package grid composes small images — decoded latent vectors — into the
// pictures Latent Explorer exports: labelled grids (a latent traversal:
// one row per dimension, one column per step) and strips (an
// interpolation between two codes), as one image or as the frames of an
// animated GIF.
//
// Grid upscales each image with nearest-neighbour sampling into a square
// cell, so the decoder's pixels stay sharp, separates cells by a 2-pixel
// gutter and writes row and column labels in the fixed 7×13 font of
// golang.org/x/image/font/basicfont. Layout gives the geometry without
// drawing, for callers that place their own marks. Plot draws a decoded
// vector (a decoder whose output is not an image) as a small line plot
// that fits a cell.
//
// WritePNG writes a picture as PNG, greyscale when it is all grey.
// WriteGIF writes frames as a looping GIF: grayscale frames exactly on a
// 256-level grey palette, colour frames with Floyd–Steinberg error
// diffusion (Floyd & Steinberg 1976) onto the Plan 9 palette.
//
// The package never needs package model: it takes image.Image values and
// plain slices.
package grid

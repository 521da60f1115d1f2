// Package model holds a latent space and its files: the codes, metadata and
// data readers and writers, the latent.toml manifest, the decoders and
// encoders (over the ONNX interpreter in model/onnx), and latent math:
// directions, interpolation and priors. It never imports Fyne.
package model

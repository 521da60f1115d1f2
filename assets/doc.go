// Package assets embeds what ships inside the latent binary: the demo spaces
// and the application icon.
//
// A demo space is a folder with a latent.toml and the files it names
// (decoder and encoder ONNX models, codes, labels, images, a stored map).
// Demos lists them, Demo gives one as an fs.FS, and Export writes one to a
// folder, so it can be opened like any space or copied as a pattern. The
// spaces are made, reproducibly, by the scripts in tools/demo, whose README
// records the commands, the time they took and the model's figures.
package assets

// Package assets embeds what ships inside the latent binary: the demo spaces
// and the application icon.
package assets

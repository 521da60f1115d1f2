// Package widgets holds Latent Explorer's custom Fyne widgets: the map
// (MapView), the decoded output (OutputView) and the latent sliders
// (SliderPanel). Each embeds widget.BaseWidget and has its own renderer.
package widgets

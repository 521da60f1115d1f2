// Package export makes publication figures of maps with gonum.org/v1/plot
// and writes a map's data for other tools.
//
// A Map describes one figure: the points, how they are coloured (by
// category with a legend, or by value with a colour bar), the axis labels,
// an optional title, a highlighted selection and optional thumbnails drawn
// at the points. Map.Save writes it as PNG (at a chosen DPI), SVG, PDF or
// EPS.
//
// Vector formats stay small and fast for large maps: up to
// Map.MaxVectorPoints points are drawn as true vector circles; beyond that
// the points are one embedded raster layer (drawn by package render) under
// vector axes, legend and text, so that a 100,000-point SVG or PDF is a
// few hundred kilobytes rather than the ten megabytes of one path per
// point, and text stays sharp and selectable.
//
// The coordinates themselves are written by model.WriteCoords, beside the
// reader of the files it writes.
package export

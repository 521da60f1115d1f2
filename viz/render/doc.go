// Package render draws 2-D scatter maps of up to millions of points into
// an *image.RGBA fast enough for an interactive map: the GUI redraws on every
// pan, zoom and hover, so Draw allocates nothing once the target image size
// is fixed.
//
// The pieces:
//
//   - View is the data window shown in an image: ToPixel and ToData convert
//     between data and pixel coordinates; FitView, Zoom, Pan and WithAspect
//     make new windows.
//   - Renderer holds the points (interleaved x, y pairs), their colouring
//     (ColorByCategory with a categorical palette, ColorByValue with a
//     ColorMap, or Uniform), hidden categories, the highlighted selection and
//     a "you are here" marker, and draws them with Draw. Points blend with
//     alpha, so density shows.
//   - Palettes: OkabeIto (Okabe & Ito 2008, colour-blind safe), Tableau10,
//     Tableau20, and Categorical(n) which extends them to any n with hues
//     spaced by the golden angle in the OKLCH colour space (Ottosson 2020).
//   - Colour maps: Viridis (van der Walt & Smith 2015, perceptually uniform)
//     and CoolWarm (Moreland 2009, diverging), and ColorBar to draw one.
//   - Index is a uniform grid over the points for hit-testing: Nearest for
//     hover and click, InRect for box selection, InPolygon for lasso
//     selection.
//
// Coordinates are data units with y pointing up; pixel coordinates have
// their origin at the top-left of the image with y pointing down, and pixel
// (i, j) covers [i, i+1) × [j, j+1).
package render

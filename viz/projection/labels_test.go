package projection

import "testing"

func TestAxisLabels(t *testing.T) {
	fitted := &PCA{VarianceRatio: []float64{0.3124, 0.1}}
	cases := []struct {
		method string
		p      Projector
		x, y   string
	}{
		{"pca", fitted, "PC 1 (31.2% of variance)", "PC 2 (10.0% of variance)"},
		{"pca", nil, "PC 1", "PC 2"},
		{"pca", &PCA{VarianceRatio: []float64{1}}, "PC 1", "PC 2"},
		{"tsne", nil, "t-SNE 1", "t-SNE 2"},
		{"umap", nil, "UMAP 1", "UMAP 2"},
		{"latent", nil, "z0", "z1"},
		{"custom", nil, "axis 1", "axis 2"},
		{"", nil, "dimension 1", "dimension 2"},
		{"isomap", nil, "isomap 1", "isomap 2"},
	}
	for _, c := range cases {
		if x, y := AxisLabels(c.method, c.p); x != c.x || y != c.y {
			t.Errorf("%q: %q, %q; want %q, %q", c.method, x, y, c.x, c.y)
		}
	}
}

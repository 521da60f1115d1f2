package projection

import "fmt"

// AxisLabels names a map's axes after the method that made it, as every
// figure and coordinate export does: "PC 1 (31.2% of variance)" when p is
// a fitted 2-component PCA, else "PC 1" for "pca", "t-SNE 1", "UMAP 1",
// "z0" and "z1" for codes shown as they are ("latent"), "axis 1" for
// custom axes, "dimension 1" for coordinates of unknown origin (""), and
// the method's own name otherwise. p may be nil.
func AxisLabels(method string, p Projector) (x, y string) {
	if pca, ok := p.(*PCA); ok && len(pca.VarianceRatio) == 2 {
		return fmt.Sprintf("PC 1 (%.1f%% of variance)", 100*pca.VarianceRatio[0]),
			fmt.Sprintf("PC 2 (%.1f%% of variance)", 100*pca.VarianceRatio[1])
	}
	if method == "latent" {
		return "z0", "z1"
	}
	name := map[string]string{"pca": "PC", "tsne": "t-SNE", "umap": "UMAP", "custom": "axis", "": "dimension"}[method]
	if name == "" {
		name = method
	}
	return name + " 1", name + " 2"
}

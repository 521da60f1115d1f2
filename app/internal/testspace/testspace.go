// Package testspace holds the small fixtures the tests of app and
// app/session share: a decoder that visibly follows its latent vector and
// a space of three separated clusters. It imports no Fyne, so the session
// core's tests may use it too.
package testspace

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/latent-explorer/latent/model"
)

// LinearDecoder decodes z (D values) to an 8×8 image whose pixel p is
// sigmoid(Σ_j sin(p(j+1))·z[j]): enough to see that the output follows z.
type LinearDecoder struct{ D int }

// LatentDim is D.
func (l LinearDecoder) LatentDim() int { return l.D }

// OutputShape is one 8×8 grey image.
func (l LinearDecoder) OutputShape() []int { return []int{1, 8, 8} }

// Decode writes the 64 pixels of z's image into dst.
func (l LinearDecoder) Decode(z, dst []float32) ([]float32, error) {
	if len(z) != l.D {
		return nil, errors.New("linearDecoder: wrong size")
	}
	dst = append(dst[:0], make([]float32, 64)...)
	for p := range dst {
		var s float64
		for j, v := range z {
			s += math.Sin(float64(p*(j+1))) * float64(v)
		}
		dst[p] = float32(1 / (1 + math.Exp(-s)))
	}
	return dst, nil
}

// N and Dim are the size of Space's codes.
const N, Dim = 180, 4

// Space is three well-separated clusters of 60 codes in 4-D (point i is in
// cluster i mod 3) with their labels and, if withMap, a stored t-SNE map
// (the first two code dimensions, seed 7, perplexity 12). The same seed
// gives the same space every call.
func Space(withMap bool) *model.Space {
	r := rand.New(rand.NewPCG(3, 4))
	c := &model.Codes{N: N, D: Dim, Data: make([]float32, N*Dim)}
	labels := make([]float64, N)
	xy := make([]float64, 2*N)
	for i := range N {
		k := i % 3
		labels[i] = float64(k)
		for j := range Dim {
			c.Data[i*Dim+j] = float32(4*float64(k)*float64(j%2*2-1) + r.NormFloat64()*0.5)
		}
		xy[2*i], xy[2*i+1] = float64(c.Data[i*Dim]), float64(c.Data[i*Dim+1])
	}
	m := model.Manifest{Name: "test space", Codes: "codes.npy",
		Output: model.OutputSpec{Kind: "image", Shape: []int{1, 8, 8}, Range: [2]float64{0, 1}, Channels: "gray"},
		Prior:  model.PriorSpec{Kind: "gaussian"}}
	s := &model.Space{Manifest: m, Codes: c, Meta: &model.Table{Columns: []*model.Column{
		{Name: "label", Numbers: labels},
	}}}
	if withMap {
		s.Manifest.Map = &model.MapSpec{Coords: "map.npy", Method: "tsne", Seed: 7, Perplexity: 12}
		s.Map = &model.Array{Shape: []int{N, 2}, DType: "float64", Data: xy}
	}
	return s
}

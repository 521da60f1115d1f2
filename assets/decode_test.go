package assets

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/quality"
)

// The fixtures under testdata/<demo>/ are PyTorch 1.13's outputs, written
// by tools/demo/train.py when it trained the embedded models.

// pytorchTol is how far our ONNX runtime may be from PyTorch, per value.
const pytorchTol = 1e-4

// demoModels opens the embedded demo and loads its decoder and encoder.
func demoModels(t *testing.T, name string) (*model.Space, *model.Decoder, *model.Encoder) {
	t.Helper()
	s := openDemo(t, name)
	dec, err := model.LoadDecoder(s.DecoderPath())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	enc, err := model.LoadEncoder(s.EncoderPath())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s, dec, enc
}

// fixture reads testdata/<demo>/<file> as float32 values and its shape.
func fixture(t *testing.T, demo, file string) ([]float32, []int) {
	t.Helper()
	a, err := model.ReadArray(filepath.Join("testdata", demo, file), "")
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float32, len(a.Data))
	for i, x := range a.Data {
		v[i] = float32(x)
	}
	return v, a.Shape
}

func maxAbsDiff(a, b []float32) float64 {
	var m float64
	for i := range a {
		m = math.Max(m, math.Abs(float64(a[i]-b[i])))
	}
	return m
}

func TestDecoderMatchesPyTorch(t *testing.T) {
	for _, name := range Demos() {
		_, dec, _ := demoModels(t, name)
		z, zs := fixture(t, name, "check_z.npy")
		want, _ := fixture(t, name, "check_x.npy")
		got, err := dec.DecodeBatch(z, zs[0], nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: decoded %d values, PyTorch %d", name, len(got), len(want))
		}
		if d := maxAbsDiff(got, want); d > pytorchTol {
			t.Errorf("%s: decoder differs from PyTorch by up to %g, want ≤ %g", name, d, pytorchTol)
		}
	}
}

func TestEncoderMatchesPyTorch(t *testing.T) {
	for _, name := range Demos() {
		s, _, enc := demoModels(t, name)
		want, ws := fixture(t, name, "check_mean.npy")
		x := images(s, 0, ws[0])
		got, err := enc.Encode(x, ws[0], nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := maxAbsDiff(got, want); d > pytorchTol {
			t.Errorf("%s: encoder means differ from PyTorch by up to %g, want ≤ %g", name, d, pytorchTol)
		}
		// The stored codes are PyTorch's means of the same images.
		if d := maxAbsDiff(s.Codes.Data[:len(want)], want); d > 0 {
			t.Errorf("%s: codes.npy differs from the fixture by %g", name, d)
		}
	}
}

// images returns the space's data items lo..hi-1 as grey levels in [0, 1],
// the encoder's input.
func images(s *model.Space, lo, hi int) []float32 {
	item, _, _ := s.Item(0)
	x := make([]float32, 0, (hi-lo)*len(item))
	for i := lo; i < hi; i++ {
		item, _, _ := s.Item(i)
		for _, v := range item {
			x = append(x, float32(v/255))
		}
	}
	return x
}

// reconFigures are the reconstruction errors PyTorch measured (recon.json).
type reconFigures struct {
	MSEFirst1000          float64 `json:"mse_first1000"`
	BaselineMSEClassMean  float64 `json:"baseline_mse_class_mean"`
	BaselineMSEGlobalMean float64 `json:"baseline_mse_global_mean"`
}

func readRecon(t *testing.T, demo string) reconFigures {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", demo, "recon.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reconFigures
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("recon.json: %v", err)
	}
	return r
}

// TestDecodingReproducesImages decodes the codes of the first 1000 test
// digits and compares them with the digits (grey levels in [0, 1]).
//
// The thresholds are measured: PyTorch's mean squared error on these 1000
// images is 0.01088 for mnist-16 and 0.04009 for mnist-2d (recon.json);
// the thresholds are those rounded up by about 5%, room for our runtime's
// ≤ 1e-4 per-pixel difference from PyTorch (which moves the MSE by at most
// ~2e-5) but not for a wrong model, wrong codes or misaligned images. For
// scale, the best image that knows only the digit's class (its training
// class mean) has an MSE of 0.0529 on the test set: the 16-d codes carry
// about five times less error than the label alone.
func TestDecodingReproducesImages(t *testing.T) {
	thresholds := map[string]float64{"mnist-16": 0.0115, "mnist-2d": 0.0420}
	for _, name := range Demos() {
		if _, ok := thresholds[name]; !ok {
			t.Errorf("no reconstruction threshold for demo %s", name)
			continue
		}
		s, dec, _ := demoModels(t, name)
		r := readRecon(t, name)
		const n = 1000
		got, err := dec.DecodeBatch(s.Codes.Data[:n*s.Codes.D], n, nil)
		if err != nil {
			t.Fatal(err)
		}
		x := images(s, 0, n)
		var sum float64
		for i := range x {
			d := float64(got[i] - x[i])
			sum += d * d
		}
		mse := sum / float64(len(x))
		t.Logf("%s: reconstruction MSE %.5f (PyTorch %.5f; class-mean baseline %.5f)", name, mse, r.MSEFirst1000, r.BaselineMSEClassMean)
		if mse > r.MSEFirst1000*1.02 {
			t.Errorf("%s: reconstruction MSE %.5f, PyTorch's is %.5f", name, mse, r.MSEFirst1000)
		}
		if limit := thresholds[name]; mse > limit {
			t.Errorf("%s: reconstruction MSE %.5f above the measured threshold %.5f", name, mse, limit)
		}
	}
}

// TestClassMeanCodes decodes each digit's mean code and classifies the
// image by the nearest training-set class mean (in pixel space; the 10×784
// means were computed by tools/demo/train.py from MNIST's training images).
// The issue asks for 9 of 10 digits on the 16-d demo (it gets 10); the 2-d
// demo's mean codes of 4 and 9, and of 5 and 3, fall where those digits
// overlap in the plane (train.py measured 8 of 10), so it is held to 8.
func TestClassMeanCodes(t *testing.T) {
	minRight := map[string]int{"mnist-16": 9, "mnist-2d": 8}
	for _, name := range Demos() {
		want, ok := minRight[name]
		if !ok {
			t.Errorf("no class-mean threshold for demo %s", name)
			continue
		}
		s, dec, _ := demoModels(t, name)
		means, _ := fixture(t, name, "train_class_means.npy")
		labels := s.Meta.Column("label").Numbers
		right := 0
		for c := range 10 {
			var idx []int
			for i, l := range labels {
				if int(l) == c {
					idx = append(idx, i)
				}
			}
			z, err := model.MeanOf(s.Codes, idx)
			if err != nil {
				t.Fatal(err)
			}
			img, err := dec.Decode(toFloat32(z), nil)
			if err != nil {
				t.Fatal(err)
			}
			got := nearestMean(img, means)
			t.Logf("%s: digit %d's mean code decodes to a %d", name, c, got)
			if got == c {
				right++
			}
		}
		if right < want {
			t.Errorf("%s: %d of 10 mean codes decode to their digit, want ≥ %d", name, right, want)
		}
	}
}

func toFloat32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// nearestMean returns the class whose mean image (rows of means, 784
// values each) is closest to img in Euclidean distance.
func nearestMean(img, means []float32) int {
	best, bestD := -1, math.Inf(1)
	for c := range len(means) / len(img) {
		var d float64
		for j, v := range img {
			e := float64(v - means[c*len(img)+j])
			d += e * e
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// TestStoredMapTrustworthiness checks the stored t-SNE map of the 16-d
// demo with the trustworthiness of Venna & Kaski (k = 10): 0.9900 over all
// 10,000 points (also what latent quality reports). Under the race
// detector, or with -short, it is estimated from 500 seeded points.
func TestStoredMapTrustworthiness(t *testing.T) {
	opts := quality.Options{K: 10}
	if raceEnabled || testing.Short() {
		opts.Sample, opts.Seed = 500, 1
	}
	s := openDemo(t, DefaultDemo)
	n, d := s.Codes.N, s.Codes.D
	x := mat.NewDense(n, d, nil)
	for i := range n {
		for j, v := range s.Codes.Row(i) {
			x.Set(i, j, float64(v))
		}
	}
	y := mat.NewDense(n, 2, append([]float64(nil), s.Map.Data...))
	r, err := quality.Evaluate(context.Background(), x, y, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stored map: trustworthiness %.4f, continuity %.4f (k = 10, %d of %d points)", r.Trustworthiness, r.Continuity, r.Evaluated, r.N)
	if r.Trustworthiness < 0.95 {
		t.Errorf("stored map trustworthiness %.4f, want ≥ 0.95", r.Trustworthiness)
	}
}

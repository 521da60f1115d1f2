package model

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/sbinet/npyio"
)

// The fixtures are model/onnx's, made by tools/onnx/make_fixtures.py; the
// reference outputs are PyTorch 1.13's.
func onnxFixture(name string) string { return filepath.Join("onnx", "testdata", name) }

func readF32(t *testing.T, name string) ([]float32, []int) {
	t.Helper()
	f, err := os.Open(onnxFixture(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := npyio.NewReader(bufio.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	var v []float32
	if err := r.Read(&v); err != nil {
		t.Fatal(err)
	}
	return v, r.Header.Descr.Shape
}

func maxDiff(a, b []float32) float64 {
	m := 0.0
	for i := range a {
		m = math.Max(m, math.Abs(float64(a[i]-b[i])))
	}
	return m
}

func TestDecoderFixtures(t *testing.T) {
	for _, c := range []struct {
		name  string
		d     int
		shape string
		image bool
	}{
		{"conv_vae_decoder", 8, "[1 28 28]", true},
		{"dcgan_small", 16, "[3 64 64]", true},
		{"layernorm_gelu", 5, "[6 6]", true},
		{"tabular_decoder", 4, "[8]", false},
		{"mlp_784", 16, "[1 28 28]", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dec, err := LoadDecoder(onnxFixture(c.name + ".onnx"))
			if err != nil {
				t.Fatal(err)
			}
			if dec.LatentDim() != c.d || fmt.Sprint(dec.OutputShape()) != c.shape || dec.IsImage() != c.image {
				t.Fatalf("d=%d shape=%v image=%v", dec.LatentDim(), dec.OutputShape(), dec.IsImage())
			}
			z, zs := readF32(t, c.name+".in0.npy")
			want, _ := readF32(t, c.name+".out0.npy")
			got, err := dec.DecodeBatch(z, zs[0], nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := maxDiff(got, want); d > 1e-4 {
				t.Errorf("batch: max abs error %g", d)
			}
			item := len(want) / zs[0]
			one, err := dec.Decode(z[c.d:2*c.d], nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := maxDiff(one, want[item:2*item]); d > 1e-4 {
				t.Errorf("single: max abs error %g", d)
			}
		})
	}
}

func TestDecoderErrors(t *testing.T) {
	_, err := LoadDecoderWith(onnxFixture("conv_encoder.onnx"), DecodingSpec{Latent: "z"})
	if err == nil || !strings.Contains(err.Error(), `the model has no input "z" (its inputs: x)`) {
		t.Errorf("a missing latent input: %v", err)
	}
	if _, err := LoadDecoder("no/such.onnx"); err == nil {
		t.Error("a missing file loaded")
	}
	dec, err := LoadDecoder(onnxFixture("conv_vae_decoder.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dec.Decode(make([]float32, 3), nil); err == nil {
		t.Error("wrong latent size accepted")
	}
	if _, err := dec.DecodeBatch(make([]float32, 17), 2, nil); err == nil {
		t.Error("ragged batch accepted")
	}
}

func TestDecodeAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	dec, err := LoadDecoder(onnxFixture("conv_vae_decoder.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	z := make([]float32, dec.LatentDim())
	dst, _ := dec.Decode(z, nil)
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := dec.Decode(z, dst); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Decode allocates %v times per call", allocs)
	}
}

// TestDecoderConcurrent decodes from several goroutines at once; run
// with -race.
func TestDecoderConcurrent(t *testing.T) {
	dec, err := LoadDecoder(onnxFixture("conv_vae_decoder.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	z, zs := readF32(t, "conv_vae_decoder.in0.npy")
	want, _ := readF32(t, "conv_vae_decoder.out0.npy")
	item := len(want) / zs[0]
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := g % zs[0]
			var dst []float32
			for range 5 {
				var err error
				dst, err = dec.Decode(z[i*8:(i+1)*8], dst)
				if err != nil {
					t.Error(err)
					return
				}
				if d := maxDiff(dst, want[i*item:(i+1)*item]); d > 1e-4 {
					t.Errorf("goroutine %d: max abs error %g", g, d)
				}
			}
		}()
	}
	wg.Wait()
}

func TestEncoderFixture(t *testing.T) {
	enc, err := LoadEncoder(onnxFixture("conv_encoder.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if enc.LatentDim() != 4 || fmt.Sprint(enc.InputShape()) != "[1 16 16]" {
		t.Fatalf("d=%d input %v", enc.LatentDim(), enc.InputShape())
	}
	x, xs := readF32(t, "conv_encoder.in0.npy")
	want, _ := readF32(t, "conv_encoder.out0.npy") // the mean head
	got, err := enc.Encode(x, xs[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := maxDiff(got, want); d > 1e-4 {
		t.Errorf("max abs error %g", d)
	}
	if _, err := enc.Encode(x[:10], 1, nil); err == nil {
		t.Error("short input accepted")
	}
	if _, err := LoadEncoder(familyPath("stylegan2_opset11.onnx")); err == nil || !strings.Contains(err.Error(), "2 inputs") {
		t.Errorf("a two-input model loaded as encoder: %v", err)
	}
}

// benchModel returns a model for the speed benchmarks: from
// $LATENT_BENCH_DIR (written by tools/onnx/bench.py: mlp.onnx, the MLP
// 16→512→784, and dcgan64.onnx, the DCGAN generator with ngf=64), else the
// committed fixture of the same shape when there is one.
func benchModel(b *testing.B, name, fixture string) *Decoder {
	path := ""
	if dir := os.Getenv("LATENT_BENCH_DIR"); dir != "" {
		path = filepath.Join(dir, name+".onnx")
	} else if fixture != "" {
		path = onnxFixture(fixture + ".onnx")
	} else {
		b.Skip("set LATENT_BENCH_DIR (tools/onnx/bench.py does)")
	}
	dec, err := LoadDecoder(path)
	if err != nil {
		b.Fatal(err)
	}
	return dec
}

func benchDecode(b *testing.B, dec *Decoder) {
	for _, n := range []int{1, 64} {
		b.Run(fmt.Sprintf("batch%d", n), func(b *testing.B) {
			z := make([]float32, n*dec.LatentDim())
			for i := range z {
				z[i] = float32(math.Sin(float64(i)))
			}
			dst, err := dec.DecodeBatch(z, n, nil)
			if err != nil {
				b.Fatal(err)
			}
			var lat []time.Duration
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				if n == 1 {
					dst, err = dec.Decode(z, dst)
				} else {
					dst, err = dec.DecodeBatch(z, n, dst)
				}
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*99/100]), "p99-ns")
		})
	}
}

// BenchmarkDecodeMLP decodes with the MLP 16→512→784 (sigmoid, reshaped
// to 1×28×28); -cpu sets the threads DecodeBatch uses.
func BenchmarkDecodeMLP(b *testing.B) { benchDecode(b, benchModel(b, "mlp", "mlp_784")) }

// BenchmarkDecodeDCGAN64 decodes with the DCGAN generator, ngf=64, 3×64×64.
func BenchmarkDecodeDCGAN64(b *testing.B) { benchDecode(b, benchModel(b, "dcgan64", "")) }

// Decode one latent vector with a DCGAN generator exported from PyTorch.
func ExampleDecoder_Decode() {
	dec, err := LoadDecoder("onnx/testdata/dcgan_small.onnx")
	if err != nil {
		fmt.Println(err)
		return
	}
	z := make([]float32, dec.LatentDim())
	img, err := dec.Decode(z, nil) // pass img back in to reuse it
	fmt.Println(dec.LatentDim(), dec.OutputShape(), dec.IsImage(), len(img), err)
	// Output: 16 [3 64 64] true 12288 <nil>
}

// familyFixture is a decoder-family fixture of tools/onnx/make_families.py,
// for readF32; familyPath is its path.
func familyFixture(name string) string { return filepath.Join("families", name) }

func familyPath(name string) string { return onnxFixture(familyFixture(name)) }

package model

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
)

// Decoder-family tests: model.Decoder's inputs, outputs, classes and
// latent shapes on the fixtures of tools/onnx/make_families.py (reference
// outputs: PyTorch 1.13). Which families the runtime runs correctly is
// model/onnx's TestFamilies; these pick the ones that exercise each way
// of feeding a decoder.

// familyCase is one decoder fixture decoded through LoadDecoderWith.
type familyCase struct {
	fixture string // NAME_opsetK
	ref     string // reference prefix after the fixture: "" or ".TAG"
	spec    DecodingSpec
	out     int // the reference output the spec shows
	d       int
	latent  string // LatentShape
	shape   string // OutputShape
	classes int
}

var familyCases = []familyCase{
	// Two inputs: noise filled with zeros by default, or a constant.
	{fixture: "stylegan2_opset11", ref: ".noise0", d: 16, latent: "[16]", shape: "[3 16 16]"},
	{fixture: "stylegan2_opset17", ref: ".noise0.5", spec: DecodingSpec{Inputs: map[string]string{"noise": "0.5"}},
		d: 16, latent: "[16]", shape: "[3 16 16]"},
	// The second output, a vector.
	{fixture: "stylegan2_opset17", ref: ".noise0", spec: DecodingSpec{Output: "w"}, out: 1, d: 16, latent: "[16]", shape: "[16]"},
	// A batch fixed by a grouped convolution (group = batch): 1, run item
	// by item, and 8, run in groups padded with zeros.
	{fixture: "stylegan2_fused_opset11", d: 16, latent: "[16]", shape: "[3 16 16]"},
	{fixture: "stylegan2_grouped_opset17", d: 16, latent: "[16]", shape: "[3 16 16]"},
	// A named one-hot class input.
	{fixture: "conditional_onehot_decoder_opset11", spec: DecodingSpec{Class: "class"}, d: 8, latent: "[8]", shape: "[1 16 16]", classes: 10},
	{fixture: "conditional_onehot_decoder_opset17", spec: DecodingSpec{Class: "class", Latent: "z", ClassNames: strings.Fields("a b c d e f g h i j")},
		d: 8, latent: "[8]", shape: "[1 16 16]", classes: 10},
	// An int64 label input, found without naming it; its class count
	// from the manifest.
	{fixture: "conditional_decoder_opset11", spec: DecodingSpec{Classes: 10}, d: 8, latent: "[8]", shape: "[1 16 16]", classes: 10},
	{fixture: "conditional_decoder_opset17", spec: DecodingSpec{Class: "label", DefaultClasses: 10}, d: 8, latent: "[8]", shape: "[1 16 16]", classes: 10},
	// Latents of more than one axis.
	{fixture: "sd_vae_decoder_opset11", d: 256, latent: "[4 8 8]", shape: "[3 16 16]"},
	{fixture: "sd_vae_decoder_opset17", d: 256, latent: "[4 8 8]", shape: "[3 16 16]"},
	{fixture: "transformer_decoder_opset17", d: 128, latent: "[16 8]", shape: "[1 16 16]"},
	{fixture: "vqvae_decoder_opset11", d: 128, latent: "[8 4 4]", shape: "[3 16 16]"},
	{fixture: "pixelshuffle_decoder_opset17", d: 16, latent: "[16]", shape: "[1 16 16]"},
	// A 1-D output [1 64].
	{fixture: "audio_decoder_opset17", d: 16, latent: "[16]", shape: "[1 64]"},
	// An image "decoder" of a [1 16 16] latent (an encoder run as one).
	{fixture: "pixelshuffle_encoder_opset11", d: 256, latent: "[1 16 16]", shape: "[16]"},
}

func TestDecoderFamilies(t *testing.T) {
	for _, c := range familyCases {
		t.Run(c.fixture+c.ref+c.spec.Output, func(t *testing.T) {
			dec, err := LoadDecoderWith(familyPath(c.fixture+".onnx"), c.spec)
			if err != nil {
				t.Fatal(err)
			}
			if dec.LatentDim() != c.d || fmt.Sprint(dec.LatentShape()) != c.latent ||
				fmt.Sprint(dec.OutputShape()) != c.shape || dec.Classes() != c.classes {
				t.Fatalf("d=%d latent %v output %v classes %d", dec.LatentDim(), dec.LatentShape(), dec.OutputShape(), dec.Classes())
			}
			for _, b := range []int{1, 8} {
				prefix := fmt.Sprintf("%s%s.b%d", c.fixture, c.ref, b)
				z, _ := readF32(t, familyFixture(prefix+".in0.npy"))
				want, _ := readF32(t, familyFixture(fmt.Sprintf("%s.out%d.npy", prefix, c.out)))
				var classes []int
				if c.classes > 0 {
					classes = readClasses(t, familyPath(prefix+".in1.npy"))
				}
				got, err := dec.DecodeBatchClass(z, b, classes, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := withinScale(got, want); err != nil {
					t.Errorf("batch %d: %v", b, err)
				}
			}
		})
	}
}

// withinScale requires got within 1e-4 of want's scale (its largest
// magnitude, at least 1).
func withinScale(got, want []float32) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d values, want %d", len(got), len(want))
	}
	scale := 1.0
	for _, v := range want {
		scale = math.Max(scale, math.Abs(float64(v)))
	}
	if d := maxDiff(got, want); d > 1e-4*scale {
		return fmt.Errorf("max error %.3g on outputs of scale %.3g", d, scale)
	}
	return nil
}

// readClasses reads a class input fixture: int64 labels, or one-hot rows.
func readClasses(t *testing.T, path string) []int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := npyio.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var classes []int
	if sh := r.Header.Descr.Shape; len(sh) == 2 {
		var v []float32
		if err := r.Read(&v); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(v); i += sh[1] {
			for k := range sh[1] {
				if v[i+k] == 1 {
					classes = append(classes, k)
				}
			}
		}
		return classes
	}
	var v []int64
	if err := r.Read(&v); err != nil {
		t.Fatal(err)
	}
	for _, c := range v {
		classes = append(classes, int(c))
	}
	return classes
}

// TestDecoderClasses: each class decodes as its one-hot reference, a
// class out of range is an error, and Decode is class 0.
func TestDecoderClasses(t *testing.T) {
	dec, err := LoadDecoderWith(familyPath("conditional_onehot_decoder_opset17.onnx"), DecodingSpec{Class: "class"})
	if err != nil {
		t.Fatal(err)
	}
	z, _ := readF32(t, familyFixture("conditional_onehot_decoder_opset17.b8.in0.npy"))
	want, _ := readF32(t, familyFixture("conditional_onehot_decoder_opset17.b8.out0.npy"))
	classes := readClasses(t, familyPath("conditional_onehot_decoder_opset17.b8.in1.npy"))
	item := 256
	for i := range 8 {
		got, err := dec.DecodeClass(z[i*8:(i+1)*8], classes[i], nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := withinScale(got, want[i*item:(i+1)*item]); err != nil {
			t.Errorf("item %d, class %d: %v", i, classes[i], err)
		}
	}
	a, _ := dec.DecodeClass(z[:8], 3, nil)
	b, _ := dec.DecodeClass(z[:8], 7, nil)
	if maxDiff(a, b) < 1e-3 {
		t.Error("classes 3 and 7 decode alike")
	}
	zero, _ := dec.Decode(z[:8], nil)
	c0, _ := dec.DecodeClass(z[:8], 0, nil)
	if maxDiff(zero, c0) != 0 {
		t.Error("Decode is not class 0")
	}
	if _, err := dec.DecodeClass(z[:8], 10, nil); err == nil || !strings.Contains(err.Error(), "classes 0 to 9") {
		t.Errorf("class 10: %v", err)
	}
	if _, err := dec.DecodeBatchClass(z, 8, []int{1, 2}, nil); err == nil {
		t.Error("2 classes for 8 vectors accepted")
	}
}

// TestDecoderDrawnInput: a "normal" fill is one seeded draw, the same for
// every item and every call, different for another seed.
func TestDecoderDrawnInput(t *testing.T) {
	load := func(seed uint64) *Decoder {
		dec, err := LoadDecoderWith(familyPath("stylegan2_opset17.onnx"), DecodingSpec{Inputs: map[string]string{"noise": "normal"}, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return dec
	}
	z, _ := readF32(t, familyFixture("stylegan2_opset17.b8.in0.npy"))
	a, b, c := load(1), load(1), load(2)
	za := append(append([]float32(nil), z[:16]...), z[:16]...)
	ya, _ := a.DecodeBatch(za, 2, nil)
	yb, _ := b.Decode(z[:16], nil)
	yc, _ := c.Decode(z[:16], nil)
	n := len(yb)
	if maxDiff(ya[:n], ya[n:]) != 0 || maxDiff(ya[:n], yb) != 0 {
		t.Error("the drawn noise differs between items or decoders of one seed")
	}
	if maxDiff(yb, yc) == 0 {
		t.Error("seeds 1 and 2 draw the same noise")
	}
	zeros, _ := LoadDecoder(familyPath("stylegan2_opset17.onnx"))
	y0, _ := zeros.Decode(z[:16], nil)
	if maxDiff(y0, yb) == 0 {
		t.Error("the drawn noise decodes as zeros")
	}
	if lines := a.Inputs(); len(lines) != 2 || !strings.Contains(lines[0], "z [batch 16]: latent") ||
		!strings.Contains(lines[1], "noise [batch 1 8 8]: filled with one seeded normal draw") {
		t.Errorf("Inputs: %q", lines)
	}
}

// TestDecoderSpecErrors: names that are not the model's, and bad fills.
func TestDecoderSpecErrors(t *testing.T) {
	p := familyPath("stylegan2_opset11.onnx")
	for _, c := range []struct {
		spec DecodingSpec
		msg  string
	}{
		{DecodingSpec{Output: "image"}, `no output "image"`},
		{DecodingSpec{Class: "label"}, `no input "label" (its inputs: z, noise)`},
		{DecodingSpec{Inputs: map[string]string{"noise": "gaussian"}}, `fill "gaussian": want zeros, a number, normal or uniform`},
		{DecodingSpec{Latent: "noise", Inputs: map[string]string{"noise": "0"}}, "the input is the latent or the class"},
		{DecodingSpec{Class: "noise"}, `class input "noise" has item shape [1 8 8]`},
	} {
		_, err := LoadDecoderWith(p, c.spec)
		if err == nil || !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), p) {
			t.Errorf("%+v: %v, want %q", c.spec, err, c.msg)
		}
	}
}

// TestEncoderFamilies: encoders of shaped latents (the SD VAE's mean
// [4 8 8]) and of 1-D audio, against PyTorch.
func TestEncoderFamilies(t *testing.T) {
	for _, c := range []struct {
		fixture string
		d       int
		latent  string
	}{
		{"sd_vae_encoder_opset11", 256, "[4 8 8]"},
		{"sd_vae_encoder_opset17", 256, "[4 8 8]"},
		{"audio_encoder_opset11", 16, "[16]"},
		{"pixelshuffle_encoder_opset17", 16, "[16]"},
	} {
		enc, err := LoadEncoder(familyPath(c.fixture + ".onnx"))
		if err != nil {
			t.Fatal(err)
		}
		if enc.LatentDim() != c.d || fmt.Sprint(enc.LatentShape()) != c.latent {
			t.Fatalf("%s: d=%d latent %v", c.fixture, enc.LatentDim(), enc.LatentShape())
		}
		x, _ := readF32(t, familyFixture(c.fixture+".b8.in0.npy"))
		want, _ := readF32(t, familyFixture(c.fixture+".b8.out0.npy"))
		got, err := enc.Encode(x, 8, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := withinScale(got, want); err != nil {
			t.Errorf("%s: %v", c.fixture, err)
		}
	}
}

// TestCheckCodes: flat codes of the right size fit a shaped latent, codes
// of another shape or size do not.
func TestCheckCodes(t *testing.T) {
	dec, err := LoadDecoder(familyPath("pixelshuffle_encoder_opset11.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		codes *Codes
		ok    bool
	}{
		{&Codes{N: 1, D: 256}, true},
		{&Codes{N: 1, D: 256, Shape: []int{1, 16, 16}}, true},
		{&Codes{N: 1, D: 256, Shape: []int{16, 16}}, false},
		{&Codes{N: 1, D: 255}, false},
	} {
		if err := dec.CheckCodes(c.codes); (err == nil) != c.ok {
			t.Errorf("codes of %d shaped %v: %v", c.codes.D, c.codes.Shape, err)
		}
	}
	sd, err := LoadDecoder(familyPath("sd_vae_decoder_opset17.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	codes, err := ReadCodes(familyPath("sd_vae_decoder_opset17.b8.in0.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sd.CheckCodes(codes); err != nil {
		t.Errorf("the SD VAE's own [8 4 8 8] latents: %v", err)
	}
	codes.Shape = []int{8, 8, 4}
	if err := sd.CheckCodes(codes); err == nil || !strings.Contains(err.Error(), "codes of shape [8 8 4], the decoder's latent input takes [4 8 8]") {
		t.Errorf("[8 8 4] latents: %v", err)
	}
}

// TestSpaceClasses: class names and counts come from the manifest, else
// the labels, else numbers; an integer label input takes its class count
// from the labels.
func TestSpaceClasses(t *testing.T) {
	s := &Space{Manifest: Manifest{Labels: "labels.npy"}, Meta: &Table{Columns: []*Column{{Name: "label", Numbers: []float64{2, 0, 1, 2}}}}}
	if got := s.ClassNames(3); fmt.Sprint(got) != "[0 1 2]" {
		t.Errorf("integer labels: %v", got)
	}
	if s.DecodingSpec().DefaultClasses != 3 {
		t.Errorf("DefaultClasses %d, want 3", s.DecodingSpec().DefaultClasses)
	}
	s.Meta.Columns[0] = &Column{Name: "label", Strings: []string{"dog", "cat", "dog", "bird"}}
	if got := s.ClassNames(3); fmt.Sprint(got) != "[bird cat dog]" {
		t.Errorf("text labels: %v", got)
	}
	if got := s.ClassNames(10); fmt.Sprint(got) != "[0 1 2 3 4 5 6 7 8 9]" {
		t.Errorf("10 classes, 3 labels: %v", got)
	}
	s.Manifest.Decoding = &DecodingSpec{ClassNames: []string{"x", "y"}}
	if got := s.ClassNames(2); fmt.Sprint(got) != "[x y]" {
		t.Errorf("manifest names: %v", got)
	}
	s.Meta.Columns[0] = &Column{Name: "label", Numbers: []float64{0.5, 1}}
	if s.labelClasses() != nil {
		t.Error("fractional labels name classes")
	}
}

// TestDecoderFixedBatch: a model traced at batch 8 (group = batch)
// decodes any number of codes in padded groups, with as many threads as
// asked, each item as PyTorch decoded it in the full batch (the groups
// keep items apart).
func TestDecoderFixedBatch(t *testing.T) {
	dec, err := LoadDecoder(familyPath("stylegan2_grouped_opset11.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if dec.BatchSize() != 8 {
		t.Fatalf("batch size %d, want 8", dec.BatchSize())
	}
	z, _ := readF32(t, familyFixture("stylegan2_grouped_opset11.b8.in0.npy"))
	want, _ := readF32(t, familyFixture("stylegan2_grouped_opset11.b8.out0.npy"))
	item := len(want) / 8
	for _, n := range []int{1, 3, 8} {
		for _, threads := range []int{1, 2} {
			dec.Threads = threads
			got, err := dec.DecodeBatch(z[:n*16], n, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := withinScale(got, want[:n*item]); err != nil {
				t.Errorf("%d codes, %d threads: %v", n, threads, err)
			}
		}
	}
	one, err := dec.Decode(z[16:32], nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := withinScale(one, want[item:2*item]); err != nil {
		t.Errorf("Decode: %v", err)
	}
}

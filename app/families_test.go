package app

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// The decoder families of tools/onnx/make_families.py, opened as spaces:
// the live decode must equal PyTorch 1.13's output for the code shown.

// familyDir holds the family fixtures.
var familyDir = filepath.Join("..", "model", "onnx", "testdata", "families")

// familySpace makes a space of fixture name's batch-8 inputs (ref picks
// the reference variant: "" or ".noise0", ...) with labels and a
// [decoding] section when given.
func familySpace(t *testing.T, name, ref, labels string, dec *model.DecodingSpec) *model.Space {
	t.Helper()
	m := &model.Manifest{Name: name, Codes: name + ref + ".b8.in0.npy", Decoder: name + ".onnx", Labels: labels, Decoding: dec}
	if err := m.Normalize(); err != nil {
		t.Fatal(err)
	}
	s, err := model.LoadSpace(familyDir, m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// openFamily opens s with its decoder and waits for the first decode.
func openFamily(t *testing.T, s *model.Space) *Explorer {
	t.Helper()
	dec, err := loadDecoder(s)
	if err != nil {
		t.Fatal(err)
	}
	fitOutputSpec(&s.Manifest.Output, dec)
	e := newTestExplorer(t)
	e.Open(s, dec)
	waitDecode(t, e, 0, "the first decoded output")
	waitIdle(t, e)
	return e
}

// waitDecode waits until more than n decoded outputs have been shown.
func waitDecode(t *testing.T, e *Explorer, n int, what string) {
	t.Helper()
	waitUntil(t, e, what, func() bool { return e.output.decodes > n })
}

// wantItem requires the last live decode to be item i of the PyTorch
// reference file ref, within 1e-4 of its scale.
func wantItem(t *testing.T, e *Explorer, ref string, i int) {
	t.Helper()
	a, err := model.ReadArray(filepath.Join(familyDir, ref), "")
	if err != nil {
		t.Fatal(err)
	}
	item := len(a.Data) / a.Shape[0]
	want := a.Data[i*item : (i+1)*item]
	got := e.output.last
	if len(got) != item {
		t.Fatalf("live decode of %d values, want %d", len(got), item)
	}
	scale, diff := 1.0, 0.0
	for j, w := range want {
		scale = math.Max(scale, math.Abs(w))
		diff = math.Max(diff, math.Abs(float64(got[j])-w))
	}
	if diff > 1e-4*scale {
		t.Errorf("live decode: max error %g on outputs of scale %g (reference %s)", diff, scale, ref)
	}
}

// A family is a decoder family's fixture, opened as a space.
type family struct {
	name, ref string                 // fixture name, and the reference variant ("" or ".noise0")
	labels    func(opset int) string // the labels file, if any
	spec      *model.DecodingSpec
	vector    bool // a vector (sound) decoder, not an image one
}

// families are the decoder families of make_families.py.
var families = []family{
	{name: "sd_vae_decoder"},
	{name: "stylegan2", ref: ".noise0"},
	{name: "stylegan2_fused"},
	{name: "stylegan2_grouped"},
	{name: "vqvae_decoder"},
	{name: "pixelshuffle_decoder"},
	{name: "audio_decoder", vector: true},
	{name: "transformer_decoder"},
	{name: "conditional_decoder", labels: conditionalLabels, spec: &model.DecodingSpec{Classes: 10}},
	{name: "conditional_onehot_decoder", labels: conditionalLabels, spec: &model.DecodingSpec{Class: "class"}},
}

// TestLiveDecodeFamilies opens a space of every decoder family at both
// opsets: the explorer starts on code 0, whose live decode must be
// PyTorch's. The conditional decoders' class follows code 0's label.
func TestLiveDecodeFamilies(t *testing.T) {
	for _, f := range families {
		for _, opset := range []int{11, 17} {
			name := fmt.Sprintf("%s_opset%d", f.name, opset)
			t.Run(name, func(t *testing.T) {
				labels := ""
				if f.labels != nil {
					labels = f.labels(opset)
				}
				e := openFamily(t, familySpace(t, name, f.ref, labels, f.spec))
				wantItem(t, e, name+f.ref+".b8.out0.npy", 0)
			})
		}
	}
}

// conditionalLabels are the int64 class labels the conditional fixtures
// were decoded with (both variants share them).
func conditionalLabels(opset int) string {
	return fmt.Sprintf("conditional_decoder_opset%d.b8.in1.npy", opset)
}

// TestClassPicker: a class-conditional decoder gets a class picker named
// from the manifest, set from the label of the point shown; picking
// another class decodes it (PyTorch's output for class 7).
func TestClassPicker(t *testing.T) {
	names := strings.Fields("zero one two three four five six seven eight nine")
	s := familySpace(t, "conditional_decoder_opset17", "", conditionalLabels(17), &model.DecodingSpec{ClassNames: names})
	e := openFamily(t, s)
	if e.classes.box.Hidden || fmt.Sprint(e.classes.sel.Options) != fmt.Sprint(names) {
		t.Fatalf("picker hidden %v with %v", e.classes.box.Hidden, e.classes.sel.Options)
	}
	if e.classes.sel.Selected != "three" {
		t.Errorf("picker shows %q, want code 0's label three", e.classes.sel.Selected)
	}
	before := append([]float32(nil), e.output.last...)
	n := e.output.decodes
	e.classes.sel.SetSelected("seven")
	waitDecode(t, e, n, "the decode in the picked class")
	wantItem(t, e, "conditional_decoder_opset17.class7.b8.out0.npy", 0)
	same := true
	for i := range before {
		same = same && before[i] == e.output.last[i]
	}
	if same {
		t.Error("picking another class did not change the decode")
	}
	// Clicking code 1 (label 7) keeps class seven; its decode is PyTorch's.
	n = e.output.decodes
	e.mapp.tapped(1, 0, 0)
	waitDecode(t, e, n, "the decode of code 1")
	if e.classes.sel.Selected != "seven" {
		t.Errorf("picker shows %q after code 1, want seven", e.classes.sel.Selected)
	}
	wantItem(t, e, "conditional_decoder_opset17.b8.out0.npy", 1)
}

// TestNoClassPicker: an unconditional decoder has no picker.
func TestNoClassPicker(t *testing.T) {
	e := openFamily(t, familySpace(t, "pixelshuffle_decoder_opset11", "", "", nil))
	if !e.classes.box.Hidden {
		t.Error("a class picker for an unconditional decoder")
	}
}

// TestWideLatentOpensOnDirections: a [4 8 8] latent (256 dimensions)
// opens on the principal-direction sliders; the find box brings up
// per-dimension sliders by index, and moving one moves that dimension
// and decodes.
func TestWideLatentOpensOnDirections(t *testing.T) {
	e := openFamily(t, familySpace(t, "sd_vae_decoder_opset17", "", "", nil))
	st := e.core.Snapshot()
	if st.Sliders.Mode != session.DirectionsMode || e.sliders.panel.Len() != len(st.Directions) || e.sliders.panel.Len() == 0 {
		t.Fatalf("%s mode with %d sliders for %d directions", st.Sliders.Mode, e.sliders.panel.Len(), len(st.Directions))
	}
	wantItem(t, e, "sd_vae_decoder_opset17.b8.out0.npy", 0)
	test.Type(e.sliders.find, "100-102, 7")
	queue(e).drain()
	st = e.core.Snapshot()
	if st.Sliders.Mode != session.DimensionsMode || e.sliders.panel.Len() != 4 {
		t.Fatalf("after finding 4 dimensions: %s mode, %d sliders", st.Sliders.Mode, e.sliders.panel.Len())
	}
	if fmt.Sprint(st.Sliders.Dims) != "[100 101 102 7]" {
		t.Errorf("dimensions shown %v", st.Sliders.Dims)
	}
	s := e.sliders.panel.Slider(3)
	n := e.output.decodes
	s.SetValue(s.Max)
	waitDecode(t, e, n, "the decode after dimension 7 moved")
	if z := e.core.Vector(); math.Abs(z[7]-s.Max) > 1e-9 {
		t.Errorf("z[7] = %v, want the slider's %v", z[7], s.Max)
	}
}

func TestParseDimList(t *testing.T) {
	for _, c := range []struct {
		text string
		want string
		ok   bool
	}{
		{"", "[]", true},
		{"7", "[7]", true},
		{" 3, 9 ,3", "[3 9]", true},
		{"100-102,7", "[100 101 102 7]", true},
		{"255", "[255]", true},
		{"256", "[]", false},
		{"5-3", "[]", false},
		{"-1", "[]", false},
		{"a", "[]", false},
		{"1,", "[]", false},
	} {
		got, ok := model.ParseDimList(c.text, 256)
		if ok != c.ok || fmt.Sprint(append([]int{}, got...)) != c.want {
			t.Errorf("%q: %v %v, want %s %v", c.text, got, ok, c.want, c.ok)
		}
	}
}

// TestSliderChangesDecodeFamilies: in a space of every image family, the
// first slider (a dimension's, or the first principal direction's for a
// latent of more than 64 dimensions) moved to its end decodes a different
// picture, and for the conditional decoders so does another class.
func TestSliderChangesDecodeFamilies(t *testing.T) {
	for _, f := range families {
		if f.vector {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			labels := ""
			if f.labels != nil {
				labels = f.labels(17)
			}
			e := openFamily(t, familySpace(t, f.name+"_opset17", f.ref, labels, f.spec))
			before := append([]float32(nil), e.output.last...)
			s := e.sliders.panel.Slider(0)
			n := e.output.decodes
			s.SetValue(s.Max)
			waitDecode(t, e, n, "the decode after the slider moved")
			if slices.Equal(before, e.output.last) {
				t.Errorf("moving slider 0 to %v did not change the decode", s.Max)
			}
			if f.spec == nil {
				return
			}
			moved := append([]float32(nil), e.output.last...)
			other := e.classes.sel.Options[0]
			if other == e.classes.sel.Selected {
				other = e.classes.sel.Options[1]
			}
			n = e.output.decodes
			e.classes.sel.SetSelected(other)
			waitDecode(t, e, n, "the decode in another class")
			if slices.Equal(moved, e.output.last) {
				t.Errorf("picking class %s did not change the decode", other)
			}
		})
	}
}

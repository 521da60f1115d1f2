package model

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const fullManifest = `
name = "MNIST conv VAE (16-d)"
decoder = "decoder.onnx"
encoder = "encoder.onnx"
codes = "codes.npy"
labels = "labels.npy"
data = "images.npy"
[output]
kind = "image"
shape = [1, 28, 28]
range = [0.0, 1.0]
channels = "gray"
[prior]
kind = "gaussian"
[map]
coords = "tsne.npy"
method = "tsne"
seed = 1
perplexity = 30.0
`

// manifestCases feeds TestParseManifest and FuzzParseManifest's seeds.
var manifestCases = []struct {
	name, text string
	err        string // substring of the error, "" for success
}{
	{"full", fullManifest, ""},
	{"minimal", `codes = "z.csv"`, ""},
	{"vector", "codes = \"z.npy\"\n[output]\nkind = \"vector\"\nshape = [12]\nfeatures = [\"a\", \"b\"]", ""},
	{"uniform", "codes = \"z.npy\"\n[prior]\nkind = \"uniform\"\nlow = -2.0\nhigh = 2.0", ""},
	{"no codes", `name = "x"`, "needs codes"},
	{"bad kind", "codes = \"z.npy\"\n[output]\nkind = \"audio\"", "output.kind"},
	{"bad range", "codes = \"z.npy\"\n[output]\nrange = [0.0, 2.0]", "output.range"},
	{"bad prior", "codes = \"z.npy\"\n[prior]\nkind = \"laplace\"", "prior.kind"},
	{"empty box", "codes = \"z.npy\"\n[prior]\nkind = \"uniform\"\nlow = 1.0\nhigh = 1.0", "prior.low"},
	{"unknown key", "codes = \"z.npy\"\ncolour = \"red\"", "unknown key"},
	{"not toml", "codes = [", "not a valid file"},
	{"negative shape", "codes = \"z.npy\"\n[output]\nshape = [1, -28, 28]", "non-positive"},
	{"map without coords", "codes = \"z.npy\"\n[map]\nmethod = \"pca\"", "needs coords"},
	{"decoding", decodingManifest, ""},
	{"bad fill", "codes = \"z.npy\"\n[decoding.inputs]\nnoise = \"gauss\"", "decoding.inputs.noise: fill \"gauss\""},
	{"fill of the latent", "codes = \"z.npy\"\n[decoding]\nlatent = \"z\"\n[decoding.inputs]\nz = \"0\"", "the input is the latent"},
	{"names and count", "codes = \"z.npy\"\n[decoding]\nclasses = 3\nclass_names = [\"a\"]", "1 names for 3 classes"},
	{"negative classes", "codes = \"z.npy\"\n[decoding]\nclasses = -1", "negative"},
}

const decodingManifest = `
codes = "codes.npy"
decoder = "stylegan2.onnx"
[decoding]
latent = "z"
output = "img"
class = "label"
classes = 2
class_names = ["cat", "dog"]
seed = 7
[decoding.inputs]
noise = "normal"
mask = "0.5"
`

// TestManifestDecoding reads every [decoding] field and writes them back.
func TestManifestDecoding(t *testing.T) {
	m, err := ParseManifest([]byte(decodingManifest))
	if err != nil {
		t.Fatal(err)
	}
	want := DecodingSpec{Latent: "z", Output: "img", Class: "label", Classes: 2, ClassNames: []string{"cat", "dog"},
		Seed: 7, Inputs: map[string]string{"noise": "normal", "mask": "0.5"}}
	if !reflect.DeepEqual(m.DecodingSpec(), want) {
		t.Fatalf("decoding %+v, want %+v", m.Decoding, want)
	}
	p := filepath.Join(t.TempDir(), ManifestName)
	if err := WriteManifest(p, m); err != nil {
		t.Fatal(err)
	}
	back, err := ReadManifest(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.DecodingSpec(), want) {
		t.Errorf("written and read back: %+v", back.Decoding)
	}
	b, _ := os.ReadFile(p)
	plain := &Manifest{Codes: "z.npy"}
	if err := plain.Normalize(); err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(p, plain); err != nil {
		t.Fatal(err)
	}
	if b2, _ := os.ReadFile(p); strings.Contains(string(b2), "decoding") || !strings.Contains(string(b), "[decoding.inputs]") {
		t.Errorf("an empty [decoding] is written, or a full one is not:\n%s\n%s", b, b2)
	}
}

func TestParseManifest(t *testing.T) {
	for _, c := range manifestCases {
		t.Run(c.name, func(t *testing.T) {
			m, err := ParseManifest([]byte(c.text))
			if c.err == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if m.Output.Kind == "" || m.Prior.Kind == "" {
					t.Errorf("defaults not filled: %+v", m)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("err = %v, want it to mention %q", err, c.err)
			}
			if !errors.Is(err, ErrFormat) {
				t.Errorf("err = %v, want ErrFormat", err)
			}
		})
	}
}

func TestManifestRoundTrip(t *testing.T) {
	m, err := ParseManifest([]byte(fullManifest))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), ManifestName)
	if err := WriteManifest(path, m); err != nil {
		t.Fatal(err)
	}
	back, err := ReadManifest(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, back) {
		t.Errorf("round trip changed the manifest:\n%+v\n%+v", m, back)
	}
	if got := len(back.Files()); got != 6 {
		t.Errorf("%d files, want 6 (decoder, encoder, codes, labels, data, map)", got)
	}
}

func TestReadManifestMissing(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadManifest(dir); !errors.Is(err, ErrNoManifest) {
		t.Errorf("err = %v, want ErrNoManifest", err)
	}
}

func TestOpenSpaceMissingFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(fullManifest), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := OpenSpace(dir)
	if err == nil || !strings.Contains(err.Error(), "decoder file decoder.onnx") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want it to name the missing decoder file", err)
	}
}

func TestOpenSpace(t *testing.T) {
	dir := t.TempDir()
	codes := &Array{Shape: []int{3, 2}, DType: "float32", Data: []float64{0, 1, 2, 3, 4, 5}}
	labels := &Array{Shape: []int{3}, DType: "int64", Data: []float64{7, 8, 7}}
	for name, a := range map[string]*Array{"codes.npy": codes, "labels.npy": labels} {
		if err := WriteNPY(filepath.Join(dir, name), a); err != nil {
			t.Fatal(err)
		}
	}
	m := &Manifest{Name: "tiny", Codes: "codes.npy", Labels: "labels.npy"}
	m.fillDefaults()
	if err := WriteManifest(filepath.Join(dir, ManifestName), m); err != nil {
		t.Fatal(err)
	}
	s, err := OpenSpace(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Codes.N != 3 || s.Codes.D != 2 || s.Codes.Row(2)[1] != 5 {
		t.Errorf("codes %+v", s.Codes)
	}
	if c := s.Meta.Column("label"); c == nil || c.Len() != 3 {
		t.Errorf("labels column missing: %+v", s.Meta)
	}
	// Labels with the wrong number of rows name both files.
	if err := WriteNPY(filepath.Join(dir, "labels.npy"), &Array{Shape: []int{2}, DType: "int64", Data: []float64{1, 2}}); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSpace(dir); !errors.Is(err, ErrShape) || !strings.Contains(err.Error(), "labels.npy") {
		t.Errorf("err = %v, want ErrShape naming labels.npy", err)
	}
}

func FuzzParseManifest(f *testing.F) {
	for _, c := range manifestCases {
		f.Add([]byte(c.text))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err == nil && m.Codes == "" && m.Data == "" {
			t.Fatal("accepted a manifest without codes or data")
		}
	})
}

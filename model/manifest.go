package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/latent-explorer/latent/model/safefile"

	"github.com/BurntSushi/toml"
)

// ManifestName is the file that makes a folder a space.
const ManifestName = "latent.toml"

// Manifest is a space's latent.toml: it names the space's files (relative
// to the manifest's folder) and says how to show the decoder's output and
// what prior the latent has. Its JSON form, with the same keys, is the
// manifest a session file holds (without the map: a session stores its
// own).
type Manifest struct {
	Name        string `toml:"name" json:"name"`
	Description string `toml:"description,omitempty" json:"description,omitempty"`
	Decoder     string `toml:"decoder,omitempty" json:"decoder,omitempty"`
	Encoder     string `toml:"encoder,omitempty" json:"encoder,omitempty"`
	Codes       string `toml:"codes" json:"codes"`
	// Labels is an integer .npy or a one-column table; Metadata a table
	// with a header. Either, both or neither may be given.
	Labels   string     `toml:"labels,omitempty" json:"labels,omitempty"`
	Metadata string     `toml:"metadata,omitempty" json:"metadata,omitempty"`
	Data     string     `toml:"data,omitempty" json:"data,omitempty"`
	Output   OutputSpec `toml:"output" json:"output"`
	Prior    PriorSpec  `toml:"prior" json:"prior"`
	Map      *MapSpec   `toml:"map,omitempty" json:"-"` // a session stores its own map
	// Decoding says how the decoder's inputs are fed and which output
	// is shown, for decoders with more than one input or output.
	Decoding *DecodingSpec `toml:"decoding,omitempty" json:"decoding,omitempty"`
}

// DecodingSpec returns the manifest's [decoding] section, or the default
// (zero) spec when it has none.
func (m *Manifest) DecodingSpec() DecodingSpec {
	if m.Decoding == nil {
		return DecodingSpec{}
	}
	return *m.Decoding
}

// DecodingSpec says which decoder input takes the latent codes, how its
// other inputs are filled and which output is shown. Every field is
// optional: by default the latent is the first float input, an integer
// input of shape [batch] is a class label, other inputs are zeros and
// the first output is shown.
type DecodingSpec struct {
	// Latent names the input the codes go to.
	Latent string `toml:"latent,omitempty" json:"latent,omitempty"`
	// Output names the output shown.
	Output string `toml:"output,omitempty" json:"output,omitempty"`
	// Class names the class-label input: an integer [batch] (one class
	// index per item) or a float [batch, K] (a one-hot vector).
	Class string `toml:"class,omitempty" json:"class,omitempty"`
	// Classes is the number of classes of an integer label input (a
	// one-hot input's width gives it); by default, from ClassNames or the
	// space's labels.
	Classes int `toml:"classes,omitempty,omitzero" json:"classes,omitempty,omitzero"`
	// ClassNames names the classes in index order, for the class picker.
	ClassNames []string `toml:"class_names,omitempty" json:"class_names,omitempty"`
	// Inputs fills the other inputs, by name: "zeros", a number (every
	// element), or "normal" or "uniform" (a seeded draw of one item,
	// the same for every item decoded, so decoding stays a function of
	// the code).
	Inputs map[string]string `toml:"inputs,omitempty" json:"inputs,omitempty"`
	// Seed seeds the drawn inputs.
	Seed uint64 `toml:"seed,omitempty,omitzero" json:"seed,omitempty,omitzero"`
	// DefaultClasses is the number of classes an integer label input has
	// when Classes and ClassNames say nothing; Space.DecodingSpec sets it
	// from the space's labels. It is not part of the manifest.
	DefaultClasses int `toml:"-" json:"-"`
}

// OutputSpec says how to show what the decoder produces.
type OutputSpec struct {
	// Kind is "image" or "vector".
	Kind string `toml:"kind" json:"kind"`
	// Shape of one decoded item: [C, H, W] or [H, W] for images, [k] for vectors.
	Shape []int `toml:"shape,omitempty" json:"shape,omitempty"`
	// Range is the decoder's value range, [0, 1] or [-1, 1].
	Range [2]float64 `toml:"range" json:"range"`
	// Channels is "gray", "rgb" or "bgr".
	Channels string   `toml:"channels,omitempty" json:"channels,omitempty"`
	Features []string `toml:"features,omitempty" json:"features,omitempty"`
}

// PriorSpec is the latent prior: "gaussian" (standard normal) or
// "uniform" on [Low, High] in every dimension.
type PriorSpec struct {
	Kind string  `toml:"kind" json:"kind"`
	Low  float64 `toml:"low,omitempty" json:"low,omitempty"`
	High float64 `toml:"high,omitempty" json:"high,omitempty"`
}

// MapSpec is a stored 2-D projection of the codes, so a space opens on a
// finished map.
type MapSpec struct {
	Coords     string  `toml:"coords"`
	Method     string  `toml:"method"`
	Seed       uint64  `toml:"seed,omitempty"`
	Perplexity float64 `toml:"perplexity,omitempty"`
	Neighbors  int     `toml:"neighbors,omitempty"`
	MinDist    float64 `toml:"min_dist,omitempty"`
}

// ErrNoManifest is returned when a folder has no latent.toml.
var ErrNoManifest = errors.New("no " + ManifestName + " (a space is a folder with one)")

// ReadManifest reads and checks a manifest from path, which may be the
// latent.toml itself or the folder holding it. The manifest must be a
// regular file of at most 1 MiB.
func ReadManifest(path string) (*Manifest, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, ManifestName)
	}
	b, err := readCapped(path, "manifest", maxManifestSize)
	if errors.Is(err, os.ErrNotExist) && filepath.Base(path) == ManifestName {
		return nil, fileError(filepath.Dir(path), ErrNoManifest)
	}
	if err != nil {
		return nil, err
	}
	m, err := ParseManifest(b)
	if err != nil {
		return nil, fileError(path, err)
	}
	return m, nil
}

// ParseManifest parses and checks a manifest's text and fills defaults.
// Text over 1 MiB, or nested deeper than 32 levels, is refused before the
// TOML parser sees it.
func ParseManifest(b []byte) (m *Manifest, err error) {
	if err := checkTOMLShape(b); err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("%w: malformed TOML (%s)", ErrFormat, quote(fmt.Sprint(p)))
		}
	}()
	m = new(Manifest)
	md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(m)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrFormat, quote(oneLineErr(err)))
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("%w: unknown key %s", ErrFormat, quote(strconv.Quote(und[0].String())))
	}
	m.fillDefaults()
	if err := m.check(); err != nil {
		return nil, err
	}
	return m, nil
}

func oneLineErr(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

func (m *Manifest) fillDefaults() {
	if m.Output.Kind == "" {
		m.Output.Kind = "image"
	}
	if m.Output.Range == [2]float64{} {
		m.Output.Range = [2]float64{0, 1}
	}
	if m.Output.Kind == "image" && m.Output.Channels == "" {
		m.Output.Channels = "gray"
		if len(m.Output.Shape) == 3 && m.Output.Shape[0] == 3 {
			m.Output.Channels = "rgb"
		}
	}
	if m.Prior.Kind == "" {
		m.Prior.Kind = "gaussian"
	}
	if m.Prior.Kind == "uniform" && m.Prior.Low == 0 && m.Prior.High == 0 {
		m.Prior.Low, m.Prior.High = -1, 1
	}
}

func (m *Manifest) check() error {
	if m.Codes == "" && m.Data == "" {
		return fmt.Errorf("%w: needs codes (or data to fit PCA on)", ErrFormat)
	}
	if err := m.Output.check(); err != nil {
		return err
	}
	switch m.Prior.Kind {
	case "gaussian":
	case "uniform":
		if !(m.Prior.Low < m.Prior.High) {
			return fmt.Errorf("%w: prior.low %g must be below prior.high %g", ErrFormat, m.Prior.Low, m.Prior.High)
		}
	default:
		return fmt.Errorf("%w: prior.kind %s: want gaussian or uniform", ErrFormat, quoted(m.Prior.Kind))
	}
	if m.Map != nil && m.Map.Coords == "" {
		return fmt.Errorf("%w: [map] needs coords", ErrFormat)
	}
	if m.Decoding == nil {
		return nil
	}
	return m.Decoding.check()
}

func (d *DecodingSpec) check() error {
	if d.Classes < 0 {
		return fmt.Errorf("%w: decoding.classes %d is negative", ErrFormat, d.Classes)
	}
	if d.Classes > 0 && len(d.ClassNames) > 0 && len(d.ClassNames) != d.Classes {
		return fmt.Errorf("%w: decoding.class_names has %d names for %d classes", ErrFormat, len(d.ClassNames), d.Classes)
	}
	for name, v := range d.Inputs {
		if _, err := ParseFill(v); err != nil {
			return fmt.Errorf("%w: decoding.inputs.%s: %v", ErrFormat, name, err)
		}
		if name == d.Latent || name == d.Class {
			return fmt.Errorf("%w: decoding.inputs.%s: the input is the latent or the class", ErrFormat, name)
		}
	}
	return nil
}

func (o *OutputSpec) check() error {
	switch o.Kind {
	case "image":
		if n := len(o.Shape); n != 0 && n != 2 && n != 3 {
			return fmt.Errorf("%w: output.shape %v: an image is [C, H, W] or [H, W]", ErrFormat, o.Shape)
		}
		switch o.Channels {
		case "gray", "rgb", "bgr":
		default:
			return fmt.Errorf("%w: output.channels %s: want gray, rgb or bgr", ErrFormat, quoted(o.Channels))
		}
	case "vector":
		if len(o.Shape) > 1 {
			return fmt.Errorf("%w: output.shape %v: a vector is [k]", ErrFormat, o.Shape)
		}
	default:
		return fmt.Errorf("%w: output.kind %s: want image or vector", ErrFormat, quoted(o.Kind))
	}
	for _, s := range o.Shape {
		if s <= 0 {
			return fmt.Errorf("%w: output.shape %v has a non-positive size", ErrFormat, o.Shape)
		}
	}
	if r := o.Range; r != [2]float64{0, 1} && r != [2]float64{-1, 1} && r != [2]float64{0, 255} {
		return fmt.Errorf("%w: output.range %v: want [0, 1], [-1, 1] or [0, 255]", ErrFormat, r)
	}
	return nil
}

// WriteManifest writes m as TOML to path, atomically.
func WriteManifest(path string, m *Manifest) error {
	return safefile.Write(path, func(w io.Writer) error {
		return toml.NewEncoder(w).Encode(m)
	})
}

// Files returns the manifest's file entries by role ("codes", "decoder",
// ...), skipping empty ones, in a fixed order.
func (m *Manifest) Files() []ManifestFile {
	all := []ManifestFile{
		{"decoder", m.Decoder}, {"encoder", m.Encoder}, {"codes", m.Codes},
		{"labels", m.Labels}, {"metadata", m.Metadata}, {"data", m.Data},
	}
	if m.Map != nil {
		all = append(all, ManifestFile{"map", m.Map.Coords})
	}
	var out []ManifestFile
	for _, f := range all {
		if f.Path != "" {
			out = append(out, f)
		}
	}
	return out
}

// ManifestFile is one file a manifest names, with its role.
type ManifestFile struct {
	Role, Path string
}

// PriorOf returns the prior a manifest declares.
func PriorOf(p PriorSpec) Prior { return Prior(p) }

// Normalize fills a manifest's defaults and checks it, for manifests built
// from command-line flags or the GUI rather than parsed from a file.
func (m *Manifest) Normalize() error {
	m.fillDefaults()
	return m.check()
}

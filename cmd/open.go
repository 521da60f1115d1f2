package cmd

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/latent-explorer/latent/app"
	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/assets"
	"github.com/latent-explorer/latent/model"
)

func init() {
	register(&command{
		name:    "open",
		args:    "[SPACE | SESSION] [--demo NAME] [--codes Z --labels L --data X --decoder M.onnx ...]",
		summary: "open the explorer window on a space or a saved session (the default command)",
		run:     runOpen,
	})
}

// appID identifies the application to Fyne (preferences, recent files).
const appID = "io.github.latent_explorer.latent"

// spaceFlags are the manifest's entries as flags, for opening files
// without a latent.toml.
type spaceFlags struct {
	codes, labels, metadata, data, decoder, encoder *string
	output, shape, valueRange, channels, prior      *string
	allowOutside                                    *bool
	// decoding is set by the commands that decode (addDecoding).
	decoding *decodingFlags
}

// addDecoding adds the [decoding] flags, for commands that decode.
func (f *spaceFlags) addDecoding(flags *flag.FlagSet) *spaceFlags {
	f.decoding = addDecodingFlags(flags)
	return f
}

func addSpaceFlags(flags *flag.FlagSet) *spaceFlags {
	return &spaceFlags{
		codes:        flags.String("codes", "", "latent `codes` (.npy, .npz, .csv, .tsv, .parquet; .npy, .csv and .tsv also gzipped)"),
		labels:       flags.String("labels", "", "`labels`: an integer .npy or a one-column table"),
		metadata:     flags.String("metadata", "", "`metadata` table with a header (CSV/TSV)"),
		data:         flags.String("data", "", "the `data` items the codes came from (.npy images, MNIST IDX)"),
		decoder:      flags.String("decoder", "", "`decoder` ONNX model"),
		encoder:      flags.String("encoder", "", "`encoder` ONNX model"),
		output:       flags.String("output", "", "decoded output kind: image or vector (default: from the decoder)"),
		shape:        flags.String("shape", "", "decoded image `shape`, e.g. 1,28,28"),
		valueRange:   flags.String("value-range", "", "the decoder's value `range`: 0:1 or -1:1 (default: the space's, or 0:1)"),
		channels:     flags.String("channels", "", "image channel order: gray, rgb or bgr"),
		prior:        flags.String("prior", "", "latent prior: gaussian or uniform"),
		allowOutside: addAllowOutside(flags),
	}
}

// addAllowOutside defines --allow-outside, for every command that opens a space.
func addAllowOutside(flags *flag.FlagSet) *bool {
	return flags.Bool("allow-outside", false, "let the space read files outside its folder (paths or links leading out of it)")
}

// openOptions returns the consent to give model.OpenSpace.
func openOptions(allowOutside bool) []model.OpenOption {
	if allowOutside {
		return []model.OpenOption{model.AllowOutside()}
	}
	return nil
}

// manifest builds a manifest from the flags, or returns nil when no file
// flag was given.
func (f *spaceFlags) manifest() (*model.Manifest, error) {
	if *f.codes == "" && *f.labels == "" && *f.metadata == "" && *f.data == "" && *f.decoder == "" && *f.encoder == "" {
		return nil, nil
	}
	if *f.codes == "" {
		return nil, usagef("--codes is required when opening files without a space")
	}
	m := &model.Manifest{Name: filepath.Base(*f.codes), Codes: *f.codes, Labels: *f.labels, Metadata: *f.metadata,
		Data: *f.data, Decoder: *f.decoder, Encoder: *f.encoder}
	if err := f.applyOutput(m); err != nil {
		return nil, err
	}
	if err := m.Normalize(); err != nil {
		return nil, usagef("%v", err)
	}
	return m, nil
}

// applyOutput applies the output and prior flags to m.
func (f *spaceFlags) applyOutput(m *model.Manifest) error {
	m.Output.Kind, m.Output.Channels, m.Prior.Kind = *f.output, *f.channels, *f.prior
	if *f.shape != "" {
		for _, s := range strings.Split(*f.shape, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return usagef("--shape %q: want sizes like 1,28,28", *f.shape)
			}
			m.Output.Shape = append(m.Output.Shape, v)
		}
	}
	if *f.valueRange != "" {
		lo, hi, ok := strings.Cut(*f.valueRange, ":")
		a, errA := strconv.ParseFloat(lo, 64)
		b, errB := strconv.ParseFloat(hi, 64)
		if !ok || errA != nil || errB != nil {
			return usagef("--value-range %q: want 0:1 or -1:1", *f.valueRange)
		}
		m.Output.Range = [2]float64{a, b}
	}
	return nil
}

func runOpen(_ context.Context, e *env, flags *flag.FlagSet, args []string) error {
	demo := flags.String("demo", "", fmt.Sprintf("open an embedded demo space (%s)", strings.Join(assets.Demos(), ", ")))
	sf := addSpaceFlags(flags)
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 1 {
		return usagef("want at most one SPACE, got %d", flags.NArg())
	}
	m, err := sf.manifest()
	if err != nil {
		return err
	}
	open, err := chooseOpen(flags.Arg(0), *demo, m, openOptions(*sf.allowOutside))
	if err != nil {
		return err
	}
	a := fyneapp.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	x := app.New(a)
	x.SetDemos(demoSource{})
	if last, ok := x.LastSession(); ok && flags.NArg() == 0 && *demo == "" && m == nil {
		x.OpenPath(last, "session") // the preference: reopen the last session at start
	} else {
		open(x)
	}
	x.ShowAndRun()
	return nil
}

// chooseOpen checks what to open before the window exists, so a bad
// argument is a command-line error, and returns how to open it.
func chooseOpen(space, demo string, m *model.Manifest, opts []model.OpenOption) (func(*app.Explorer), error) {
	switch {
	case m != nil && (space != "" || demo != ""):
		return nil, usagef("give a SPACE, --demo or file flags, not several")
	case space != "" && demo != "":
		return nil, usagef("give a SPACE or --demo, not both")
	case m != nil:
		s, err := model.LoadSpace("", m)
		if err != nil {
			return nil, err
		}
		return func(x *app.Explorer) { x.OpenSpace(s) }, nil
	case strings.HasSuffix(space, session.FileExt):
		if _, err := session.ReadFile(space); err != nil {
			return nil, err
		}
		return func(x *app.Explorer) { x.OpenPath(space, "session") }, nil
	case space != "" && opts != nil:
		s, err := model.OpenSpace(space, opts...)
		if err != nil {
			return nil, err
		}
		return func(x *app.Explorer) { x.OpenSpace(s) }, nil
	case space != "":
		// A space reading files outside its folder opens the window all
		// the same: the window asks (as File → Open does) and remembers.
		var oe *model.OutsideError
		if err := model.CheckSpace(space); err != nil && !errors.As(err, &oe) {
			return nil, err
		}
		return func(x *app.Explorer) { x.OpenPath(space, "space") }, nil
	}
	if demo == "" {
		demo = assets.DefaultDemo
	}
	p, err := (demoSource{}).Path(demo)
	if err != nil {
		return nil, err
	}
	return func(x *app.Explorer) { x.OpenPath(p, "space") }, nil
}

// demoSource unpacks the embedded demos into the user's cache folder,
// once per demo version.
type demoSource struct{}

func (demoSource) Names() []string { return assets.Demos() }

func (demoSource) Path(name string) (string, error) {
	fsys, err := assets.Demo(name)
	if err != nil {
		return "", err
	}
	sum, err := hashFS(fsys)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "latent", "demo-"+name+"-"+sum[:12])
	if _, err := os.Stat(filepath.Join(dir, model.ManifestName)); err == nil {
		return dir, nil
	}
	if _, err := assets.Export(name, dir, true); err != nil {
		return "", err
	}
	return dir, nil
}

// hashFS returns a hex SHA-256 over the names and contents of fsys's files.
func hashFS(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		io.WriteString(h, p+"\x00")
		_, err = io.Copy(h, f)
		return err
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

package assets

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// The demo spaces, one folder each under demo/, made by tools/demo/train.py.
//
//go:embed demo
var demoFS embed.FS

// The application icon, made by tools/demo/icon.go.
//
//go:embed icon.png
var icon []byte

// DefaultDemo is the demo space latent opens when it is given no space.
const DefaultDemo = "mnist-16"

// ErrUnknownDemo is returned for a demo name that is not embedded.
var ErrUnknownDemo = errors.New("no such demo")

// Demos returns the names of the embedded demo spaces, sorted.
func Demos() []string {
	entries, err := demoFS.ReadDir("demo")
	if err != nil {
		panic("assets: embedded demo folder missing: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Demo returns the embedded demo space called name as a read-only file
// system whose root holds latent.toml and the files it names. An unknown
// name gives an error wrapping ErrUnknownDemo that lists the known ones.
func Demo(name string) (fs.FS, error) {
	if !isDemo(name) {
		return nil, fmt.Errorf("%w %q (the demos are %s)", ErrUnknownDemo, name, strings.Join(Demos(), ", "))
	}
	sub, err := fs.Sub(demoFS, "demo/"+name)
	if err != nil {
		panic("assets: " + err.Error())
	}
	return sub, nil
}

func isDemo(name string) bool {
	for _, n := range Demos() {
		if n == name {
			return true
		}
	}
	return false
}

// Icon returns the application icon, a 256×256 PNG. The caller must not
// modify the returned bytes.
func Icon() []byte { return icon }

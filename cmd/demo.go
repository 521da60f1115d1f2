package cmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/latent-explorer/latent/assets"
	"github.com/latent-explorer/latent/model"
)

func init() {
	register(&command{
		name:    "demo",
		args:    "list | export DIR [--name NAME] [--force]",
		summary: "list the embedded demo spaces, or write one to a folder",
		run:     runDemo,
	})
}

func runDemo(_ context.Context, e *env, flags *flag.FlagSet, args []string) error {
	name := flags.String("name", assets.DefaultDemo, "the demo space to export (see latent demo list)")
	force := flags.Bool("force", false, "overwrite files already in DIR")
	pos, err := parseInterleaved(flags, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("want list or export DIR")
	}
	switch pos[0] {
	case "list":
		if len(pos) != 1 {
			return usagef("list takes no arguments, got %q", pos[1:])
		}
		return listDemos(e)
	case "export":
		if len(pos) != 2 {
			return usagef("export wants one folder, got %d arguments", len(pos)-1)
		}
		return exportDemo(e, *name, pos[1], *force)
	}
	return usagef("unknown demo subcommand %q: want list or export DIR", pos[0])
}

// parseInterleaved parses flags that may come before, between or after
// the positional arguments, and returns the positional ones.
func parseInterleaved(flags *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(flags, args); err != nil {
			return nil, err
		}
		args = flags.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// listDemos prints each embedded demo's name and title.
func listDemos(e *env) error {
	for _, n := range assets.Demos() {
		title, err := demoTitle(n)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%-10s %s\n", n, title)
	}
	return nil
}

// demoTitle returns the name in a demo's manifest.
func demoTitle(name string) (string, error) {
	space, err := assets.Demo(name)
	if err != nil {
		return "", err
	}
	b, err := fs.ReadFile(space, model.ManifestName)
	if err != nil {
		return "", err
	}
	m, err := model.ParseManifest(b)
	if err != nil {
		return "", fmt.Errorf("demo %s: %s: %w", name, model.ManifestName, err)
	}
	return m.Name, nil
}

func exportDemo(e *env, name, dir string, force bool) error {
	if _, err := assets.Demo(name); err != nil {
		return usagef("--name: %v", err)
	}
	written, err := assets.Export(name, dir, force)
	if err != nil {
		if errors.Is(err, assets.ErrExists) {
			return fmt.Errorf("%w (use --force to overwrite)", err)
		}
		return err
	}
	var size int64
	for _, p := range written {
		if st, err := os.Stat(p); err == nil {
			size += st.Size()
		}
	}
	fmt.Fprintf(e.stdout, "wrote the %s demo to %s (%d files, %.1f MB); open it with: latent %s\n",
		name, dir, len(written), float64(size)/1e6, dir)
	return nil
}

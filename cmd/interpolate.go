package cmd

import (
	"context"
	"flag"

	"github.com/latent-explorer/latent/app/session"
)

func init() {
	register(&command{
		name:    "interpolate",
		args:    "SPACE|--codes Z --decoder M.onnx --from I --to J [--steps 10] [--slerp] -o STRIP.png|STRIP.gif",
		summary: "decode the interpolation between two latent points (linear or spherical) as a PNG strip or GIF",
		run:     runInterpolate,
	})
}

func runInterpolate(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	sf := addSpaceFlags(flags).addDecoding(flags)
	from := flags.String("from", "", "start: a code's row index I, mean, zero, or a vector \"0.1,-2,...\"")
	to := flags.String("to", "", "end: a code's row index J, mean, zero, or a vector")
	steps := flags.Int("steps", 10, "images from start to end, both included")
	slerp := flags.Bool("slerp", false, "interpolate along the great circle (spherical) rather than the straight line")
	pf := addPictureFlags(flags)
	pos, err := parseInterleaved(flags, args)
	if err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usagef("--from and --to are required")
	}
	if err := checkSteps(*steps); err != nil {
		return err
	}
	if err := sf.decoding.check(); err != nil {
		return err
	}
	if err := pf.check(); err != nil {
		return err
	}
	if err := pf.checkSize(1, *steps); err != nil {
		return err
	}
	ds, err := openDecodingSpace(pos, sf)
	if err != nil {
		return err
	}
	ds.allowNonfinite = *pf.allowNonfinite
	a, err := ds.code("--from", *from)
	if err != nil {
		return err
	}
	b, err := ds.code("--to", *to)
	if err != nil {
		return err
	}
	p := session.NewPath(session.Endpoint{Point: -1, Z: a}, session.Endpoint{Point: -1, Z: b}, *steps, *slerp)
	if p.Cells, err = ds.decodeCells(ctx, e, p.Z, *pf.cell); err != nil {
		return err
	}
	return pf.write(p.Picture())
}

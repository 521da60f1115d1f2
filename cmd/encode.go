package cmd

import (
	"context"
	"flag"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
)

func init() {
	register(&command{
		name:    "encode",
		args:    "--encoder M.onnx --data X.npy -o Z.npy|Z.csv",
		summary: "encode data items to latent codes (the mean) with an ONNX encoder",
		run:     runEncode,
	})
}

func runEncode(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	encPath := flags.String("encoder", "", "the ONNX encoder")
	data := flags.String("data", "", "the data: .npy, .npz, MNIST IDX, .csv or .parquet, N items of the encoder's input shape")
	name := flags.String("name", "", "for .npz or .parquet data, the array or column")
	scale := flags.Float64("scale", 0, "multiply the data by this before encoding (0: 1/255 for uint8 data, else 1)")
	out := flags.String("o", "", "output codes: .npy or .csv")
	if err := parse(flags, args); err != nil {
		return err
	}
	if *encPath == "" || *data == "" {
		return usagef("--encoder and --data are required")
	}
	if _, err := outputKind(*out, "npy", "csv"); err != nil {
		return err
	}
	enc, err := model.LoadEncoder(*encPath)
	if err != nil {
		return err
	}
	a, err := model.ReadArray(*data, *name)
	if err != nil {
		return err
	}
	x, n, err := encoderInput(*data, a, enc.InputShape(), *scale)
	if err != nil {
		return err
	}
	z, err := encodeAll(ctx, e, enc, x, n)
	if err != nil {
		return fmt.Errorf("%s: %w", *encPath, err)
	}
	codes := make([]float64, len(z))
	for i, v := range z {
		codes[i] = float64(v)
	}
	return writeMatrix(*out, mat.NewDense(n, enc.LatentDim(), codes), nil)
}

// encoderInput converts the data to float32 items of the encoder's input
// shape: any array whose first axis counts the items and whose other
// axes hold as many values as one input (e.g. [N 28 28] for [1 28 28]).
// uint8 data (images stored 0–255) is scaled to [0, 1] unless scale is
// given.
func encoderInput(path string, a *model.Array, shape []int, scale float64) ([]float32, int, error) {
	item := 1
	for _, s := range shape {
		item *= s
	}
	if len(a.Shape) == 0 || a.Shape[0] == 0 || a.Len()/a.Shape[0] != item {
		return nil, 0, fmt.Errorf("%s: data of shape %v; the encoder takes items of shape %v", path, a.Shape, shape)
	}
	return a.Scaled(scale), a.Shape[0], nil
}

// encodeAll encodes in blocks (model.EncodeAll) with a progress bar.
func encodeAll(ctx context.Context, e *env, enc *model.Encoder, x []float32, n int) ([]float32, error) {
	update, done := e.progressBar("encoding")
	defer done()
	return model.EncodeAll(ctx, enc, x, n, update)
}

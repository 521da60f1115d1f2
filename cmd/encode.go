package cmd

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
)

func init() {
	register(&command{
		name:    "encode",
		args:    "--encoder M.onnx (--data X.npy | --image IMG.png|DIR) -o Z.npy|Z.csv",
		summary: "encode data items to latent codes (the mean) with an ONNX encoder",
		run:     runEncode,
	})
}

func runEncode(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	encPath := flags.String("encoder", "", "the ONNX encoder")
	data := flags.String("data", "", "the data: .npy, .npz, MNIST IDX, .csv or .parquet, N items of the encoder's input shape")
	img := flags.String("image", "", "instead of --data: a PNG or JPEG image, or a folder of them (encoded in name order), resized to the encoder's input")
	rng := flags.String("value-range", "0:1", "with --image: the encoder's input range lo:hi (black to lo, white to hi)")
	channels := flags.String("channels", "rgb", "with --image and a 3-channel encoder: rgb or bgr")
	invert := flags.Bool("invert", false, "with --image: invert the image first (a dark drawing on a light background)")
	name := flags.String("name", "", "for .npz or .parquet data, the array or column")
	scale := flags.Float64("scale", 0, "multiply the data by this before encoding (0: 1/255 for uint8 data, else 1)")
	out := flags.String("o", "", "output codes: .npy or .csv")
	if err := parse(flags, args); err != nil {
		return err
	}
	if *encPath == "" || (*data == "") == (*img == "") {
		return usagef("--encoder and one of --data or --image are required")
	}
	format, err := imageFormat(*rng, *channels, *invert)
	if err != nil {
		return err
	}
	if _, err := outputKind(*out, "npy", "csv"); err != nil {
		return err
	}
	enc, err := model.LoadEncoder(*encPath)
	if err != nil {
		return err
	}
	var x []float32
	var n int
	if *img != "" {
		x, n, err = imageInputs(*img, enc.InputShape(), format)
	} else {
		x, n, err = dataInputs(*data, *name, enc.InputShape(), *scale)
	}
	if err != nil {
		return err
	}
	z, err := encodeAll(ctx, e, enc, x, n)
	if err != nil {
		return fmt.Errorf("%s: %w", *encPath, err)
	}
	codes := model.Float64s(z)
	if shape := enc.LatentShape(); len(shape) > 1 && strings.HasSuffix(strings.ToLower(*out), ".npy") {
		// Shaped latents keep their shape, [N, 4, 8, 8], for the decoder.
		return model.WriteNPY(*out, &model.Array{Shape: append([]int{n}, shape...), DType: "float32", Data: codes})
	}
	return writeMatrix(*out, mat.NewDense(n, enc.LatentDim(), codes), nil)
}

func dataInputs(path, name string, shape []int, scale float64) ([]float32, int, error) {
	a, err := model.ReadArray(path, name)
	if err != nil {
		return nil, 0, err
	}
	return model.EncoderInput(path, a, shape, scale)
}

// imageFormat reads the --image flags.
func imageFormat(rng, channels string, invert bool) (model.ImageFormat, error) {
	lo, hi, err := parseRange(rng)
	if err != nil || rng == "auto" {
		return model.ImageFormat{}, usagef("--value-range %q: want lo:hi with lo < hi", rng)
	}
	if channels != "rgb" && channels != "bgr" {
		return model.ImageFormat{}, usagef("--channels %q: want rgb or bgr", channels)
	}
	return model.ImageFormat{Range: [2]float64{lo, hi}, Channels: channels, Invert: invert}, nil
}

// imageInputs reads an image, or every image of a folder, as encoder
// inputs of the given shape.
func imageInputs(path string, shape []int, f model.ImageFormat) ([]float32, int, error) {
	files := []string{path}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		if files, err = model.ImageFiles(path); err != nil {
			return nil, 0, err
		}
	}
	var x []float32
	for _, file := range files {
		img, err := model.ReadImage(file)
		if err != nil {
			return nil, 0, err
		}
		item, err := model.ImageInput(nil, img, shape, f)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", file, err)
		}
		x = append(x, item...)
	}
	return x, len(files), nil
}

// encodeAll encodes in blocks (model.EncodeAll) with a progress bar.
func encodeAll(ctx context.Context, e *env, enc *model.Encoder, x []float32, n int) ([]float32, error) {
	update, done := e.progressBar("encoding")
	defer done()
	z, _, err := model.EncodeAll(ctx, enc, x, n, false, update)
	return z, err
}

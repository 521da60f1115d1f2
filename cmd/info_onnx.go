package cmd

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/model/onnx"
)

// infoONNX prints what an ONNX model holds and, with bench, how fast it
// runs on this machine.
func infoONNX(e *env, path string, bench bool) error {
	m, err := model.LoadModel(path)
	if err != nil {
		return unsupportedReport(e.stdout, path, err)
	}
	w := e.stdout
	fmt.Fprintf(w, "%s: ONNX model, IR version %d, opset %d", path, m.IRVersion, m.Opset)
	if m.Producer != "" {
		fmt.Fprintf(w, ", made by %s", m.Producer)
	}
	fmt.Fprintln(w)
	printValues(w, "inputs", m.Inputs)
	printValues(w, "outputs", m.Outputs)
	fmt.Fprintf(w, "parameters: %d\n", m.Params)
	nodes := 0
	var ops []string
	for _, t := range m.OpTypes() {
		nodes += m.OpCounts[t]
		ops = append(ops, fmt.Sprintf("%s %d", t, m.OpCounts[t]))
	}
	fmt.Fprintf(w, "operators (%d nodes): %s\n", nodes, strings.Join(ops, ", "))
	r := roleOf(path)
	fmt.Fprintln(w, r.describe())
	for _, line := range r.details {
		fmt.Fprintf(w, "  %s\n", line)
	}
	if bench {
		if r.run == nil {
			return fmt.Errorf("%s: --bench needs a decoder ([batch d] input) or an encoder (fixed item shape)", path)
		}
		benchmark(w, r)
	}
	return nil
}

func printValues(w io.Writer, title string, vs []onnx.ValueInfo) {
	fmt.Fprintf(w, "%s:\n", title)
	for _, v := range vs {
		fmt.Fprintf(w, "  %-12s %s %s\n", v.Name, typeName(v.Type), v)
	}
}

func typeName(t int) string {
	names := map[int]string{1: "float32", 2: "uint8", 3: "int8", 6: "int32", 7: "int64", 9: "bool", 10: "float16", 11: "float64"}
	if s, ok := names[t]; ok {
		return s
	}
	return fmt.Sprintf("type%d", t)
}

// role is what the model is to latent: a decoder, an encoder, or
// neither, with a function running a batch of n random inputs and, for a
// decoder, how each input is fed.
type role struct {
	desc    string
	details []string
	run     func(n int) error
}

func (r role) describe() string { return r.desc }

// roleOf loads the model as a decoder and as an encoder and says which
// it is: a model that loads as both (one fixed-shape input) is an encoder
// when its output is smaller than its input, else a decoder.
func roleOf(path string) role {
	rng := rand.New(rand.NewPCG(1, 2))
	dec, decErr := model.LoadDecoder(path)
	enc, encErr := model.LoadEncoder(path)
	switch {
	case decErr == nil && (encErr != nil || shapeElems(dec.OutputShape()) >= dec.LatentDim()):
		return decoderRole(dec, rng)
	case encErr == nil:
		return encoderRole(enc, rng)
	case errors.Is(decErr, model.ErrNoClassCount):
		return role{desc: "decoder, class-conditional: " + errors.Unwrap(decErr).Error()}
	}
	return role{desc: "neither a decoder ([batch ...] → image or vector) nor an encoder: " + lastLine(decErr)}
}

// lastLine drops the file name a model error begins with.
func lastLine(err error) string {
	s := err.Error()
	if _, rest, ok := strings.Cut(s, ".onnx: "); ok {
		return rest
	}
	return s
}

func decoderRole(dec *model.Decoder, rng *rand.Rand) role {
	kind := "vector"
	if dec.IsImage() {
		kind = "image"
	}
	z := randomFloats(rng, 64*dec.LatentDim())
	var dst []float32
	desc := fmt.Sprintf("decoder: latent size %d → %s %v", dec.LatentDim(), kind, dec.OutputShape())
	if s := dec.LatentShape(); len(s) > 1 {
		desc += fmt.Sprintf(", latents of shape %v", s)
	}
	if len(dec.Model().Outputs) > 1 {
		desc += fmt.Sprintf(", showing output %q", dec.OutputName())
	}
	if b := dec.BatchSize(); b > 0 {
		desc += fmt.Sprintf(", run in batches of %d", b)
	}
	return role{
		desc:    desc,
		details: dec.Inputs(),
		run: func(n int) (err error) {
			if n == 1 {
				dst, err = dec.Decode(z[:dec.LatentDim()], dst)
				return err
			}
			dst, err = dec.DecodeBatch(z[:n*dec.LatentDim()], n, dst)
			return err
		},
	}
}

func encoderRole(enc *model.Encoder, rng *rand.Rand) role {
	item := shapeElems(enc.InputShape())
	x := randomFloats(rng, 64*item)
	var dst []float32
	return role{
		desc: encoderDesc(enc),
		run: func(n int) (err error) {
			dst, err = enc.Encode(x[:n*item], n, dst)
			return err
		},
	}
}

func encoderDesc(enc *model.Encoder) string {
	desc := fmt.Sprintf("encoder: items %v → latent size %d", enc.InputShape(), enc.LatentDim())
	if s := enc.LatentShape(); len(s) > 1 {
		desc += fmt.Sprintf(", latents of shape %v", s)
	}
	return desc
}

func shapeElems(s []int) int {
	n := 1
	for _, v := range s {
		n *= v
	}
	return n
}

func randomFloats(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

// benchmark prints single-sample latency percentiles and batch-64
// throughput, each measured for about a second after a warm-up.
func benchmark(w io.Writer, r role) {
	budget := benchBudget
	r.run(1)
	var lat []time.Duration
	for start := time.Now(); time.Since(start) < budget || len(lat) < 20; {
		t0 := time.Now()
		if err := r.run(1); err != nil {
			fmt.Fprintf(w, "bench: %v\n", err)
			return
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Fprintf(w, "single sample: p50 %s, p99 %s (%d runs)\n", ms(pct(0.5)), ms(pct(0.99)), len(lat))
	r.run(64)
	runs := 0
	start := time.Now()
	for time.Since(start) < budget || runs < 3 {
		if err := r.run(64); err != nil {
			fmt.Fprintf(w, "bench: %v\n", err)
			return
		}
		runs++
	}
	el := time.Since(start)
	fmt.Fprintf(w, "batch of 64: %s per batch, %.0f items/s (%d threads)\n",
		ms(el/time.Duration(runs)), float64(64*runs)/el.Seconds(), runtime.GOMAXPROCS(0))
}

// benchBudget is how long each half of --bench measures.
var benchBudget = time.Second

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d.Microseconds())/1000) }

// unsupportedReport prints every operator of a model the runtime cannot
// run, with its nodes and the opset (Load's *onnx.UnsupportedError lists
// them all), and returns a one-line error.
func unsupportedReport(w io.Writer, path string, err error) error {
	var ue *onnx.UnsupportedError
	if !errors.As(err, &ue) {
		return err
	}
	fmt.Fprintf(w, "%s: ONNX model, opset %d, that the runtime cannot run:\n", path, ue.Opset)
	for _, op := range ue.Ops {
		fmt.Fprintf(w, "  unsupported: %s\n", op)
	}
	noun := "operators"
	if len(ue.Ops) == 1 {
		noun = "operator"
	}
	return fmt.Errorf("%s: %d unsupported %s at opset %d (listed above)", path, len(ue.Ops), noun, ue.Opset)
}

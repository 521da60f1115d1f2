// Command gorun is the Go side of tools/bench_ort: it loads one ONNX model
// into latent's interpreter (model/onnx), reads its inputs from .npy files
// and times runs on request, so that bench.py can alternate it with ONNX
// Runtime call by call in one run.
//
//	gorun MODEL.onnx NAME=INPUT.npy ...
//
// Each line on standard input is a number N: gorun runs the model N times
// and prints one line, a JSON array of the N call times in milliseconds.
// The first line it prints is "ready" once the model is loaded and has run
// once. GOMAXPROCS sets the threads it may use.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/model/onnx"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gorun:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("usage: gorun MODEL.onnx NAME=INPUT.npy ...")
	}
	m, err := onnx.Load(args[0])
	if err != nil {
		return err
	}
	inputs, err := readInputs(m, args[1:])
	if err != nil {
		return err
	}
	s := m.NewSession()
	if _, err := s.Run(inputs...); err != nil {
		return err
	}
	fmt.Println("ready")
	return serve(s, inputs)
}

// readInputs reads NAME=PATH arguments into tensors in the model's input
// order.
func readInputs(m *onnx.Model, args []string) ([]*onnx.Tensor, error) {
	byName := map[string]string{}
	for _, a := range args {
		name, path, ok := strings.Cut(a, "=")
		if !ok {
			return nil, fmt.Errorf("argument %q: want NAME=PATH", a)
		}
		byName[name] = path
	}
	var ts []*onnx.Tensor
	for _, in := range m.Inputs {
		path, ok := byName[in.Name]
		if !ok {
			return nil, fmt.Errorf("no file for input %q", in.Name)
		}
		t, err := readTensor(path)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

func readTensor(path string) (*onnx.Tensor, error) {
	a, err := model.ReadArray(path, "")
	if err != nil {
		return nil, err
	}
	shape := append([]int(nil), a.Shape...)
	if a.IsInteger() {
		ints := make([]int64, len(a.Data))
		for i, v := range a.Data {
			ints[i] = int64(v)
		}
		return &onnx.Tensor{Shape: shape, Int: ints, Type: 7}, nil
	}
	fs := make([]float32, len(a.Data))
	for i, v := range a.Data {
		fs[i] = float32(v)
	}
	return onnx.NewTensor(fs, shape...), nil
}

// serve answers each line N on standard input with N timed runs.
func serve(s *onnx.Session, inputs []*onnx.Tensor) error {
	sc := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	for sc.Scan() {
		n, err := strconv.Atoi(strings.TrimSpace(sc.Text()))
		if err != nil || n < 1 {
			return fmt.Errorf("want a positive call count, got %q", sc.Text())
		}
		ms := make([]float64, n)
		for i := range ms {
			t0 := time.Now()
			if _, err := s.Run(inputs...); err != nil {
				return err
			}
			ms[i] = float64(time.Since(t0).Nanoseconds()) / 1e6
		}
		b, _ := json.Marshal(ms)
		fmt.Fprintln(out, string(b))
		out.Flush()
	}
	return sc.Err()
}

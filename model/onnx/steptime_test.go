package onnx

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestStepTimes prints where a model's run spends its time, step by step
// and by operator: LATENT_STEPTIMES="MODEL.onnx INPUT.npy [THREADS [RUNS]]"
// (a float32 .npy for the model's first input). It measures; it checks
// nothing.
func TestStepTimes(t *testing.T) {
	spec := strings.Fields(os.Getenv("LATENT_STEPTIMES"))
	if len(spec) < 2 {
		t.Skip("LATENT_STEPTIMES not set")
	}
	threads, runs := 1, 500
	if len(spec) > 2 {
		threads, _ = strconv.Atoi(spec[2])
	}
	if len(spec) > 3 {
		runs, _ = strconv.Atoi(spec[3])
	}
	m, err := Load(spec[0])
	if err != nil {
		t.Fatal(err)
	}
	x, err := readNpyFloat32(spec[1])
	if err != nil {
		t.Fatal(err)
	}
	s := m.NewSession()
	s.SetThreads(threads)
	for range 20 {
		if _, err := s.Run(x); err != nil {
			t.Fatal(err)
		}
	}
	total := map[string]time.Duration{}
	byOp := map[string]time.Duration{}
	var order []string
	stepTimer = func(name, opType string) func() {
		t0 := time.Now()
		return func() {
			d := time.Since(t0)
			key := name + " (" + opType + ")"
			if _, ok := total[key]; !ok {
				order = append(order, key)
			}
			total[key] += d
			byOp[opType] += d
		}
	}
	defer func() { stepTimer = nil }()
	t0 := time.Now()
	for range runs {
		if _, err := s.Run(x); err != nil {
			t.Fatal(err)
		}
	}
	wall := time.Since(t0) / time.Duration(runs)
	for _, k := range order {
		fmt.Printf("%9.1f µs  %s\n", float64(total[k].Nanoseconds())/float64(runs)/1e3, k)
	}
	var ops []string
	for k := range byOp {
		ops = append(ops, k)
	}
	sort.Slice(ops, func(i, j int) bool { return byOp[ops[i]] > byOp[ops[j]] })
	fmt.Println("by operator:")
	for _, k := range ops {
		fmt.Printf("%9.1f µs  %s\n", float64(byOp[k].Nanoseconds())/float64(runs)/1e3, k)
	}
	fmt.Printf("run: %.1f µs\n", float64(wall.Nanoseconds())/1e3)
}

// readNpyFloat32 reads a little-endian float32 .npy file.
func readNpyFloat32(path string) (*Tensor, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 10 || string(b[1:6]) != "NUMPY" {
		return nil, fmt.Errorf("%s: not a .npy file", path)
	}
	hlen, start := int(binary.LittleEndian.Uint16(b[8:])), 10
	if b[6] != 1 {
		hlen, start = int(binary.LittleEndian.Uint32(b[8:])), 12
	}
	header := string(b[start : start+hlen])
	if !strings.Contains(header, "'<f4'") {
		return nil, fmt.Errorf("%s: not float32", path)
	}
	var shape []int
	for _, f := range strings.Split(regexp.MustCompile(`'shape':\s*\(([^)]*)\)`).FindStringSubmatch(header)[1], ",") {
		if f = strings.TrimSpace(f); f != "" {
			n, _ := strconv.Atoi(f)
			shape = append(shape, n)
		}
	}
	data := b[start+hlen:]
	v := make([]float32, len(data)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return NewTensor(v, shape...), nil
}

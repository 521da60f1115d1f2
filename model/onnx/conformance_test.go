package onnx

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/latent-explorer/latent/model/sgemm"
)

// The conformance cases in testdata/node are ONNX's own backend node tests:
// tools/onnx/make_conformance.py runs the generators of python3-onnx 1.12
// (onnx.backend.test.case.node; reference outputs are onnx's NumPy
// implementations) and adds a few cases of its own, for operators newer
// than onnx 1.12, in the same layout. Each case runs twice: "run" feeds the
// inputs to Session.Run, "fold" stores them in the model as initializers so
// that the whole graph is evaluated at load by constant folding. Outputs
// must match as onnx's runner checks them: |got-want| ≤ 1e-5 + 1e-3·|want|
// for floating point, exactly for integers and booleans.

// knownFailing lists, with the reason, the cases that cannot pass: the
// key is the case name (both modes fail) or name/run or name/fold (that
// mode fails). A listed case that passes fails the test, so that the
// table stays true.
var knownFailing = map[string]string{
	"test_batchnorm_epsilon_training_mode":     "training mode (the runtime does inference only)",
	"test_batchnorm_example_training_mode":     "training mode (the runtime does inference only)",
	"test_bernoulli_double_expanded":           "the reference is a NumPy random draw (RandomUniformLike)",
	"test_bernoulli_expanded":                  "the reference is a NumPy random draw (RandomUniformLike)",
	"test_bernoulli_seed_expanded":             "the reference is a NumPy random draw (RandomUniformLike)",
	"test_cast_BFLOAT16_to_FLOAT":              "bfloat16 is not run",
	"test_cast_FLOAT_to_BFLOAT16":              "bfloat16 is not run",
	"test_cast_FLOAT_to_STRING":                "string tensors are not run",
	"test_cast_STRING_to_FLOAT":                "string tensors are not run",
	"test_castlike_BFLOAT16_to_FLOAT":          "bfloat16 is not run",
	"test_castlike_BFLOAT16_to_FLOAT_expanded": "bfloat16 is not run",
	"test_castlike_FLOAT_to_BFLOAT16":          "bfloat16 is not run",
	"test_castlike_FLOAT_to_BFLOAT16_expanded": "bfloat16 is not run",
	"test_castlike_FLOAT_to_STRING":            "string tensors are not run",
	"test_castlike_FLOAT_to_STRING_expanded":   "string tensors are not run",
	"test_castlike_STRING_to_FLOAT":            "string tensors are not run",
	"test_castlike_STRING_to_FLOAT_expanded":   "string tensors are not run",
}

// conformance counts the cases for TestMain's summary.
var conformance struct{ total, passed, listed int }

func TestMain(m *testing.M) {
	code := m.Run()
	if c := conformance; c.total > 0 {
		fmt.Printf("onnx conformance: %d of %d node cases pass, %d listed as known failing with a reason\n",
			c.passed, c.total, c.listed)
	}
	os.Exit(code)
}

func TestConformance(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "node", "test_*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no conformance cases in testdata/node: %v", err)
	}
	seen := map[string]bool{}
	conformance.total, conformance.passed, conformance.listed = len(dirs), 0, 0
	for _, dir := range dirs {
		name := filepath.Base(dir)
		seen[name] = true
		ok, listed := true, false
		for _, mode := range []string{"run", "fold"} {
			err := runCase(dir, mode == "fold")
			reason, isListed := knownFailing[name]
			if r, l := knownFailing[name+"/"+mode]; l {
				reason, isListed = r, true
			}
			listed = listed || isListed
			ok = ok && err == nil
			switch {
			case err != nil && !isListed:
				t.Errorf("%s (%s): %v", name, mode, err)
			case err == nil && isListed:
				t.Errorf("%s (%s) passes but is listed as failing (%q): remove it from knownFailing", name, mode, reason)
			}
		}
		if ok {
			conformance.passed++
		}
		if listed {
			conformance.listed++
		}
	}
	for key := range knownFailing {
		if !seen[strings.Split(key, "/")[0]] {
			t.Errorf("knownFailing lists %s, which is no case in testdata/node", key)
		}
	}
}

// TestConformancePortable runs the cases with the portable Go kernels in
// place of the assembly ones.
func TestConformancePortable(t *testing.T) {
	asm := useAsm
	gemmAsm := sgemm.UseAssembly(false)
	defer func() { useAsm = asm; sgemm.UseAssembly(gemmAsm) }()
	useAsm = false
	TestConformance(t)
}

// runCase runs every data set of the case in dir.
func runCase(dir string, fold bool) error {
	model, err := os.ReadFile(filepath.Join(dir, "model.onnx"))
	if err != nil {
		return err
	}
	sets, err := filepath.Glob(filepath.Join(dir, "test_data_set_*"))
	if err != nil || len(sets) == 0 {
		return fmt.Errorf("no data sets: %v", err)
	}
	for _, set := range sets {
		if err := runDataSet(model, set, fold); err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(set), err)
		}
	}
	return nil
}

func runDataSet(model []byte, set string, fold bool) error {
	inRaw, in, err := readTensors(set, "input")
	if err != nil {
		return err
	}
	_, want, err := readTensors(set, "output")
	if err != nil {
		return err
	}
	if fold {
		model, in = withInitializers(model, inRaw), nil
	}
	m, err := Parse(model)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	got, err := m.NewSession().Run(in...)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if len(got) != len(want) {
		return fmt.Errorf("%d outputs, want %d", len(got), len(want))
	}
	for k := range want {
		if err := compareTensors(got[k], want[k]); err != nil {
			return fmt.Errorf("output %d: %w", k, err)
		}
	}
	return nil
}

// readTensors reads set/kind_0.pb, kind_1.pb, ... as tensors, with their
// serialized bytes.
func readTensors(set, kind string) ([][]byte, []*Tensor, error) {
	var raws [][]byte
	var ts []*Tensor
	for k := 0; ; k++ {
		b, err := os.ReadFile(filepath.Join(set, fmt.Sprintf("%s_%d.pb", kind, k)))
		if errors.Is(err, os.ErrNotExist) {
			return raws, ts, nil
		}
		if err != nil {
			return nil, nil, err
		}
		tp, err := parseTensor(b)
		if err != nil {
			return nil, nil, fmt.Errorf("%s_%d.pb: %w", kind, k, err)
		}
		t, err := tensorFromProto(tp)
		if err != nil {
			return nil, nil, fmt.Errorf("%s_%d.pb: %w", kind, k, err)
		}
		raws, ts = append(raws, b), append(ts, t)
	}
}

// withInitializers returns the model with the tensors appended to its
// graph's initializers. Each is named for the graph input it feeds, so the
// graph has no inputs left to run with and folds at load.
func withInitializers(model []byte, tensors [][]byte) []byte {
	var out []byte
	for b := model; len(b) > 0; {
		num, typ, n := protowire.ConsumeTag(b)
		m := protowire.ConsumeFieldValue(num, typ, b[n:])
		if n < 0 || m < 0 {
			return model
		}
		if num == 7 && typ == protowire.BytesType {
			g, _ := protowire.ConsumeBytes(b[n:])
			g = append([]byte(nil), g...)
			for _, t := range tensors {
				g = protowire.AppendTag(g, 5, protowire.BytesType)
				g = protowire.AppendBytes(g, t)
			}
			out = protowire.AppendTag(out, 7, protowire.BytesType)
			out = protowire.AppendBytes(out, g)
		} else {
			out = append(out, b[:n+m]...)
		}
		b = b[n+m:]
	}
	return out
}

// compareTensors checks got against want as onnx's backend runner does.
func compareTensors(got, want *Tensor) error {
	if fmt.Sprint(got.Shape) != fmt.Sprint(want.Shape) {
		return fmt.Errorf("shape %v, want %v", got.Shape, want.Shape)
	}
	if want.IsFloat() {
		if !got.IsFloat() || len(got.Float) != len(want.Float) {
			return fmt.Errorf("type %d, want floating point (%d)", got.Type, want.Type)
		}
		for i, w := range want.Float {
			if !closeEnough(float64(got.Float[i]), float64(w)) {
				return fmt.Errorf("element %d is %g, want %g", i, got.Float[i], w)
			}
		}
		return nil
	}
	if got.Type != want.Type || len(got.Int) != len(want.Int) {
		return fmt.Errorf("type %d, want %d", got.Type, want.Type)
	}
	for i, w := range want.Int {
		if got.Int[i] != w {
			return fmt.Errorf("element %d is %d, want %d", i, got.Int[i], w)
		}
	}
	return nil
}

// closeEnough is numpy.testing.assert_allclose with rtol 1e-3 and atol
// 1e-5; NaNs match NaNs and infinities their own sign.
func closeEnough(got, want float64) bool {
	switch {
	case math.IsNaN(want):
		return math.IsNaN(got)
	case math.IsInf(want, 0):
		return got == want
	}
	return math.Abs(got-want) <= 1e-5+1e-3*math.Abs(want)
}

// TestConformanceTableReasons checks that every entry of knownFailing
// gives its reason.
func TestConformanceTableReasons(t *testing.T) {
	keys := make([]string, 0, len(knownFailing))
	for k := range knownFailing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.TrimSpace(knownFailing[k]) == "" {
			t.Errorf("knownFailing[%s] gives no reason", k)
		}
	}
}

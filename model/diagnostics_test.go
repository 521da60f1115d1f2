package model

import (
	"math"
	"testing"
)

func TestDiagnoseVarianceAndKL(t *testing.T) {
	// Two items, two dimensions. Dimension 0: means ±1, log-variance 0,
	// so KL = ½(1 + 1 − 0 − 1) = 0.5 for each item. Dimension 1: means 0,
	// variance e^{-2}: KL = ½(0 + e^{-2} + 2 − 1) ≈ 0.5677.
	codes := &Codes{N: 2, D: 2, Data: []float32{1, 0, -1, 0}}
	logVar := &Codes{N: 2, D: 2, Data: []float32{0, -2, 0, -2}}
	d, err := Diagnose(codes, logVar)
	if err != nil {
		t.Fatal(err)
	}
	want1 := 0.5 * (math.Exp(-2) + 2 - 1)
	if math.Abs(d.Dims[0].MeanKL-0.5) > 1e-12 || math.Abs(d.Dims[1].MeanKL-want1) > 1e-7 {
		t.Errorf("mean KL %v %v, want 0.5 %v", d.Dims[0].MeanKL, d.Dims[1].MeanKL, want1)
	}
	if math.Abs(d.Dims[0].Variance-2) > 1e-12 || d.Dims[1].Variance != 0 {
		t.Errorf("variances %v %v, want 2 0 (sample variance of ±1)", d.Dims[0].Variance, d.Dims[1].Variance)
	}
	// Dimension 1 has KL above the threshold but no variance: inactive.
	if d.Dims[0].Inactive || !d.Dims[1].Inactive || d.Active() != 1 {
		t.Errorf("inactive flags %v %v", d.Dims[0].Inactive, d.Dims[1].Inactive)
	}
	if math.Abs(d.TotalKL-(0.5+want1)) > 1e-7 {
		t.Errorf("total KL %v", d.TotalKL)
	}
}

func TestDiagnoseInactiveByKL(t *testing.T) {
	// Dimension 1 varies a little but its posterior is the prior: KL 0.
	codes := &Codes{N: 2, D: 2, Data: []float32{3, 0.1, -3, -0.1}}
	logVar := &Codes{N: 2, D: 2, Data: []float32{-4, 0, -4, 0}}
	d, err := Diagnose(codes, logVar)
	if err != nil {
		t.Fatal(err)
	}
	if d.Dims[0].Inactive || !d.Dims[1].Inactive {
		t.Errorf("flags %+v", d.Dims)
	}
	// Without log-variances only the variance rule applies:
	// 0.02 < 1% of 18.
	d, _ = Diagnose(codes, nil)
	if !d.Dims[1].Inactive || !math.IsNaN(d.Dims[1].MeanKL) || !math.IsNaN(d.TotalKL) {
		t.Errorf("without log-variances: %+v", d.Dims)
	}
}

func TestDiagnosticsOrder(t *testing.T) {
	codes := &Codes{N: 2, D: 3, Data: []float32{0, 2, 1, 0, -2, -1}}
	logVar := &Codes{N: 2, D: 3, Data: []float32{-9, 0, -1, -9, 0, -1}}
	d, err := Diagnose(codes, logVar)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		by   string
		want []int
	}{
		{OrderVariance, []int{1, 2, 0}},
		{OrderKL, []int{0, 1, 2}}, // dimension 0: σ² = e^{-9}, KL ≈ 4
		{OrderIndex, []int{0, 1, 2}},
	} {
		got, err := d.Order(c.by)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("order by %s: %v, want %v", c.by, got, c.want)
				break
			}
		}
	}
	noKL, _ := Diagnose(codes, nil)
	if _, err := noKL.Order(OrderKL); err == nil {
		t.Error("ordering by KL without log-variances: no error")
	}
	if _, err := d.Order("size"); err == nil {
		t.Error("unknown order: no error")
	}
}

func TestDiagnoseRefusesMismatch(t *testing.T) {
	codes := &Codes{N: 2, D: 2, Data: make([]float32, 4)}
	if _, err := Diagnose(codes, &Codes{N: 1, D: 2, Data: make([]float32, 2)}); err == nil {
		t.Error("mismatched log-variances: no error")
	}
	if _, err := Diagnose(&Codes{}, nil); err == nil {
		t.Error("no codes: no error")
	}
}

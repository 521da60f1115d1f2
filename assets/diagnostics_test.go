package assets

import (
	"context"
	"math"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// TestDemoDiagnostics checks model.DiagnoseSpace on the 16-d demo against
// PyTorch 1.13's evaluation when tools/demo/train.py trained it: a mean KL
// of 21.3 nats per test digit (tools/demo/README.md's table, one decimal),
// from the same encoder on the same 10,000 test digits. Three of its 16
// dimensions collapsed to the prior during training: in PyTorch's means
// and log-variances of the 200 check digits (testdata/mnist-16/
// check_mean.npy, check_logvar.npy) dimensions 6, 8 and 9 have a mean KL
// under 0.002 nats, the others over 0.8.
func TestDemoDiagnostics(t *testing.T) {
	s, _, enc := demoModels(t, "mnist-16")
	d, err := model.DiagnoseSpace(context.Background(), s, enc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !d.HasKL || math.Abs(d.TotalKL-21.3) > 0.05 {
		t.Errorf("total mean KL %.4f nats (has KL %v), PyTorch 21.3", d.TotalKL, d.HasKL)
	}
	var inactive []int
	for _, x := range d.Dims {
		if x.Inactive {
			inactive = append(inactive, x.Dim)
		}
	}
	if len(inactive) != 3 || inactive[0] != 6 || inactive[1] != 8 || inactive[2] != 9 {
		t.Errorf("inactive dimensions %v, want [6 8 9]", inactive)
	}
}

package model

import (
	"errors"
	"math"
	"testing"
)

func TestCountNonFinite(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	n := CountNonFinite([]float32{0, nan, -inf, 1, inf, nan, math.MaxFloat32})
	if n != (NonFinite{NaN: 2, Inf: 2, Of: 7}) {
		t.Errorf("got %+v", n)
	}
	if err := n.Err(); !errors.Is(err, ErrNonFinite) || err.Error() != "non-finite values: the decoder's output holds 2 NaN and 2 Inf among 7 values" {
		t.Errorf("Err() = %v", err)
	}
	if CountNonFinite([]float32{1, 2}).Err() != nil {
		t.Error("finite values reported")
	}
}

func TestOutputSpecCheckDecoder(t *testing.T) {
	v := OutputSpec{Kind: "vector", Shape: []int{12}}
	if err := v.CheckDecoder([]int{4}); !errors.Is(err, ErrShape) {
		t.Errorf("vector [12] against a decoder of [4]: err = %v, want ErrShape", err)
	}
	if err := v.CheckDecoder([]int{12}); err != nil {
		t.Error(err)
	}
	im := OutputSpec{Kind: "image", Shape: []int{1, 28, 28}}
	if err := im.CheckDecoder([]int{784}); err != nil {
		t.Error(err)
	}
}

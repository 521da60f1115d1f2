package session

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// prefixCoder is a linear autoencoder of 8×8 items: its code is an item's
// first d values and its decoding puts a code back there, zeros after. An
// item's round-trip error is then by hand Σ_{p≥d} x_p² / 64.
type prefixCoder struct{ d int }

func (c prefixCoder) LatentDim() int     { return c.d }
func (c prefixCoder) InputShape() []int  { return []int{1, 8, 8} }
func (c prefixCoder) OutputShape() []int { return []int{1, 8, 8} }
func (c prefixCoder) Encode(x []float32, n int, dst []float32) ([]float32, error) {
	dst = dst[:0]
	for i := range n {
		dst = append(dst, x[i*64:i*64+c.d]...)
	}
	return dst, nil
}
func (c prefixCoder) Decode(z, dst []float32) ([]float32, error) {
	if len(z) != c.d {
		return nil, errors.New("prefixCoder: wrong size")
	}
	dst = append(append(dst[:0], z...), make([]float32, 64-c.d)...)
	return dst, nil
}

// uint8Items is n 8×8 uint8 items with varied values.
func uint8Items(n int) *model.Array {
	a := &model.Array{Shape: []int{n, 8, 8}, DType: "uint8"}
	for i := range n * 64 {
		a.Data = append(a.Data, float64((i*37+i/64*11)%256))
	}
	return a
}

// TestRoundTripErrors checks the round-trip error of uint8 items (scaled
// to [0, 1], as recon scales them) against the sum worked by hand, and
// that encoding then scoring the reconstruction error agrees.
func TestRoundTripErrors(t *testing.T) {
	const n = 300 // more than one encoding block
	data := uint8Items(n)
	c := prefixCoder{d: 4}
	var fractions []float64
	got, err := RoundTripErrors(context.Background(), data, "items", 0, c, c, func(f float64) { fractions = append(fractions, f) })
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		var want float64
		for p := 4; p < 64; p++ {
			v := data.Data[i*64+p] / 255
			want += v * v
		}
		want /= 64
		if math.Abs(got[i]-want) > 1e-6 {
			t.Fatalf("item %d: round-trip error %g, by hand %g", i, got[i], want)
		}
	}
	if !slices.IsSorted(fractions) || fractions[len(fractions)-1] != 1 || !slices.Contains(fractions, 0.5) {
		t.Errorf("progress %v: want rising to 1 through 0.5 (encoding done)", fractions)
	}
	// The same by the two steps: encode, then the reconstruction error.
	x := data.Scaled(0)
	z, _ := c.Encode(x, n, nil)
	recon, err := ReconstructionErrors(context.Background(), &model.Codes{N: n, D: 4, Data: z}, data, "items", 0, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if math.Abs(recon[i]-got[i]) > 1e-12 {
			t.Fatalf("item %d: round trip %g, encode then recon %g", i, got[i], recon[i])
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RoundTripErrors(ctx, data, "items", 0, c, c, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := RoundTripErrors(context.Background(), data, "items", 0, c, prefixCoder{d: 5}, nil); err == nil {
		t.Error("a 4-d encoder with a 5-d decoder was accepted")
	}
}

// TestOutlierMethodsRoundTrip offers the round-trip error only with data,
// a decoder and an encoder, says what is missing otherwise, and scores
// the blank item 7 highest.
func TestOutlierMethodsRoundTrip(t *testing.T) {
	sp := testSpace(true)
	s := New()
	s.Open(sp, nil)
	waitIdle(t, s)
	if m := s.OutlierMissing(); m["recon"] != "needs the space's data and a decoder" || m["roundtrip"] != "needs the space's data and a decoder and an encoder" {
		t.Errorf("without data, decoder, encoder: %q", m)
	}
	sp = testSpace(true)
	sp.Data = uint8Items(sp.Codes.N)
	for p := range 64 {
		sp.Data.Data[7*64+p] = 255
	}
	c := prefixCoder{d: 4}
	s.Open(sp, c)
	waitIdle(t, s)
	if got := s.OutlierMethods(); slices.Contains(got, "roundtrip") || !slices.Contains(got, "recon") {
		t.Errorf("with data and a decoder only: %v", got)
	}
	if m := s.OutlierMissing(); m["roundtrip"] != "needs an encoder" {
		t.Errorf("missing %q", m)
	}
	s.SetEncoder(c)
	if got := s.OutlierMethods(); !slices.Contains(got, "roundtrip") {
		t.Fatalf("with an encoder too: %v", got)
	}
	j := s.ScoreOutliers("roundtrip")
	if err := wait(t, j); err != nil {
		t.Fatal(err)
	}
	sc := j.Status().Result.(*Scored)
	if sc.Ranked[0] != 7 || math.Abs(sc.Scores[7]-60.0/64) > 1e-9 {
		t.Errorf("ranked %v, score of 7 %g; want 7 first with 60/64", sc.Ranked[:3], sc.Scores[7])
	}
	if col := s.Snapshot().Coloring.Column; col != "outlier-roundtrip" {
		t.Errorf("coloured by %q", col)
	}
}

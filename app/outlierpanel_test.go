package app

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// TestOutliersPanelTopN moves point 11 far from every group and checks
// that each kNN-based score and the prior density rank it first, that the
// map is coloured by the score and that a row jumps to its point.
func TestOutliersPanelTopN(t *testing.T) {
	s := testSpace(t, true)
	for j := range s.Codes.D {
		s.Codes.Data[11*s.Codes.D+j] = 40
	}
	e := openTest(t, s)
	p := e.outliers
	if want := []string{"knn", "lof", "glosh", "prior"}; !slices.Equal(p.methods, want) {
		t.Errorf("scores offered %v, want %v (no data: no reconstruction error)", p.methods, want)
	}
	p.top.SetText("5")
	for k, m := range []string{"knn", "lof", "prior"} {
		p.choose(m)
		p.score()
		waitUntil(t, e, "the "+m+" scores listed", func() bool { return p.shown == k+1 })
		if len(p.rows) != 5 || p.rows[0] != 11 {
			t.Fatalf("%s: top rows %v, want 5 starting with 11", m, p.rows)
		}
		for r := 1; r < 5; r++ {
			if p.scored.Scores[p.rows[r]] > p.scored.Scores[p.rows[r-1]] {
				t.Errorf("%s: rows %v not by decreasing score", m, p.rows)
			}
		}
		if c := e.core.Snapshot().Coloring.Column; c != "outlier-"+m {
			t.Errorf("%s: the map is coloured by %q", m, c)
		}
		if text := p.rowText(0); !strings.HasPrefix(text, "#11  ") || !strings.Contains(text, "score ") {
			t.Errorf("%s: row 0 reads %q", m, text)
		}
	}
	// Each new scoring drops the pictures of the one before (a superseded
	// thumbnail job may never report), so wait for the last list's.
	waitUntil(t, e, "the outliers' pictures", func() bool { return p.pictured >= 1 && p.thumbs[0] != nil })
	p.list.Select(0)
	queue(e).drain()
	if cur := e.core.Snapshot().Current; cur != 11 {
		t.Errorf("clicking row 0 moved to point %d, want 11", cur)
	}
}

// TestOutliersPanelReconstruction gives the space data: each item the
// decoding of its code, but item 7 blank. Its reconstruction error is the
// largest, and the score is offered only with data.
func TestOutliersPanelReconstruction(t *testing.T) {
	s := testSpace(t, true)
	dec := linearDecoder{D: s.Codes.D}
	data := &model.Array{Shape: []int{s.Codes.N, 1, 8, 8}, DType: "float32"}
	for i := range s.Codes.N {
		y, err := dec.Decode(s.Codes.Row(i), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range y {
			if i == 7 {
				v = 0
			}
			data.Data = append(data.Data, float64(v))
		}
	}
	s.Data = data
	e := openTest(t, s)
	p := e.outliers
	if !p.choose("recon") {
		t.Fatalf("reconstruction error not offered with data and a decoder: %v", p.methods)
	}
	p.score()
	waitUntil(t, e, "the reconstruction errors", func() bool { return p.shown == 1 })
	if p.rows[0] != 7 {
		t.Errorf("top rows %v, want 7 first", p.rows)
	}
	if sc := p.scored.Scores[p.rows[1]]; sc > 1e-9 {
		t.Errorf("the second score is %v, want 0 (data equal to the decoding)", sc)
	}
}

// TestOutliersPanelRoundTrip: without an encoder the panel says why there
// is no round-trip error; with one (bandEncoder) its listed scores are the
// mean squared errors between each item and the decoding of its encoding,
// worked out here step by step.
func TestOutliersPanelRoundTrip(t *testing.T) {
	s := testSpace(t, true)
	data := &model.Array{Shape: []int{s.Codes.N, 1, 8, 8}, DType: "float32"}
	for i := range s.Codes.N * 64 {
		data.Data = append(data.Data, float64((i*7+i/64)%10)/10)
	}
	s.Data = data
	e := openTest(t, s)
	p := e.outliers
	if p.choose("roundtrip") || !strings.Contains(p.hint.Text, "No round-trip error for this space: it needs an encoder.") {
		t.Fatalf("without an encoder: offered %v, hint %q", p.methods, p.hint.Text)
	}
	if p.hint.Hidden || !p.list.Hidden {
		t.Error("nothing scored yet, but the hint is hidden or the list shown")
	}
	e.core.SetEncoder(bandEncoder{d: 4})
	p.offer()
	if !p.choose("roundtrip") || strings.Contains(p.hint.Text, "No round-trip") {
		t.Fatalf("with an encoder: offered %v, hint %q", p.methods, p.hint.Text)
	}
	p.top.SetText("3")
	p.score()
	waitUntil(t, e, "the round-trip errors", func() bool { return p.shown == 1 })
	x := data.Scaled(0)
	want := make([]float64, s.Codes.N)
	for i := range want {
		item := x[i*64 : (i+1)*64]
		z, _ := bandEncoder{d: 4}.Encode(item, 1, nil)
		y, _ := linearDecoder{D: 4}.Decode(z, nil)
		for k := range item {
			d := float64(item[k] - y[k])
			want[i] += d * d / 64
		}
	}
	for r, i := range p.rows {
		if math.Abs(p.scored.Scores[i]-want[i]) > 1e-6 {
			t.Errorf("row %d (#%d): score %g, step by step %g", r, i, p.scored.Scores[i], want[i])
		}
		if text := p.rowText(r); !strings.HasSuffix(text, fmt.Sprintf("score %.4g", want[i])) {
			t.Errorf("row %d reads %q, want the score %.4g", r, text, want[i])
		}
	}
	if m := slices.Max(want); math.Abs(want[p.rows[0]]-m) > 1e-9 {
		t.Errorf("first row #%d scores %g by hand, the largest is %g", p.rows[0], want[p.rows[0]], m)
	}
	if p.list.Hidden || !p.hint.Hidden || p.label.Text != "the 3 most unusual by round-trip error" {
		t.Errorf("after scoring: list hidden %v, hint hidden %v, label %q", p.list.Hidden, p.hint.Hidden, p.label.Text)
	}
}

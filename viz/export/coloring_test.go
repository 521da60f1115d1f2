package export

import (
	"slices"
	"testing"

	"github.com/latent-explorer/latent/viz/render"
)

func TestLegendOfCategories(t *testing.T) {
	m := &Map{XY: []float64{0, 0, 1, 1, 2, 2, 3, 3}}
	m.SetCategories("cluster", []int{0, 1, 2, -1}, []string{"noise", "0", "1"}, 0)
	m.HiddenCategories = []int{2}
	heading, entries, err := m.Legend()
	if err != nil {
		t.Fatal(err)
	}
	want := []LegendEntry{{"noise", render.NoiseColor}, {"0", render.Categorical(2)[0]}, {"(missing)", missingColor}}
	if heading != "cluster" || !slices.Equal(entries, want) {
		t.Errorf("legend %q %v, want \"cluster\" %v", heading, entries, want)
	}
	if s := entries[1].String(); s != "0 #e69f00" {
		t.Errorf("entry string %q, want \"0 #e69f00\" (Okabe–Ito orange)", s)
	}
}

func TestLegendOfValuesIsEmpty(t *testing.T) {
	m := &Map{XY: []float64{0, 0, 1, 1}}
	m.SetCategories("x", []int{0, 0}, []string{"a"}, -1)
	m.SetValues("score", []float64{1, 2})
	heading, entries, err := m.Legend()
	if err != nil || heading != "score" || entries != nil || m.Palette != nil {
		t.Errorf("values: legend %q %v err %v palette %v", heading, entries, err, m.Palette)
	}
	bad := &Map{XY: []float64{0, 0}, Values: []float64{1, 2}}
	if _, _, err := bad.Legend(); err == nil {
		t.Error("a map with more values than points has a legend")
	}
}

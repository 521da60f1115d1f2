package model

import (
	"math"
	"reflect"
	"strconv"
	"testing"
)

func TestIsCategorical(t *testing.T) {
	ints := func(n int) *Column {
		c := &Column{Name: "x"}
		for i := range n {
			c.Numbers = append(c.Numbers, float64(i), float64(i))
		}
		return c
	}
	nan := math.NaN()
	cases := []struct {
		name string
		c    *Column
		want bool
	}{
		{"text", &Column{Strings: []string{"cat", "dog"}}, true},
		{"digits", ints(10), true},
		{"24 integers", ints(MaxIntegerCategories), true},
		{"25 integers", ints(MaxIntegerCategories + 1), false},
		{"a fraction", &Column{Numbers: []float64{1, 2, 2.5}}, false},
		{"integers with NaN", &Column{Numbers: []float64{1, nan, 2}}, true},
		{"only NaN", &Column{Numbers: []float64{nan}}, true},
		{"infinity", &Column{Numbers: []float64{1, math.Inf(1)}}, false},
	}
	for _, c := range cases {
		if got := IsCategorical(c.c); got != c.want {
			t.Errorf("%s: IsCategorical = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestColumnCategoriesNumbersInNaturalOrder(t *testing.T) {
	c := &Column{Name: "digit", Numbers: []float64{10, 2, math.NaN(), 2, -1, 10, 10}}
	k := ColumnCategories(c, 0)
	want := &Categories{
		Index:  []int{2, 1, -1, 1, 0, 2, 2},
		Names:  []string{"-1", "2", "10"},
		Counts: []int{1, 2, 3},
		Noise:  -1, // "digit" is not a cluster column
	}
	if !reflect.DeepEqual(k, want) {
		t.Errorf("got %+v, want %+v", k, want)
	}
}

func TestColumnCategoriesTextAfterNumbers(t *testing.T) {
	c := &Column{Name: "kind", Strings: []string{"b", "10", "", "a", "9", "1.0", "1"}}
	k := ColumnCategories(c, 0)
	if want := []string{"1", "1.0", "9", "10", "a", "b"}; !reflect.DeepEqual(k.Names, want) {
		t.Errorf("names %q, want %q", k.Names, want)
	}
	if want := []int{5, 3, -1, 4, 2, 1, 0}; !reflect.DeepEqual(k.Index, want) {
		t.Errorf("index %v, want %v", k.Index, want)
	}
}

func TestColumnCategoriesNoise(t *testing.T) {
	cases := []struct {
		c     *Column
		names []string
		noise int
	}{
		// latent cluster writes HDBSCAN's noise as -1.
		{&Column{Name: "cluster", Numbers: []float64{1, -1, 0, 1}}, []string{"noise", "0", "1"}, 0},
		// the window's clustering writes it as "noise", which sorts first.
		{&Column{Name: "hdbscan-25", Strings: []string{"1", "noise", "0", "10"}}, []string{"noise", "0", "1", "10"}, 0},
		// no noise present
		{&Column{Name: "Cluster", Numbers: []float64{1, 0}}, []string{"0", "1"}, -1},
		// -1 is an ordinary value outside cluster columns
		{&Column{Name: "score", Numbers: []float64{1, -1}}, []string{"-1", "1"}, -1},
	}
	for _, c := range cases {
		k := ColumnCategories(c.c, 0)
		if !reflect.DeepEqual(k.Names, c.names) || k.Noise != c.noise {
			t.Errorf("%s: names %q noise %d, want %q noise %d", c.c.Name, k.Names, k.Noise, c.names, c.noise)
		}
	}
}

func TestColumnCategoriesLimitKeepsMostFrequent(t *testing.T) {
	// Value v occurs v+1 times for v = 0..5; a limit of 3 keeps 3, 4, 5.
	c := &Column{Name: "v"}
	for v := range 6 {
		for range v + 1 {
			c.Strings = append(c.Strings, strconv.Itoa(v))
		}
	}
	k := ColumnCategories(c, 3)
	if want := []string{"3", "4", "5"}; !reflect.DeepEqual(k.Names, want) {
		t.Fatalf("names %q, want %q", k.Names, want)
	}
	if want := []int{4, 5, 6}; !reflect.DeepEqual(k.Counts, want) {
		t.Errorf("counts %v, want %v", k.Counts, want)
	}
	missing := 0
	for _, i := range k.Index {
		if i < 0 {
			missing++
		}
	}
	if missing != 1+2+3 {
		t.Errorf("%d rows missing, want 6 (the values 0, 1 and 2)", missing)
	}
	// Ties go to the earlier in natural order.
	tie := ColumnCategories(&Column{Strings: []string{"b", "a", "c"}}, 2)
	if want := []string{"a", "b"}; !reflect.DeepEqual(tie.Names, want) {
		t.Errorf("ties: names %q, want %q", tie.Names, want)
	}
}

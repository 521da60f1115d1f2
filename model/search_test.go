package model

import (
	"reflect"
	"testing"
)

func searchTable() *Table {
	return &Table{Columns: []*Column{
		{Name: "label", Numbers: []float64{3, 1, 3, 0.5}},
		{Name: "name", Strings: []string{"Cat", "dog", "catfish", " cat "}},
	}}
}

func TestSearch(t *testing.T) {
	tab := searchTable()
	for _, c := range []struct {
		q    Query
		want []int
	}{
		{Query{Column: "label", Text: "3"}, []int{0, 2}},
		{Query{Column: "label", Text: "0.5"}, []int{3}},
		{Query{Column: "name", Text: "cat"}, []int{0, 3}},             // case-insensitive, trimmed, whole cell
		{Query{Column: "name", Text: "^cat", Regexp: true}, []int{2}}, // regexp is case-sensitive
		{Query{Column: "name", Text: "(?i)cat", Regexp: true}, []int{0, 2, 3}},
		{Query{Text: "1"}, []int{1}}, // any column
		{Query{Column: "label", Text: `^0\.`, Regexp: true}, []int{3}},
		{Query{Column: "label", Text: "x"}, nil},
	} {
		got, err := tab.Search(c.q)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v: rows %v, want %v", c.q, got, c.want)
		}
	}
}

func TestSearchErrors(t *testing.T) {
	tab := searchTable()
	for _, q := range []Query{
		{Column: "colour", Text: "red"},
		{Column: "name", Text: "(", Regexp: true},
		{Text: string(make([]byte, maxPattern+1))},
	} {
		if _, err := tab.Search(q); err == nil {
			t.Errorf("%+v: no error", q)
		}
	}
}

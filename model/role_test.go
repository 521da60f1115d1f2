package model

import "testing"

func TestArrayAndTableRole(t *testing.T) {
	arrays := []struct {
		a    *Array
		want Role
	}{
		{&Array{Shape: []int{5}, DType: "int64", Data: []float64{1, 2, 3, 4, 5}}, RoleLabels},
		{&Array{Shape: []int{5}, DType: "float32", Data: []float64{1, 2, 3, 4, 5.5}}, RoleCodes},
		{&Array{Shape: []int{5, 16}, DType: "float32"}, RoleCodes},
		{&Array{Shape: []int{5, 28, 28}, DType: "float32"}, RoleData},
		{&Array{Shape: []int{5, 784}, DType: "uint8"}, RoleData},
	}
	for _, c := range arrays {
		if got := ArrayRole(c.a); got != c.want {
			t.Errorf("%s %v: %s, want %s", c.a.DType, c.a.Shape, got, c.want)
		}
	}
	num := func(name string) *Column { return &Column{Name: name, Numbers: []float64{1}} }
	tables := []struct {
		t    *Table
		want Role
	}{
		{&Table{Columns: []*Column{num("x0"), num("x1")}}, RoleCodes},
		{&Table{Columns: []*Column{num("label")}}, RoleLabels},
		{&Table{Columns: []*Column{num("x0"), {Name: "kind", Strings: []string{"a"}}}}, RoleLabels},
	}
	for i, c := range tables {
		if got := TableRole(c.t); got != c.want {
			t.Errorf("table %d: %s, want %s", i, got, c.want)
		}
	}
}

package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A Query finds the rows of a table whose value in a column matches, as
// the Embedding Projector's search does.
type Query struct {
	// Column names the column to search; empty searches every column.
	Column string
	// Text is the value to find: equal to the cell (case-insensitive for
	// text, numerically for numbers), or with Regexp set a regular
	// expression (RE2 syntax) that must match somewhere in the cell.
	Text   string
	Regexp bool
}

// maxPattern bounds a search pattern's length.
const maxPattern = 1000

// Search returns the rows of t that match q, in increasing order.
func (t *Table) Search(q Query) ([]int, error) {
	match, err := q.matcher()
	if err != nil {
		return nil, err
	}
	cols := t.Columns
	if q.Column != "" {
		c := t.Column(q.Column)
		if c == nil {
			return nil, fmt.Errorf("search: no column %q", q.Column)
		}
		cols = []*Column{c}
	}
	var rows []int
	for i := range t.Rows() {
		for _, c := range cols {
			if match(c, i) {
				rows = append(rows, i)
				break
			}
		}
	}
	return rows, nil
}

// matcher compiles q into a test of one cell.
func (q Query) matcher() (func(*Column, int) bool, error) {
	if len(q.Text) > maxPattern {
		return nil, fmt.Errorf("search: a pattern of %d characters (at most %d)", len(q.Text), maxPattern)
	}
	if q.Regexp {
		re, err := regexp.Compile(q.Text)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		return func(c *Column, i int) bool { return re.MatchString(c.Cell(i)) }, nil
	}
	text := strings.TrimSpace(q.Text)
	num, numErr := strconv.ParseFloat(text, 64)
	return func(c *Column, i int) bool {
		if c.Numeric() {
			return numErr == nil && c.Numbers[i] == num
		}
		return strings.EqualFold(strings.TrimSpace(c.Strings[i]), text)
	}, nil
}

// Cell returns row i of the column as text: numbers in the shortest form
// that reads back exactly ("3", "0.25", "NaN").
func (c *Column) Cell(i int) string {
	if c.Numeric() {
		return strconv.FormatFloat(c.Numbers[i], 'g', -1, 64)
	}
	return c.Strings[i]
}

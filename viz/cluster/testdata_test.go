package cluster

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// readCSV reads a numeric CSV from testdata, skipping comment lines
// (starting with #) and a header line (one that does not parse).
func readCSV(t testing.TB, name string) [][]float64 {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]float64
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		row, ok := parseRow(line)
		if !ok {
			if len(rows) == 0 {
				continue // header
			}
			t.Fatalf("%s: bad line %q", name, line)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func parseRow(line string) ([]float64, bool) {
	fields := strings.Split(line, ",")
	row := make([]float64, len(fields))
	for i, f := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, false
		}
		row[i] = v
	}
	return row, true
}

// readMatrix reads a CSV fixture as a matrix.
func readMatrix(t testing.TB, name string) *mat.Dense {
	rows := readCSV(t, name)
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

// column returns column j of a CSV fixture.
func column(rows [][]float64, j int) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = r[j]
	}
	return out
}

// commentLine returns the first line of a testdata file.
func commentLine(t testing.TB, name string) string {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return line
}

func readFileString(t testing.TB, name string) string {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

package model

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Delimited text: CSV, TSV (the TensorFlow Embedding Projector's vectors
// TSV has no header, its metadata TSV has one unless it is a single
// column), semicolon-separated, and whitespace-separated text as
// numpy.savetxt writes it. The delimiter comes from the extension (.tsv is
// tab) or is sniffed from the first line.

// sniffSize is how much of a text file is looked at before reading it.
const sniffSize = 1024

// maxLine bounds one line of whitespace-separated text.
const maxLine = 64 << 20

// textRecords yields the records of a delimited text file.
type textRecords struct {
	cr   *csv.Reader    // comma, tab or semicolon
	sc   *bufio.Scanner // whitespace
	line int            // of the last whitespace record
}

// newTextRecords checks that r holds text and picks its delimiter; ext is
// the file's extension (".csv"), or "" to sniff.
func newTextRecords(r io.Reader, ext string) (*textRecords, error) {
	br, delim, err := openText(r, ext)
	if err != nil {
		return nil, err
	}
	if delim == 0 {
		sc := bufio.NewScanner(br)
		sc.Buffer(make([]byte, 64<<10), maxLine)
		return &textRecords{sc: sc}, nil
	}
	cr := csv.NewReader(&lineCapReader{r: br})
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = delim != '\t'
	return &textRecords{cr: cr}, nil
}

// openText checks that r holds text, skips a byte order mark and picks the
// delimiter (0 for whitespace).
func openText(r io.Reader, ext string) (*bufio.Reader, rune, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(sniffSize)
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, 0, fmt.Errorf("%w: no text", ErrEmpty)
	}
	if off, bad := binaryAt(head, len(head) == sniffSize); bad {
		return nil, 0, fmt.Errorf("%w: not a text file (binary byte %#02x at offset %d)", ErrFormat, head[off], off)
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) { // byte order mark
		br.Discard(3)
		head = head[3:]
	}
	return br, sniffDelimiter(ext, head), nil
}

// next returns the next record and its line number, or io.EOF. The record
// may be reused by the next call.
func (t *textRecords) next() ([]string, int, error) {
	if t.cr != nil {
		rec, err := t.cr.Read()
		if err != nil {
			if err != io.EOF {
				err = fmt.Errorf("%w: %v", ErrFormat, err)
			}
			return nil, 0, err
		}
		line, _ := t.cr.FieldPos(0)
		return rec, line, nil
	}
	for t.sc.Scan() {
		t.line++
		s := strings.TrimSpace(t.sc.Text())
		if s == "" || s[0] == '#' { // numpy.loadtxt's comments
			continue
		}
		return strings.Fields(s), t.line, nil
	}
	if err := t.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, 0, fmt.Errorf("%w: line %d is longer than %s", ErrFormat, t.line+1, byteSize(maxLine))
		}
		return nil, 0, err
	}
	return nil, 0, io.EOF
}

// lineCapReader fails with ErrTooLarge once a line runs past maxLine
// bytes, so a file of one endless line cannot fill the memory.
type lineCapReader struct {
	r    io.Reader
	run  int // bytes since the last newline
	line int // lines passed
}

func (l *lineCapReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		l.run++
		if c == '\n' {
			l.run = 0
			l.line++
		}
	}
	if l.run > maxLine {
		return 0, fmt.Errorf("%w: line %d is longer than %s", ErrTooLarge, l.line+1, byteSize(maxLine))
	}
	return n, err
}

// binaryAt reports the offset of the first byte that text does not hold:
// NUL, another control character than tab, CR, LF and FF, or invalid UTF-8.
// When cut, b is a prefix, and a rune cut off at its end is allowed.
func binaryAt(b []byte, cut bool) (int, bool) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return i, true
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if cut && !utf8.FullRune(b[i:]) {
				return 0, false
			}
			return i, true
		}
		i += size
	}
	return 0, false
}

// looksBinary reports whether b (a prefix of a file when cut) is not text.
func looksBinary(b []byte, cut bool) bool {
	_, bad := binaryAt(b, cut)
	return bad
}

// sniffDelimiter picks the delimiter of the first line: 0 for whitespace.
func sniffDelimiter(ext string, head []byte) rune {
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	tabs, commas := bytes.Count(first, []byte("\t")), bytes.Count(first, []byte(","))
	semis := bytes.Count(first, []byte(";"))
	switch {
	case ext == ".tsv" || ext == ".tab":
		return '\t'
	case ext == ".csv" && commas > 0:
		return ','
	case tabs > 0:
		return '\t'
	case commas > 0:
		return ','
	case semis > 0:
		return ';'
	case ext != ".csv" && bytes.ContainsAny(bytes.TrimSpace(first), " "):
		return 0
	}
	return ','
}

// parseNumber parses a decimal number, spaces around it allowed; an empty
// field is a missing value (NaN).
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return math.NaN(), true
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil || errors.Is(err, strconv.ErrRange)
}

// isNumber reports whether s is a number, not empty.
func isNumber(s string) bool {
	_, ok := parseNumber(s)
	return ok && strings.TrimSpace(s) != ""
}

// isHeader reports whether the first record of a numeric file is a header:
// some field is not a number, or the fields are pandas' default column
// names 0, 1, ..., k-1 (after an empty index name).
func isHeader(rec []string) bool {
	for _, f := range rec {
		if f != "" && !isNumber(f) {
			return true
		}
	}
	if len(rec) > 0 && rec[0] == "" {
		rec = rec[1:]
	}
	if len(rec) < 2 {
		return false
	}
	for i, f := range rec {
		if f != strconv.Itoa(i) {
			return false
		}
	}
	return true
}

// isIndexName reports whether a header's first name is pandas' unnamed
// index column, which the readers drop.
func isIndexName(s string) bool { return s == "" || s == "Unnamed: 0" }

// readTextArray reads a numeric table as a 2-D float64 array; a header row
// is detected and skipped (with pandas' index column, if it has one). It
// streams: nothing but the numbers is kept.
func readTextArray(r io.Reader, ext string) (*Array, error) {
	br, delim, err := openText(r, ext)
	if err != nil {
		return nil, err
	}
	t := &textArray{s: &numScanner{br: br, delim: delim, line: 1}, cols: -1}
	for {
		line, err := t.s.startRecord()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := t.record(line); err != nil {
			return nil, err
		}
	}
	if t.rows == 0 {
		return nil, fmt.Errorf("%w: no data rows", ErrEmpty)
	}
	return &Array{Shape: []int{t.rows, t.cols - t.skip}, DType: "float64", Data: t.data}, nil
}

// textArray is a numeric text table being read.
type textArray struct {
	s                *numScanner
	data             []float64
	cols, skip, rows int
}

// record reads one record starting on line; the first decides the width
// and whether it is a header.
func (t *textArray) record(line int) error {
	first := t.cols < 0
	var h headerState
	n := 0
	for !t.s.atEOL {
		f, end, err := t.s.field()
		if err != nil {
			return err
		}
		t.s.atEOL = end
		if first {
			h.add(string(f))
		} else if n >= t.cols {
			got, err := t.s.skipRecord(n + 1)
			if err != nil {
				return err
			}
			return fmt.Errorf("%w: line %d has %d fields, the first row has %d", ErrFormat, line, got, t.cols)
		}
		if err := t.number(f, line, n, first && h.nonNum); err != nil {
			return err
		}
		n++
	}
	return t.endRecord(n, line, first, &h)
}

// number parses field j of a record; in a header (known or possible) a
// field that is not a number is kept as nothing.
func (t *textArray) number(f []byte, line, j int, header bool) error {
	if j < t.skip || header {
		return nil
	}
	v, ok := parseNumber(string(f))
	if !ok {
		if t.cols < 0 {
			return nil // the first record: a header
		}
		return fmt.Errorf("%w: line %d, column %d: %s is not a number", ErrFormat, line, j+1, quoted(string(f)))
	}
	before := cap(t.data)
	t.data = append(t.data, v)
	if cap(t.data) != before {
		// The old and the new array, and as much for what the collector
		// has yet to reclaim.
		return checkMemory("a text table as float64", int64(before+cap(t.data))*16)
	}
	return nil
}

// endRecord checks a record's width and settles the header.
func (t *textArray) endRecord(n, line int, first bool, h *headerState) error {
	if !first {
		if n != t.cols {
			return fmt.Errorf("%w: line %d has %d fields, the first row has %d", ErrFormat, line, n, t.cols)
		}
		t.rows++
		return nil
	}
	t.cols = n
	if h.header() {
		t.data = t.data[:0]
		if n > 1 && isIndexName(h.first) {
			t.skip = 1
		}
		return nil
	}
	t.rows++
	return nil
}

// readTextTable reads metadata: a header row and columns, or a single
// column without header, named "label", as the Embedding Projector reads
// its metadata TSV. A column is numeric when all its values are numbers.
func readTextTable(r io.Reader, ext string) (*Table, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(64 << 10); firstLineFields(head, ext) > maxTableColumns {
		return nil, fmt.Errorf("%w: %w: the first line has more than %d fields", ErrFormat, ErrWideTable, maxTableColumns)
	}
	recs, err := newTextRecords(br, ext)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	var mem tableMemory
	for {
		rec, line, err := recs.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 && len(rec) > maxTableColumns {
			return nil, fmt.Errorf("%w: %w: line %d has %d fields; a metadata table has at most %d columns", ErrFormat, ErrWideTable, line, len(rec), maxTableColumns)
		}
		if len(rows) > 0 && len(rec) != len(rows[0]) {
			return nil, fmt.Errorf("%w: line %d has %d fields, the first row has %d", ErrFormat, line, len(rec), len(rows[0]))
		}
		if err := mem.add(rec); err != nil {
			return nil, err
		}
		rows = append(rows, append([]string(nil), rec...))
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no rows", ErrEmpty)
	}
	names, rows := tableHeader(rows)
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: a header and no rows", ErrEmpty)
	}
	return tableOfRecords(names, rows), nil
}

// maxTableColumns bounds the columns of a metadata table; a wider text
// file is an array (codes), which ReadArray reads.
const maxTableColumns = 1 << 12

// firstLineFields counts the fields of head's first line (as far as head
// goes), so a table too wide is known before its first record is read.
func firstLineFields(head []byte, ext string) int {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	switch delim := sniffDelimiter(ext, head); delim {
	case 0:
		return len(bytes.Fields(head))
	default:
		return bytes.Count(head, []byte(string(delim))) + 1
	}
}

// tableMemory estimates what a text table's records take in memory, as
// they are read, against the memory budget: each field's string header
// and bytes, each row's slice, and the parsed columns made after (a
// float64 or a string header per field).
type tableMemory struct {
	bytes int64
	rows  int
}

func (m *tableMemory) add(rec []string) error {
	m.bytes += 24 + 32*int64(len(rec))
	for _, f := range rec {
		m.bytes += int64(len(f))
	}
	m.rows++
	if m.rows%4096 != 0 {
		return nil
	}
	return checkMemory(fmt.Sprintf("a table of %d rows so far", m.rows), m.bytes)
}

// tableHeader splits off the header row and returns the column names.
func tableHeader(rows [][]string) ([]string, [][]string) {
	first := rows[0]
	if len(first) == 1 {
		if len(rows) > 1 && !isNumber(first[0]) && allNumbers(rows[1:]) {
			return first, rows[1:]
		}
		return []string{"label"}, rows
	}
	if !isHeader(first) {
		names := make([]string, len(first))
		for j := range names {
			names[j] = strconv.Itoa(j)
		}
		return names, rows
	}
	names := append([]string(nil), first...)
	for j, n := range names {
		if n == "" {
			names[j] = "column " + strconv.Itoa(j+1)
		}
	}
	return names, rows[1:]
}

// allNumbers reports whether every single-field row is a number.
func allNumbers(rows [][]string) bool {
	for _, r := range rows {
		if !isNumber(r[0]) {
			return false
		}
	}
	return true
}

// tableOfRecords makes columns of rows, dropping pandas' index column.
func tableOfRecords(names []string, rows [][]string) *Table {
	skip := 0
	if len(names) > 1 && (names[0] == "column 1" || names[0] == "Unnamed: 0") && isIndex(rows) {
		skip = 1
	}
	t := &Table{}
	for j := skip; j < len(names); j++ {
		t.Columns = append(t.Columns, textColumn(names[j], rows, j))
	}
	return t
}

// isIndex reports whether the first field of the rows counts 0, 1, 2, ...
func isIndex(rows [][]string) bool {
	for i, r := range rows {
		if r[0] != strconv.Itoa(i) {
			return false
		}
	}
	return true
}

// textColumn makes column j: numeric if every value is a number (empty
// values are missing, NaN, and at least one must be present).
func textColumn(name string, rows [][]string, j int) *Column {
	nums := make([]float64, len(rows))
	present := false
	for i, r := range rows {
		v, ok := parseNumber(r[j])
		if !ok {
			strs := make([]string, len(rows))
			for i, r := range rows {
				strs[i] = r[j]
			}
			return &Column{Name: name, Strings: strs}
		}
		nums[i] = v
		present = present || r[j] != ""
	}
	if !present {
		return &Column{Name: name, Strings: make([]string, len(rows))}
	}
	return &Column{Name: name, Numbers: nums}
}

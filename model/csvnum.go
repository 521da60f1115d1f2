package model

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// numScanner reads a numeric text table field by field, without holding
// a record: a file of one 50 MB line costs its parsed numbers and one
// field's bytes, not a string per field. It follows encoding/csv as the
// metadata reader configures it (empty lines skipped, leading spaces
// trimmed except with tabs, quotes lazily) or, with delim 0, numpy.savetxt's
// whitespace-separated text (blank lines and # comments skipped).
type numScanner struct {
	br    *bufio.Reader
	delim rune
	line  int  // line of the byte read next
	atEOL bool // the last field ended its record
	buf   []byte
}

// startRecord skips to the next record and returns its line, or io.EOF.
func (s *numScanner) startRecord() (int, error) {
	for {
		c, err := s.peek()
		if err != nil {
			return 0, err
		}
		switch {
		case c == '\n' || c == '\r':
			s.next()
			continue
		case s.delim == 0 && (c == ' ' || c == '\t' || c == '\f'):
			s.next()
			continue
		case s.delim == 0 && c == '#':
			if err := s.skipLine(); err != nil {
				return 0, err
			}
			continue
		}
		s.atEOL = false
		return s.line, nil
	}
}

// field returns the next field of the current record (reused by the next
// call) and whether it was the record's last.
func (s *numScanner) field() ([]byte, bool, error) {
	s.buf = s.buf[:0]
	if s.delim == 0 {
		return s.spaceField()
	}
	for c, err := s.peek(); err == nil && (c == ' ' || (c == '\t' && s.delim != '\t')); c, err = s.peek() {
		s.next()
	}
	if c, err := s.peek(); err == nil && c == '"' {
		s.next()
		if err := s.quoted(); err != nil {
			return nil, false, err
		}
	}
	for {
		c, err := s.peek()
		if err == io.EOF {
			return s.buf, true, nil
		}
		if err != nil {
			return nil, false, err
		}
		s.next()
		switch {
		case c == '\n':
			if n := len(s.buf); n > 0 && s.buf[n-1] == '\r' {
				s.buf = s.buf[:n-1]
			}
			return s.buf, true, nil
		case rune(c) == s.delim:
			return s.buf, false, nil
		}
		if err := s.keep(c); err != nil {
			return nil, false, err
		}
	}
}

// quoted reads a quoted field's body; the opening quote is consumed.
func (s *numScanner) quoted() error {
	for {
		c, err := s.peek()
		if err == io.EOF {
			return nil // lazily, an unterminated quote ends with the file
		}
		if err != nil {
			return err
		}
		s.next()
		if c == '"' {
			if d, err := s.peek(); err != nil || d != '"' {
				return nil
			}
			s.next()
		}
		if err := s.keep(c); err != nil {
			return err
		}
	}
}

// spaceField reads a whitespace-separated field.
func (s *numScanner) spaceField() ([]byte, bool, error) {
	for {
		c, err := s.peek()
		if err == io.EOF {
			return s.buf, true, nil
		}
		if err != nil {
			return nil, false, err
		}
		if c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\n' {
			break
		}
		s.next()
		if err := s.keep(c); err != nil {
			return nil, false, err
		}
	}
	// Skip the spaces after it, and see whether the line ends.
	for {
		c, err := s.peek()
		if err == io.EOF {
			return s.buf, true, nil
		}
		if err != nil {
			return nil, false, err
		}
		switch c {
		case ' ', '\t', '\f', '\r':
			s.next()
			continue
		case '\n':
			s.next()
			return s.buf, true, nil
		}
		return s.buf, false, nil
	}
}

func (s *numScanner) keep(c byte) error {
	if len(s.buf) >= maxLine {
		return fmt.Errorf("%w: line %d has a field longer than %s", ErrTooLarge, s.line, byteSize(maxLine))
	}
	s.buf = append(s.buf, c)
	return nil
}

func (s *numScanner) peek() (byte, error) {
	b, err := s.br.Peek(1)
	switch {
	case err == io.EOF || errors.Is(err, ErrTooLarge):
		return 0, err
	case err != nil:
		return 0, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return b[0], nil
}

// next consumes the byte peeked, counting lines.
func (s *numScanner) next() {
	c, _ := s.br.ReadByte()
	if c == '\n' {
		s.line++
	}
}

func (s *numScanner) skipLine() error {
	for {
		c, err := s.peek()
		if err != nil {
			return err
		}
		s.next()
		if c == '\n' {
			return nil
		}
	}
}

// skipRecord reads the rest of a record and returns how many fields it had.
func (s *numScanner) skipRecord(seen int) (int, error) {
	for !s.atEOL {
		_, end, err := s.field()
		if err != nil {
			return 0, err
		}
		s.atEOL = end
		seen++
	}
	return seen, nil
}

// headerState follows the first record to decide, field by field, whether
// it is a header (see isHeader) without keeping it.
type headerState struct {
	n        int
	first    string
	nonNum   bool
	sequence bool // every field so far is its index (after an empty first)
}

func (h *headerState) add(f string) {
	if h.n == 0 {
		h.first, h.sequence = f, true
	}
	if f != "" && !isNumber(f) {
		h.nonNum = true
	}
	want := h.n
	if h.first == "" {
		want--
	}
	if h.n > 0 || h.first != "" {
		h.sequence = h.sequence && f == strconv.Itoa(want)
	}
	h.n++
}

// header reports whether the record was a header.
func (h *headerState) header() bool {
	k := h.n
	if h.first == "" {
		k--
	}
	return h.nonNum || (k >= 2 && h.sequence)
}

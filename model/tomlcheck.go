package model

import "fmt"

// A manifest is checked before the TOML parser sees it: at most
// maxManifestSize bytes, arrays and inline tables nested at most
// maxTOMLDepth deep, and dotted keys of at most maxTOMLDepth parts. The
// parser recurses and allocates per level, so a 1 MB file of nested
// inline tables would otherwise take it past 4 GB.
const (
	maxManifestSize = 1 << 20
	maxTOMLDepth    = 32
)

// checkTOMLShape refuses TOML text that is too large or nested too deep.
func checkTOMLShape(b []byte) error {
	if len(b) > maxManifestSize {
		return fmt.Errorf("%w: %s of TOML, more than the %s a manifest may have", ErrTooLarge, byteSize(int64(len(b))), byteSize(maxManifestSize))
	}
	s := tomlScan{b: b}
	return s.run()
}

// tomlScan follows TOML's lexical structure far enough to count the
// nesting of brackets and braces and the parts of dotted keys, skipping
// strings and comments.
type tomlScan struct {
	b     []byte
	i     int
	depth int
	dots  int // dots in the key being read on this line
	line  int
}

func (s *tomlScan) run() error {
	s.line = 1
	for s.i < len(s.b) {
		if err := s.step(); err != nil {
			return fmt.Errorf("%w: line %d: %v", ErrFormat, s.line, err)
		}
	}
	return nil
}

// step consumes one byte, or a whole string or comment.
func (s *tomlScan) step() error {
	c := s.b[s.i]
	switch c {
	case '#':
		for s.i < len(s.b) && s.b[s.i] != '\n' {
			s.i++
		}
		return nil
	case '"', '\'':
		return s.str(c)
	case '[', '{':
		s.depth++
		if s.depth > maxTOMLDepth {
			return fmt.Errorf("arrays or tables nested deeper than %d", maxTOMLDepth)
		}
	case ']', '}':
		s.depth = max(s.depth-1, 0)
	case '.':
		s.dots++
		if s.dots >= maxTOMLDepth {
			return fmt.Errorf("a dotted key of more than %d parts", maxTOMLDepth)
		}
	case '=', ',':
		s.dots = 0
	case '\n':
		s.line++
		s.dots = 0
	}
	s.i++
	return nil
}

// str skips a basic or literal string, single- or multi-line.
func (s *tomlScan) str(q byte) error {
	multi := s.i+2 < len(s.b) && s.b[s.i+1] == q && s.b[s.i+2] == q
	if multi {
		s.i += 3
	} else {
		s.i++
	}
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '\\' && q == '"':
			s.i += 2
			continue
		case c == '\n':
			if !multi {
				return fmt.Errorf("a string is not closed")
			}
			s.line++
		case c == q && !multi:
			s.i++
			return nil
		case c == q && s.i+2 < len(s.b) && s.b[s.i+1] == q && s.b[s.i+2] == q:
			s.i += 3
			for s.i < len(s.b) && s.b[s.i] == q { // """a"""" ends with a quote
				s.i++
			}
			return nil
		}
		s.i++
	}
	return fmt.Errorf("a string is not closed")
}

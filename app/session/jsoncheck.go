package session

import "fmt"

// maxJSONDepth is the deepest nesting of arrays and objects a session file
// may have; the format itself needs four levels. encoding/json allows
// 10,000, each level a frame of its recursive decoder.
const maxJSONDepth = 32

// checkJSONDepth refuses JSON text whose arrays and objects nest deeper
// than maxJSONDepth, skipping strings. It does not check the syntax
// (json.Unmarshal does).
func checkJSONDepth(b []byte) error {
	depth, inString := 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			if depth++; depth > maxJSONDepth {
				return fmt.Errorf("arrays or objects nested deeper than %d, at byte %d", maxJSONDepth, i)
			}
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
		}
	}
	return nil
}

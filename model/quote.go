package model

import (
	"strconv"
	"unicode/utf8"
)

// maxQuote is the most characters of a file's content an error quotes.
const maxQuote = 200

// quote shortens s, text taken from a file for an error message, to at
// most maxQuote characters, marking the cut with "…".
func quote(s string) string {
	if utf8.RuneCountInString(s) <= maxQuote {
		return s
	}
	n := 0
	for i := range s {
		if n == maxQuote {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// quoted is s in Go quotes, shortened by quote.
func quoted(s string) string { return quote(strconv.Quote(s)) }

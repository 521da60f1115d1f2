package session

import (
	"errors"
	"slices"

	"github.com/latent-explorer/latent/model"
)

// Search finds the points whose metadata or analysis column matches q
// (model.Table.Search: a value, or a regular expression, on one column
// or every column) and makes them the matches the map highlights.
func (s *Session) Search(q model.Query) ([]int, error) {
	s.mu.Lock()
	sp := s.space
	t := &model.Table{Columns: s.columnsLocked()}
	s.mu.Unlock()
	if sp == nil {
		return nil, errors.New("no space open")
	}
	rows, err := t.Search(q)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		rows = nil // as a session file reads "no matches" back
	}
	s.change(func() Change {
		if s.space != sp {
			return 0
		}
		s.st.Search = Search{Query: q, Matches: rows}
		return ChangedEmphasis
	})
	return slices.Clone(rows), nil
}

// ClearSearch forgets the matches.
func (s *Session) ClearSearch() {
	s.change(func() Change {
		if s.st.Search.Matches == nil && s.st.Search.Query == (model.Query{}) {
			return 0
		}
		s.st.Search = Search{}
		return ChangedEmphasis
	})
}

// Matches returns the last search's matching points (of the open space)
// in increasing order, and its query.
func (s *Session) Matches() ([]int, model.Query) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.Search.Matches), s.st.Search.Query
}

// SelectMatches makes the matches the selection.
func (s *Session) SelectMatches() {
	m, _ := s.Matches()
	s.Select(m)
}

// SetDim chooses whether hidden categories and, while points are
// selected or matched, the other points are drawn faint (true) rather
// than hidden or drawn as usual.
func (s *Session) SetDim(on bool) {
	s.change(func() Change {
		if s.st.Dim == on {
			return 0
		}
		s.st.Dim = on
		return ChangedEmphasis
	})
}

// Dim reports whether points out of focus are dimmed.
func (s *Session) Dim() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.Dim
}

// Solo hides every category of the colour-by column but category.
func (s *Session) Solo(category string) {
	names := s.Colors().Names
	if !slices.Contains(names, category) {
		return
	}
	hidden := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == category })
	slices.Sort(hidden)
	s.setHiddenAll(hidden)
}

// ShowAll shows every category of the colour-by column.
func (s *Session) ShowAll() { s.setHiddenAll(nil) }

func (s *Session) setHiddenAll(hidden []string) {
	s.change(func() Change {
		if slices.Equal(s.st.Coloring.Hidden, hidden) {
			return 0
		}
		s.st.Coloring.Hidden = hidden
		return ChangedColoring
	})
}

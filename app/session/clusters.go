package session

import (
	"errors"
	"fmt"
	"strconv"
)

// ClusterMembers returns the points of cluster label in the clusters
// column name, in increasing order.
func (s *Session) ClusterMembers(name string, label int) ([]int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	col := s.columnLocked(name)
	if col == nil {
		return nil, fmt.Errorf("no clusters column %q", name)
	}
	want := strconv.Itoa(label)
	if label < 0 {
		want = "noise"
	}
	var idx []int
	for i, v := range col.Strings {
		if v == want {
			idx = append(idx, i)
		}
	}
	return idx, nil
}

// SelectCluster makes cluster label of the clusters column name the
// selection.
func (s *Session) SelectCluster(name string, label int) error {
	idx, err := s.ClusterMembers(name, label)
	if err != nil {
		return err
	}
	s.Select(idx)
	return nil
}

// AddClusterDirection adds the direction from the mean of the other
// points to the mean of cluster label as an attribute direction named
// "name = label".
func (s *Session) AddClusterDirection(name string, label int) error {
	idx, err := s.ClusterMembers(name, label)
	if err != nil {
		return err
	}
	sp := s.Space()
	if sp == nil {
		return errors.New("no space open")
	}
	if len(idx) == sp.Codes.N {
		return fmt.Errorf("cluster %d holds every point: no direction", label)
	}
	return s.AddAttribute(fmt.Sprintf("%s = %d", name, label), idx, complement(idx, sp.Codes.N))
}

package projection

import (
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	for _, m := range Methods {
		p, err := New(string(m), Options{})
		if err != nil || p == nil {
			t.Errorf("New(%q): %v", m, err)
		}
	}
	if _, err := New("mds", Options{}); err == nil || !strings.Contains(err.Error(), `"mds"`) {
		t.Errorf("New(mds): %v", err)
	}
	if _, err := New("tsne", Options{Perplexity: -2}); err == nil {
		t.Error("New(tsne, perplexity -2): no error")
	}
}

package app

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// TestJobsBarCancelsProjectionMidway runs t-SNE with far more iterations
// than it could finish, waits for the map to draw an intermediate layout,
// presses the jobs bar's Cancel and checks that the job ended cancelled,
// the map is the PCA map it had (redrawn, not the half-made layout) and
// the status line says so.
func TestJobsBarCancelsProjectionMidway(t *testing.T) {
	e := openTest(t, testSpace(t, false))
	before := slices.Clone(e.core.Snapshot().Map.Coords)
	if !slices.Equal(e.mapp.view.Renderer().Points(), before) {
		t.Fatal("the PCA map is not the one drawn")
	}
	e.proj.method.SetSelected("t-SNE")
	e.proj.perplexity.SetText("10")
	e.proj.iterations.SetText("1000000")
	e.proj.run()
	// t-SNE starts from the PCA map; wait for a layout that moved on.
	waitUntil(t, e, "an intermediate layout drawn", func() bool {
		return e.mapp.layouts > 0 && !slices.Equal(e.mapp.view.Renderer().Points(), before)
	})
	if e.jobs.cancel.Disabled() {
		t.Fatal("Cancel is disabled while the projection runs")
	}
	e.jobs.cancel.OnTapped()
	waitUntil(t, e, "the cancelled projection to end", func() bool { return e.jobs.finished["project"] > 1 })
	if err := e.proj.last.Wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("the projection ended with %v, want cancelled", err)
	}
	queue(e).drain()
	if got := e.mapp.view.Renderer().Points(); !slices.Equal(got, before) {
		t.Error("after cancel the map shows the intermediate layout, not the PCA map it had")
	}
	if m := e.core.Snapshot().Map; m.Method != "pca" {
		t.Errorf("the session's map is %q after a cancelled t-SNE", m.Method)
	}
	if !e.jobs.cancel.Disabled() || e.jobs.status.Text != "projecting with tsne cancelled" {
		t.Errorf("after cancel: Cancel enabled %v, status %q", !e.jobs.cancel.Disabled(), e.jobs.status.Text)
	}
}

// gateEncoder is bandEncoder that waits for its gate to open.
type gateEncoder struct {
	bandEncoder
	started chan struct{}
	gate    chan struct{}
}

func (g gateEncoder) Encode(x []float32, n int, dst []float32) ([]float32, error) {
	close(g.started)
	<-g.gate
	return g.bandEncoder.Encode(x, n, dst)
}

// TestOutliersPanelCancel presses the Outliers panel's Cancel while a
// round-trip scoring waits in its encoder: the job ends cancelled, the
// panel says so, hides its progress, disables Cancel and lists nothing.
func TestOutliersPanelCancel(t *testing.T) {
	s := testSpace(t, true)
	s.Data = &model.Array{Shape: []int{s.Codes.N, 1, 8, 8}, DType: "float32", Data: make([]float64, s.Codes.N*64)}
	e := openTest(t, s)
	p := e.outliers
	g := gateEncoder{bandEncoder{d: 4}, make(chan struct{}), make(chan struct{})}
	e.core.SetEncoder(g)
	p.offer()
	p.choose("roundtrip")
	p.score()
	<-g.started
	queue(e).drain()
	if p.cancel.Disabled() || p.progress.Hidden || p.label.Text != "scoring…" {
		t.Fatalf("while scoring: Cancel disabled %v, progress hidden %v, label %q", p.cancel.Disabled(), p.progress.Hidden, p.label.Text)
	}
	p.cancel.OnTapped()
	close(g.gate)
	waitUntil(t, e, "the scoring to end", func() bool { return e.jobs.finished["outliers"] == 1 })
	if !p.cancel.Disabled() || !p.progress.Hidden || p.label.Text != "scoring cancelled" || p.shown != 0 || !p.list.Hidden {
		t.Errorf("after cancel: Cancel disabled %v, progress hidden %v, label %q, lists %d, list hidden %v",
			p.cancel.Disabled(), p.progress.Hidden, p.label.Text, p.shown, p.list.Hidden)
	}
	if e.jobs.status.Text != "outlier scores (roundtrip) cancelled" {
		t.Errorf("status %q", e.jobs.status.Text)
	}
}

// TestPicturesKeepStatus: the outliers' pictures, made after the scores,
// do not replace the status line's "… done" with "thumbnails done".
func TestPicturesKeepStatus(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	p := e.outliers
	p.choose("prior")
	p.score()
	waitUntil(t, e, "the pictures", func() bool { return e.jobs.finished["outlier-thumbnails"] == 1 })
	if got := e.jobs.status.Text; got != "outlier scores (prior) done" {
		t.Errorf("status %q after the pictures", got)
	}
}

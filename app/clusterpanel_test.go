package app

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestDockShowsPanelBesideMap checks that a panel opens docked below the
// map (the map keeps a share of the window) and closes again.
func TestDockShowsPanelBesideMap(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	if e.dock.shown() != "" {
		t.Fatalf("the dock shows %q before any panel was asked for", e.dock.shown())
	}
	// Ctrl+k shows the k-th panel.
	k := slices.Index(e.dock.panels, Panel(e.clusters)) + 1
	e.win.Canvas().(fyne.Shortcutable).TypedShortcut(panelShortcut(k))
	if got := e.dock.shown(); got != "Clusters" {
		t.Fatalf("the dock shows %q, want Clusters", got)
	}
	e.win.Content().Refresh()
	if h := e.mapp.view.Size().Height; h < 100 {
		t.Errorf("the map is %v high with the panel open, want it visible", h)
	}
	if !e.dock.tabs.Visible() || e.dock.tabs.Size().Height < 100 {
		t.Errorf("the panel is %v high", e.dock.tabs.Size())
	}
	e.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcutHidePanels)
	if e.dock.shown() != "" {
		t.Error("Hide panels left the dock open")
	}
}

// TestClustersPanelListsAndSelects runs k-means (k = 3) on three
// well-separated groups of 60 and checks the list, the pictures, the
// selection a row makes and the direction it adds.
func TestClustersPanelListsAndSelects(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	p := e.clusters
	p.param.SetText("3")
	p.run()
	waitUntil(t, e, "the clusters listed", func() bool { return p.shown == 1 })
	if e.dock.shown() != "Clusters" {
		t.Errorf("the dock shows %q after clustering, want Clusters", e.dock.shown())
	}
	if n := p.list.Length(); n != 3 {
		t.Fatalf("%d rows, want 3", n)
	}
	for i, s := range p.clusters.Summaries {
		if s.Size != 60 {
			t.Errorf("row %d: %d points, want 60", i, s.Size)
		}
	}
	waitUntil(t, e, "the centroid and medoid pictures", func() bool { return p.thumbs == 2 })
	for i := range 3 {
		if p.centroids[i] == nil || p.medoids[i] == nil {
			t.Fatalf("row %d has no centroid or medoid picture", i)
		}
	}
	row := p.newRow()
	p.fillRow(1, row)
	if text := row.(*fyne.Container).Objects[2].(*fyne.Container).Objects[0].(*widget.Label).Text; !strings.HasSuffix(text, ": 60 points") {
		t.Errorf("row 1 reads %q", text)
	}
	p.list.Select(1)
	queue(e).drain()
	sel := e.core.Snapshot().Selection
	if len(sel) != 60 {
		t.Fatalf("row 1 selected %d points, want 60", len(sel))
	}
	labels := e.space.Meta.Columns[0].Numbers
	for _, i := range sel {
		if labels[i] != labels[sel[0]] {
			t.Fatalf("row 1 selected points of labels %v and %v: not one cluster", labels[sel[0]], labels[i])
		}
	}
	p.addDirection(1)
	queue(e).drain()
	dirs := e.core.Snapshot().Directions
	want := "kmeans-3 = " + strconv.Itoa(p.clusters.Summaries[1].Label)
	if last := dirs[len(dirs)-1]; last.Name != want || last.Kind != "attribute" {
		t.Errorf("last direction %q (%s), want %q (attribute)", last.Name, last.Kind, want)
	}
}

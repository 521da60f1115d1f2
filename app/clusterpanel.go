package app

import (
	"fmt"
	"image"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
)

// The clustering methods the clusters panel offers.
const (
	methodKMeans  = "k-means"
	methodHDBSCAN = "HDBSCAN"
)

// clusterPanel runs a clustering and lists its clusters: size, decoded
// centroid and the medoid's picture. Clicking a row selects the cluster
// on the map; its buttons move the sliders to the centroid or the medoid,
// or add the cluster's mean (minus the rest's) as a slider direction.
type clusterPanel struct {
	e      *Explorer
	method *widget.Select
	param  *widget.Entry
	label  *widget.Label
	list   *widget.List
	obj    fyne.CanvasObject

	// clusters is the clustering shown, or nil.
	clusters  *session.Clusters
	centroids []image.Image
	medoids   []image.Image
	// shown counts the clusterings listed and thumbs the pictures
	// filled; tests wait on them.
	shown, thumbs int
}

func newClusterPanel(e *Explorer) *clusterPanel {
	p := &clusterPanel{e: e, param: widget.NewEntry(), label: widget.NewLabel("no clustering yet")}
	p.method = widget.NewSelect([]string{methodKMeans, methodHDBSCAN}, p.methodChosen)
	p.method.SetSelected(methodKMeans)
	p.list = widget.NewList(p.length, p.newRow, p.fillRow)
	p.list.OnSelected = p.rowChosen
	run := widget.NewButton("Run", p.run)
	bar := statusBar(container.NewHBox(p.method, container.NewGridWrap(fyne.NewSize(70, 36), p.param), run), p.label)
	p.obj = container.NewBorder(bar, nil, nil, nil, p.list)
	e.subscribe(p.update)
	return p
}

func (p *clusterPanel) Title() string             { return "Clusters" }
func (p *clusterPanel) Object() fyne.CanvasObject { return p.obj }

// methodChosen puts the method's usual parameter in the entry.
func (p *clusterPanel) methodChosen(m string) {
	if m == methodHDBSCAN {
		p.param.SetPlaceHolder("min size")
		p.param.SetText("25")
		return
	}
	p.param.SetPlaceHolder("k")
	p.param.SetText("10")
}

// run starts the chosen clustering with the entry's parameter.
func (p *clusterPanel) run() {
	v, err := strconv.Atoi(p.param.Text)
	if err != nil || v < 1 {
		p.e.showError(fmt.Errorf("%s parameter %q: want a whole number ≥ 1", p.method.Selected, p.param.Text))
		return
	}
	if p.e.space == nil {
		return
	}
	p.label.SetText("clustering…")
	if p.method.Selected == methodHDBSCAN {
		p.e.jobs.track(p.e.core.HDBSCAN(v), p.show)
		return
	}
	p.e.jobs.track(p.e.core.KMeans(v), p.show)
}

// update clears the list when another space opens.
func (p *clusterPanel) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		p.clusters, p.centroids, p.medoids = nil, nil, nil
		p.label.SetText("no clustering yet")
		p.list.UnselectAll()
		p.list.Refresh()
	}
}

// show lists a finished clustering and starts decoding its pictures.
func (p *clusterPanel) show(st session.JobStatus) {
	cl := st.Result.(*session.Clusters)
	p.clusters = cl
	n := len(cl.Summaries)
	p.centroids, p.medoids = make([]image.Image, n), make([]image.Image, n)
	p.label.SetText(fmt.Sprintf("%s: %d clusters", cl.Name, n))
	p.list.UnselectAll()
	p.list.Refresh()
	p.shown++
	p.e.showPanel(p)
	vecs, medoids := make([][]float64, n), make([]int, n)
	for i, s := range cl.Summaries {
		vecs[i], medoids[i] = s.Centroid, s.Medoid
	}
	if p.e.core.Decoder() != nil {
		p.e.jobs.track(p.e.core.DecodeVectors("cluster-centroids", vecs), func(st session.JobStatus) {
			p.fill(cl, p.centroids, st.Result.([]image.Image))
		})
	}
	p.e.jobs.track(p.e.core.Thumbnails("cluster-medoids", medoids), func(st session.JobStatus) {
		p.fill(cl, p.medoids, st.Result.([]image.Image))
	})
}

// fill copies decoded pictures into dst if cl is still the clustering shown.
func (p *clusterPanel) fill(cl *session.Clusters, dst, imgs []image.Image) {
	if p.clusters != cl {
		return
	}
	copy(dst, imgs)
	p.thumbs++
	p.list.Refresh()
}

func (p *clusterPanel) length() int {
	if p.clusters == nil {
		return 0
	}
	return len(p.clusters.Summaries)
}

func thumbImage() *canvas.Image {
	c := canvas.NewImageFromImage(nil)
	c.ScaleMode = canvas.ImageScalePixels
	c.FillMode = canvas.ImageFillContain
	c.SetMinSize(fyne.NewSize(40, 40))
	return c
}

// newRow makes a row: centroid and medoid pictures, the size, and the
// Centroid, Medoid and Add direction buttons, in one container (the list
// draws containers and widgets, not wrappers).
func (p *clusterPanel) newRow() fyne.CanvasObject {
	// A fixed width for the text keeps the buttons in one column.
	return container.NewHBox(thumbImage(), thumbImage(), container.NewGridWrap(fyne.NewSize(190, 36), widget.NewLabel("cluster 00: 00000 points")),
		widget.NewButton("Centroid", nil), widget.NewButton("Medoid", nil), widget.NewButton("Add direction", nil))
}

func (p *clusterPanel) fillRow(id widget.ListItemID, o fyne.CanvasObject) {
	objs := o.(*fyne.Container).Objects
	centroid, medoid := objs[0].(*canvas.Image), objs[1].(*canvas.Image)
	text := objs[2].(*fyne.Container).Objects[0].(*widget.Label)
	toCentroid, toMedoid, direction := objs[3].(*widget.Button), objs[4].(*widget.Button), objs[5].(*widget.Button)
	s := p.clusters.Summaries[id]
	name := fmt.Sprintf("cluster %d", s.Label)
	if s.Label < 0 {
		name = "noise"
	}
	text.SetText(fmt.Sprintf("%s: %d points", name, s.Size))
	centroid.Image, medoid.Image = p.centroids[id], p.medoids[id]
	centroid.Refresh()
	medoid.Refresh()
	toCentroid.OnTapped = func() { p.e.core.SetVector(s.Centroid) }
	toMedoid.OnTapped = func() { p.e.jumpTo(s.Medoid) }
	direction.OnTapped = func() { p.addDirection(id) }
	direction.Disable()
	if s.Label >= 0 {
		direction.Enable()
	}
}

// rowChosen selects cluster id on the map.
func (p *clusterPanel) rowChosen(id widget.ListItemID) {
	if p.clusters == nil || id >= len(p.clusters.Summaries) {
		return
	}
	if err := p.e.core.SelectCluster(p.clusters.Name, p.clusters.Summaries[id].Label); err != nil {
		p.e.showError(err)
	}
}

// addDirection adds cluster id's mean minus the others' as a direction.
func (p *clusterPanel) addDirection(id int) {
	s := p.clusters.Summaries[id]
	if err := p.e.core.AddClusterDirection(p.clusters.Name, s.Label); err != nil {
		p.e.showError(err)
		return
	}
	p.e.jobs.setStatus(fmt.Sprintf("added the direction %s = %d", p.clusters.Name, s.Label))
}

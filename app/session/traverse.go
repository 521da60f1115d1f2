package session

import (
	"context"
	"errors"
	"fmt"
	"image"
	"slices"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

// The traversal's units.
const (
	CodeUnits  = "std"   // each row's standard deviation in the codes
	PriorUnits = "prior" // the prior's standard deviation
)

// TraverseSpec is a traversal grid around a base vector: one row per
// latent dimension (Dims) or, with Directions set, per slider direction;
// Steps columns from Lo to Hi in Units.
type TraverseSpec struct {
	Dims       []int
	Directions bool
	Lo, Hi     float64
	Steps      int
	Units      string
	Base       []float64
}

// Traversal is a decoded traversal grid: its vectors row-major (row i,
// step j at Z[i*Steps+j]), cells and labels.
type Traversal struct {
	Spec      TraverseSpec
	Z         [][]float64
	Cells     []image.Image
	RowLabels []string
	Values    []string
}

// Picture is the grid (PNG) and its frames (GIF), as latent traverse
// writes them.
func (t *Traversal) Picture() *grid.Picture {
	return grid.NewGrid(t.Cells, t.RowLabels, t.Values)
}

// Traverse decodes the traversal grid spec describes. The result is a
// *Traversal.
func (s *Session) Traverse(spec TraverseSpec) *Job {
	spec.Base = slices.Clone(spec.Base)
	return s.start("grid", "traversal", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		t, err := s.traversalVectors(spec)
		if err != nil {
			return nil, nil, err
		}
		t.Cells, err = s.decodeCells(ctx, t.Z, progress)
		return nil, t, err
	})
}

// DimsTraversal lays out the traversal of spec.Dims (not decoded yet):
// its vectors (model.Traversal) and labels, scale being the unit of Lo
// and Hi in each dimension. Spec is not checked. latent traverse lays out
// its grid with it.
func DimsTraversal(spec TraverseSpec, scale []float64) *Traversal {
	return &Traversal{Spec: spec, Z: model.Traversal(nil, spec.Base, spec.Dims, spec.Lo, spec.Hi, spec.Steps, scale),
		RowLabels: grid.DimensionLabels(spec.Dims), Values: stepLabels(spec)}
}

// stepLabels label a traversal's columns by their values.
func stepLabels(spec TraverseSpec) []string {
	return grid.ValueLabels(model.StepValues(spec.Lo, spec.Hi, spec.Steps), "")
}

// traversalVectors lays out the grid's vectors and labels.
func (s *Session) traversalVectors(spec TraverseSpec) (*Traversal, error) {
	s.mu.Lock()
	sp, stats, prior, dirs := s.space, s.stats, s.prior, slices.Clone(s.st.Directions)
	s.mu.Unlock()
	if err := checkTraverse(spec, sp, stats); err != nil {
		return nil, err
	}
	if !spec.Directions {
		scale := stats.Std
		if spec.Units == PriorUnits {
			scale = slices.Repeat([]float64{prior.Std()}, sp.Codes.D)
		}
		return DimsTraversal(spec, scale), nil
	}
	t := &Traversal{Spec: spec, Values: stepLabels(spec)}
	if len(dirs) == 0 {
		return nil, errors.New("no slider directions yet: they are computed when the space opens")
	}
	for _, d := range dirs {
		scale := d.Scale
		if spec.Units == PriorUnits {
			scale = prior.Std()
		}
		t.Z = append(t.Z, directionSteps(spec, d.Unit, scale)...)
		t.RowLabels = append(t.RowLabels, d.Name)
	}
	return t, nil
}

// directionSteps is one row of a traversal along unit direction u: base
// + v_j·scale·u for the steps' values v_j.
func directionSteps(spec TraverseSpec, u []float64, scale float64) [][]float64 {
	row := make([][]float64, spec.Steps)
	for j := range row {
		v := model.StepValue(spec.Lo, spec.Hi, spec.Steps, j) * scale
		z := slices.Clone(spec.Base)
		for k := range z {
			z[k] += v * u[k]
		}
		row[j] = z
	}
	return row
}

// MaxTraverseCells bounds a traversal grid's cells.
const MaxTraverseCells = 4096

func checkTraverse(spec TraverseSpec, sp *model.Space, stats *model.Stats) error {
	switch {
	case sp == nil || stats == nil:
		return errors.New("no space open")
	case len(spec.Base) != sp.Codes.D:
		return fmt.Errorf("a base vector of %d values; the latent space has %d", len(spec.Base), sp.Codes.D)
	case spec.Steps < 2 || spec.Steps > MaxPathSteps:
		return fmt.Errorf("%d steps: want 2 to %d", spec.Steps, MaxPathSteps)
	case !(spec.Lo != spec.Hi):
		return fmt.Errorf("range %v to %v: want two different numbers", spec.Lo, spec.Hi)
	case spec.Units != CodeUnits && spec.Units != PriorUnits:
		return fmt.Errorf("units %q: want %s or %s", spec.Units, CodeUnits, PriorUnits)
	case !spec.Directions && len(spec.Dims) == 0:
		return errors.New("choose at least one dimension")
	case len(spec.Dims)*spec.Steps > MaxTraverseCells:
		return fmt.Errorf("%d×%d cells: at most %d", len(spec.Dims), spec.Steps, MaxTraverseCells)
	}
	for _, d := range spec.Dims {
		if d < 0 || d >= sp.Codes.D {
			return fmt.Errorf("no dimension %d; the codes have %d (0 to %d)", d, sp.Codes.D, sp.Codes.D-1)
		}
	}
	return nil
}

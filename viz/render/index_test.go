package render

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteNearest is the reference for Index.Nearest: a scan of every point.
func bruteNearest(xy []float64, x, y, rx, ry float64, keep func(int) bool) (int, bool) {
	best, bestD := -1, 1.0
	for i := 0; i < len(xy)/2; i++ {
		dx, dy := (xy[2*i]-x)/rx, (xy[2*i+1]-y)/ry
		d := dx*dx + dy*dy
		if (d < bestD || (d == bestD && best < 0)) && (keep == nil || keep(i)) {
			best, bestD = i, d
		}
	}
	return best, best >= 0
}

func TestIndexNearestMatchesBruteForce(t *testing.T) {
	xy, _ := blobs(5000, 4, 4)
	xy[10], xy[11] = math.NaN(), 1 // never found
	ix := NewIndex(xy)
	if ix.Len() != 4999 {
		t.Fatalf("Len = %d, want 4999", ix.Len())
	}
	even := func(i int) bool { return i%2 == 0 }
	rng := rand.New(rand.NewPCG(5, 5))
	for q := range 500 {
		x, y := 14*rng.Float64()-7, 10*rng.Float64()-5
		rx, ry := 0.5*rng.Float64()+0.01, 0.5*rng.Float64()+0.01
		keep := func(int) bool { return true }
		if q%2 == 1 {
			keep = even
		}
		gi, gok := ix.Nearest(x, y, rx, ry, keep)
		wi, wok := bruteNearest(xy, x, y, rx, ry, keep)
		if gi != wi && gok == wok && (gok || wok) {
			t.Fatalf("Nearest(%g, %g, %g, %g) = %d, %v; brute force %d, %v", x, y, rx, ry, gi, gok, wi, wok)
		}
	}
}

func TestIndexQueriesOutsideAndInfinite(t *testing.T) {
	ix := NewIndex([]float64{0, 0, 1, 1})
	if _, ok := ix.Nearest(100, 100, 1, 1, nil); ok {
		t.Error("found a point far outside the grid")
	}
	got := ix.InRect(math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1), nil, nil)
	if !slices.Equal(got, []int{0, 1}) {
		t.Errorf("InRect(everything) = %v, want [0 1]", got)
	}
	if got := NewIndex(nil).InRect(-1, -1, 1, 1, nil, nil); len(got) != 0 {
		t.Errorf("empty index found %v", got)
	}
}

func TestIndexInRectAndPolygon(t *testing.T) {
	xy, _ := blobs(3000, 3, 6)
	ix := NewIndex(xy)
	odd := func(i int) bool { return i%2 == 1 }
	// A triangle, and a self-crossing bow tie (even–odd rule).
	tri := [][2]float64{{-5, -5}, {5, -4}, {0, 5}}
	bow := [][2]float64{{-4, -4}, {4, 4}, {4, -4}, {-4, 4}}
	var wantRect, wantTri, wantBow []int
	for i := range len(xy) / 2 {
		x, y := xy[2*i], xy[2*i+1]
		if x >= -1 && x <= 3 && y >= -2 && y <= 4 && odd(i) {
			wantRect = append(wantRect, i)
		}
		if insidePolygon(tri, x, y) {
			wantTri = append(wantTri, i)
		}
		if insidePolygon(bow, x, y) {
			wantBow = append(wantBow, i)
		}
	}
	if got := ix.InRect(3, 4, -1, -2, nil, odd); !slices.Equal(got, wantRect) {
		t.Errorf("InRect: %d points, want %d", len(got), len(wantRect))
	}
	if got := ix.InPolygon(tri, []int{-1}, nil); !slices.Equal(got[1:], wantTri) || got[0] != -1 {
		t.Errorf("InPolygon(triangle): %d points, want %d", len(got)-1, len(wantTri))
	}
	if got := ix.InPolygon(bow, nil, nil); !slices.Equal(got, wantBow) {
		t.Errorf("InPolygon(bow tie): %d points, want %d", len(got), len(wantBow))
	}
}

func TestInsidePolygonSquare(t *testing.T) {
	sq := [][2]float64{{0, 0}, {2, 0}, {2, 2}, {0, 2}}
	for _, c := range []struct {
		x, y float64
		in   bool
	}{{1, 1, true}, {3, 1, false}, {-1, 1, false}, {1, 2.5, false}, {0.1, 1.9, true}} {
		if got := insidePolygon(sq, c.x, c.y); got != c.in {
			t.Errorf("insidePolygon(%g, %g) = %v, want %v", c.x, c.y, got, c.in)
		}
	}
}

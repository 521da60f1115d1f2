package render

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"
)

// BenchmarkDraw measures one frame of the interactive map (800×600, the
// default style, ten categories) at the sizes; the targets are
// 8 ms at 100k points and 16 ms at 1M on one core.
func BenchmarkDraw(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, size := range []float64{1, 2, 4} {
			b.Run(fmt.Sprintf("n=%d/size=%g", n, size), func(b *testing.B) {
				xy, cat := blobs(n, 10, 7)
				r := New(xy)
				r.Style.PointSize = size
				r.ColorByCategory(cat, Categorical(10))
				dst := image.NewRGBA(image.Rect(0, 0, 800, 600))
				v := FitView(xy, 0.05).WithAspect(800, 600)
				r.Draw(dst, v) // builds the colour table and stamps once
				b.ReportAllocs()
				cpu := cpuSeconds()
				for b.Loop() {
					r.Draw(dst, v)
				}
				reportCPU(b, cpu)
			})
		}
	}
}

// BenchmarkNearest measures hover hit-testing at 1M points with a 5-pixel
// radius on an 800×600 map; the target is 1 ms.
func BenchmarkNearest(b *testing.B) {
	xy, _ := blobs(1_000_000, 10, 8)
	ix := NewIndex(xy)
	v := FitView(xy, 0.05).WithAspect(800, 600)
	sx, sy := v.PixelSize(800, 600)
	rng := rand.New(rand.NewPCG(9, 9))
	q := make([][2]float64, 1024)
	for i := range q {
		q[i][0], q[i][1] = v.ToData(800*rng.Float64(), 600*rng.Float64(), 800, 600)
	}
	b.ReportAllocs()
	i := 0
	cpu := cpuSeconds()
	for b.Loop() {
		ix.Nearest(q[i%len(q)][0], q[i%len(q)][1], 5*sx, 5*sy, nil)
		i++
	}
	reportCPU(b, cpu)
}

// reportCPU reports the process's CPU time per iteration since cpu0: on a
// shared machine wall time counts other people's work too.
func reportCPU(b *testing.B, cpu0 float64) {
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N)*1e9, "cpu-ns/op")
}

// BenchmarkNewIndex measures building the hit-test grid at 1M points.
func BenchmarkNewIndex(b *testing.B) {
	xy, _ := blobs(1_000_000, 10, 8)
	b.ReportAllocs()
	for b.Loop() {
		NewIndex(xy)
	}
}

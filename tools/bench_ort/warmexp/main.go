// Command warmexp measures how a session's runs warm up after an idle
// spell, as the explorer's decodes do between slider moves and bench.py's
// rounds do after their rest: it loads a model, then 16 times rests 100
// ms (asleep, blocked reading a pipe, or spinning) and times 25 runs, and
// prints the median time of the first 12 runs after a rest and of the
// 21st, in milliseconds.
//
//	go run ./tools/bench_ort/warmexp MODEL.onnx INPUT.npy [THREADS]
package main

import (
	"fmt"
	"os"
	"sort"
	"syscall"
	"time"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/model/onnx"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: warmexp MODEL.onnx INPUT.npy [THREADS]")
		os.Exit(2)
	}
	m, err := onnx.Load(os.Args[1])
	if err != nil {
		panic(err)
	}
	a, err := model.ReadArray(os.Args[2], "")
	if err != nil {
		panic(err)
	}
	fs := make([]float32, len(a.Data))
	for i, v := range a.Data {
		fs[i] = float32(v)
	}
	x := onnx.NewTensor(fs, append([]int(nil), a.Shape...)...)
	s := m.NewSession()
	if len(os.Args) > 3 {
		var t int
		fmt.Sscan(os.Args[3], &t)
		s.SetThreads(t)
	}
	for range 20 {
		if _, err := s.Run(x); err != nil {
			panic(err)
		}
	}
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		panic(err)
	}
	for _, mode := range []string{"sleep", "read", "spin"} {
		pos := make([][]float64, 25)
		for round := 0; round < 16; round++ {
			switch mode {
			case "sleep":
				time.Sleep(100 * time.Millisecond)
			case "spin":
				for t0 := time.Now(); time.Since(t0) < 100*time.Millisecond; {
				}
			case "read":
				go func() {
					time.Sleep(100 * time.Millisecond)
					syscall.Write(fds[1], []byte{1})
				}()
				var b [1]byte
				syscall.Read(fds[0], b[:])
			}
			for i := range 25 {
				t0 := time.Now()
				s.Run(x)
				pos[i] = append(pos[i], float64(time.Since(t0).Microseconds())/1000)
			}
		}
		fmt.Printf("%-6s", mode)
		for i := range 12 {
			sort.Float64s(pos[i])
			fmt.Printf(" %.2f", pos[i][8])
		}
		sort.Float64s(pos[20])
		fmt.Printf(" | %.2f\n", pos[20][8])
	}
}

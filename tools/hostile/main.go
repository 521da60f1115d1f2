// Command hostile writes the hostile corpus that tools/hostile-test.sh runs
// the latent binary on: spaces whose paths leave their folder, links,
// special files (a FIFO, links to /dev/zero and /dev/urandom), compressed
// bombs, deeply nested TOML and Parquet schemas, a decoder that outputs
// NaN, mismatched shapes, a bad CRC-32 and leftover temporaries. It needs
// nothing but Go, so CI runs it without Python.
//
//	go run ./tools/hostile DIR
package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/latent-explorer/latent/model"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) != 2 {
		log.Fatal("usage: hostile DIR")
	}
	g := &gen{dir: os.Args[1]}
	for _, step := range []func(){g.paths, g.special, g.bombs, g.nesting, g.decoders, g.crc, g.oneLine} {
		step()
		if g.err != nil {
			log.Fatal(g.err)
		}
	}
}

// gen writes files under dir, keeping the first error.
type gen struct {
	dir string
	err error
}

func (g *gen) path(rel string) string { return filepath.Join(g.dir, rel) }

func (g *gen) write(rel string, b []byte) {
	if g.err != nil {
		return
	}
	p := g.path(rel)
	if g.err = os.MkdirAll(filepath.Dir(p), 0o755); g.err == nil {
		g.err = os.WriteFile(p, b, 0o644)
	}
}

func (g *gen) text(rel, s string) { g.write(rel, []byte(s)) }

func (g *gen) link(target, rel string) {
	if g.err != nil {
		return
	}
	p := g.path(rel)
	if g.err = os.MkdirAll(filepath.Dir(p), 0o755); g.err == nil {
		g.err = os.Symlink(target, p)
	}
}

func (g *gen) npy(rel string, a *model.Array) []byte {
	var buf bytes.Buffer
	if err := model.EncodeNPY(&buf, a); err != nil && g.err == nil {
		g.err = err
	}
	if rel != "" {
		g.write(rel, buf.Bytes())
	}
	return buf.Bytes()
}

// codes is a small valid codes array, 6×4 float32.
func codes() *model.Array {
	a := &model.Array{Shape: []int{6, 4}, DType: "float32", Data: make([]float64, 24)}
	for i := range a.Data {
		a.Data[i] = float64(i%7) - 3
	}
	return a
}

// paths: spaces whose manifest leaves the folder, and one whose links stay in.
func (g *gen) paths() {
	g.npy("outside/codes.npy", codes())
	g.text("outside/passwd.tsv", "root:x:0:0:root:/root:/bin/bash\n")
	g.text("space-dotdot/latent.toml", "codes = '../outside/codes.npy'\n")
	g.npy("space-abs/codes.npy", codes())
	g.text("space-abs/latent.toml", "codes = 'codes.npy'\nlabels = '/etc/passwd'\n")
	g.link("../outside/codes.npy", "space-link-out/codes.npy")
	g.text("space-link-out/latent.toml", "codes = 'codes.npy'\n")
	g.npy("space-link-in/data/codes.npy", codes())
	g.link("data/codes.npy", "space-link-in/z.npy")
	g.text("space-link-in/latent.toml", "codes = 'z.npy'\n")
	g.link("../outside", "space-dir-link/up")
	g.text("space-dir-link/latent.toml", "codes = 'up/codes.npy'\n")
}

// special: a FIFO and links to devices as codes, model and manifest.
func (g *gen) special() {
	for _, rel := range []string{"fifo.npy", "fifo.onnx", "space-fifo/latent.toml"} {
		if g.err == nil {
			os.MkdirAll(filepath.Dir(g.path(rel)), 0o755)
			g.err = syscall.Mkfifo(g.path(rel), 0o644)
		}
	}
	g.link("/dev/zero", "zero.onnx")
	g.link("/dev/zero", "space-zero/latent.toml")
	g.link("/dev/urandom", "urandom.npy")
	g.link("/dev/zero", "zero.csv")
}

// bombs: small compressed files that inflate to 256 MB, and a zero-width
// array of 2^40 rows.
func (g *gen) bombs() {
	const n = 256 << 20
	big := model.Array{Shape: []int{n / 784, 784}, DType: "uint8"}
	head := npyHeader(&big)
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "images.npy", Method: zip.Deflate})
	if err != nil {
		g.err = err
		return
	}
	w.Write(head)
	writeZeros(w, (n/784)*784)
	zw.Close()
	g.write("bomb.npz", z.Bytes())
	g.write("bomb.npy.gz", gzipped(func(w io.Writer) { w.Write(head); writeZeros(w, (n/784)*784) }))
	g.write("bomb.csv.gz", gzipped(func(w io.Writer) {
		line := []byte(strings.Repeat("0,", 63) + "0\n")
		for range n / len(line) {
			w.Write(line)
		}
	}))
	// Shape (2^40, 0): no data, a huge row count.
	g.write("wide0.npy", []byte(npyText("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 0), }")))
	// A header of 400 KB that an error could quote.
	g.write("longheader.npy", []byte(npyText("{'descr': '"+strings.Repeat("x", 400<<10)+"', 'fortran_order': False, 'shape': (2, 2), }")))
}

// npyHeader returns the .npy header of a (its Data unused).
func npyHeader(a *model.Array) []byte {
	var buf bytes.Buffer
	model.EncodeNPY(&buf, &model.Array{Shape: []int{0, a.Shape[1]}, DType: a.DType})
	h := buf.Bytes()
	return bytes.Replace(h, []byte("(0, "), []byte(fmt.Sprintf("(%d, ", a.Shape[0])), 1)
}

// npyText makes a version 2.0 .npy of a header dict and no data.
func npyText(dict string) string {
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(len(dict)+1))
	return "\x93NUMPY\x02\x00" + string(n[:]) + dict + "\n"
}

func writeZeros(w io.Writer, n int) {
	buf := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, len(buf))
		w.Write(buf[:k])
		n -= k
	}
}

func gzipped(write func(io.Writer)) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	write(zw)
	zw.Close()
	return buf.Bytes()
}

// nesting: TOML of nested inline tables (over and under 1 MiB) and a
// parquet file whose schema nests 100,000 levels.
func (g *gen) nesting() {
	const depth = 200000
	g.text("deep-big/latent.toml", "codes = 'c.npy'\nx = "+strings.Repeat("{a=", depth)+"1"+strings.Repeat("}", depth)+"\n")
	g.text("deep-small/latent.toml", "codes = 'c.npy'\nx = "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n")
	g.write("deep.parquet", deepParquet(100000))
}

// decoders: an image decoder that outputs NaN, a vector decoder of 4
// values declared as 12, and spaces for both.
func (g *gen) decoders() {
	g.write("nan.onnx", nanDecoder())
	g.write("vec4.onnx", vectorDecoder())
	g.npy("space-nan/codes.npy", codes())
	g.write("space-nan/decoder.onnx", nanDecoder())
	g.text("space-nan/latent.toml", "codes = 'codes.npy'\ndecoder = 'decoder.onnx'\n[output]\nshape = [1, 2, 2]\n")
	g.npy("space-vec/codes.npy", codes())
	g.write("space-vec/decoder.onnx", vectorDecoder())
	g.text("space-vec/latent.toml", "codes = 'codes.npy'\ndecoder = 'decoder.onnx'\n[output]\nkind = 'vector'\nshape = [12]\n")
	g.text("z.csv", "0.5,0.5,0.5,0.5\n1,2,3,4\n")
}

// crc: an .npz whose stored member's data was altered after its CRC-32.
func (g *gen) crc() {
	body := g.npy("", codes())
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	h := &zip.FileHeader{Name: "codes.npy", Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
		CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body))}
	w, err := zw.CreateRaw(h)
	if err != nil {
		g.err = err
		return
	}
	bad := bytes.Clone(body)
	bad[len(bad)-1] ^= 0x40
	w.Write(bad)
	zw.Close()
	g.write("badcrc.npz", z.Bytes())
}

// oneLine: a 10 MB CSV of one line (2 million values).
func (g *gen) oneLine() {
	g.text("oneline.csv", strings.Repeat("0.25,", 2<<20)+"1\n")
}

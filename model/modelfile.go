package model

import (
	"fmt"
	"io"

	"github.com/latent-explorer/latent/model/onnx"
)

// LoadModel reads and compiles the ONNX model at path. The file must be a
// regular file; its stat'ed size is checked against the memory budget
// (twice over: the bytes and the weights decoded from them) and exactly
// that many bytes are read, so a device or a file that grows cannot make
// the read run away.
func LoadModel(path string) (*onnx.Model, error) {
	f, size, err := openSized(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := checkMemory("an ONNX model of "+byteSize(size), mulSize(size, 2)); err != nil {
		return nil, fileError(path, err)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %w: the file is shorter than its size (%v)", path, ErrFormat, err)
	}
	m, err := onnx.Parse(b)
	if err != nil {
		return nil, fileError(path, err)
	}
	return m, nil
}

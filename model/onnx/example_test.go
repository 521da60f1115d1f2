package onnx_test

import (
	"fmt"

	"github.com/latent-explorer/latent/model/onnx"
)

// Load a decoder exported by torch.onnx.export and run it on a batch of
// two latent vectors.
func Example() {
	m, err := onnx.Load("testdata/conv_vae_decoder.onnx")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("opset", m.Opset, "input", m.Inputs[0], "output", m.Outputs[0])
	s := m.NewSession() // one per goroutine; reuse it for every run
	z := onnx.NewTensor(make([]float32, 2*8), 2, 8)
	out, err := s.Run(z)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("decoded", out[0].Shape)
	// Output:
	// opset 11 input [batch 8] output [batch 1 28 28]
	// decoded [2 1 28 28]
}

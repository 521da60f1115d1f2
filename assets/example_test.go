package assets_test

import (
	"fmt"
	"io/fs"

	"github.com/latent-explorer/latent/assets"
	"github.com/latent-explorer/latent/model"
)

func ExampleDemos() {
	for _, name := range assets.Demos() {
		fmt.Println(name)
	}
	// Output:
	// mnist-16
	// mnist-2d
}

func ExampleDemo() {
	space, err := assets.Demo("mnist-16")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := fs.ReadFile(space, model.ManifestName)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := model.ParseManifest(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Name)
	fmt.Println(m.Decoder, m.Codes, m.Output.Shape, m.Map.Method)
	// Output:
	// MNIST conv VAE (16-d)
	// decoder.onnx codes.npy [1 28 28] tsne
}

// Command latent is Latent Explorer: a desktop application for exploring the
// latent space of trained generative models. See the cmd package.
package main

import "github.com/latent-explorer/latent/cmd"

func main() { cmd.Main() }

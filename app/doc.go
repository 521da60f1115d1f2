// Package app is Latent Explorer's GUI: the explorer window, its panels and
// custom widgets. It is given a fyne.App by package cmd and never creates one.
package app

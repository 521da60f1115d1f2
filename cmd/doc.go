// Package cmd is Latent Explorer's command line: it parses flags, runs the
// subcommands (info, decode, project, cluster, plot, ...) and, for the GUI,
// creates the Fyne application and hands it to package app.
//
// Every subcommand lives in its own file and registers itself with
// register; no algorithm lives here.
package cmd

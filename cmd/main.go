package cmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/latent-explorer/latent/model/safefile"

	_ "github.com/latent-explorer/latent/cmd/internal/plainlocale" // before Fyne reads the locale
	"github.com/latent-explorer/latent/model"
)

// A command is one subcommand of latent.
type command struct {
	name    string // as typed: "info"
	args    string // synopsis of the arguments: "[--bench] FILE"
	summary string // one line for latent --help
	// run executes the command. flags is a fresh FlagSet named for the
	// command; run defines its flags, parses args with it and does the work.
	run func(ctx context.Context, env *env, flags *flag.FlagSet, args []string) error
}

// env is what a command may touch of the outside world, so tests can run
// commands in-process.
type env struct {
	stdout, stderr io.Writer
	// isTerminal reports whether stderr is a terminal (progress bars).
	isTerminal bool
}

var commands = map[string]*command{}

// register adds c to the command table; each command's file calls it from init.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("cmd: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// errUsage marks an error in how the command was called; it exits with 2.
var errUsage = errors.New("usage")

// usagef returns a usage error with a message.
func usagef(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, a...)...)
}

// Main runs latent with the process's arguments and exits with its status.
func Main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go abortOnSignal(ctx)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, isTerminal: isTerminal(os.Stderr)}
	code := Run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// abortOnSignal waits for ctx to end: on SIGINT or SIGTERM the writes in
// flight are cut short and their temporaries removed, a second signal
// kills at once, and a command that does not stop within a few seconds is
// ended (exit status 130).
func abortOnSignal(ctx context.Context) {
	<-ctx.Done()
	safefile.AbortWrites()
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	time.AfterFunc(3*time.Second, func() {
		safefile.AbortWrites()
		os.Exit(130)
	})
}

// RunWith runs one command line in-process, as Main does but writing to
// stdout and stderr, and returns its exit status. Other packages' tests
// use it to compare what a command makes with what they make.
func RunWith(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return Run(ctx, &env{stdout: stdout, stderr: stderr}, args)
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Run runs one command line and returns the exit status: 0 on success,
// 2 for a usage error, 1 for anything else.
func Run(ctx context.Context, e *env, args []string) int {
	name := "open"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if _, ok := commands[args[0]]; ok {
			name, args = args[0], args[1:]
		} else if !looksLikePath(args[0]) {
			fmt.Fprintf(e.stderr, "latent: unknown command %q; see latent --help\n", args[0])
			return 2
		}
	}
	if name == "open" && len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		printHelp(e.stdout)
		return 0
	}
	if name == "help" {
		printHelp(e.stdout)
		return 0
	}
	return runCommand(ctx, e, commands[name], args)
}

// looksLikePath reports whether a first argument that is not a command is
// meant as a space to open (latent ./myspace).
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, "./\\") || fileExists(s)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func runCommand(ctx context.Context, e *env, c *command, args []string) int {
	if c == nil {
		fmt.Fprintln(e.stderr, "latent: this build has no GUI; see latent --help")
		return 2
	}
	flags := flag.NewFlagSet("latent "+c.name, flag.ContinueOnError)
	// Parse errors become one line (see parse); --help prints the usage.
	flags.SetOutput(io.Discard)
	flags.Usage = func() {
		flags.SetOutput(e.stdout)
		fmt.Fprintf(e.stdout, "usage: latent %s %s\n\n%s\n\nflags:\n", c.name, c.args, c.summary)
		flags.PrintDefaults()
		flags.SetOutput(io.Discard)
	}
	addMemoryLimit(flags)
	err := c.run(ctx, e, flags, args)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "latent %s: %s (see latent %s --help)\n", c.name, oneLine(strings.TrimPrefix(err.Error(), errUsage.Error()+": ")), c.name)
		return 2
	case errors.Is(err, model.ErrOutside):
		fmt.Fprintf(e.stderr, "latent %s: %s (give --allow-outside to read them)\n", c.name, oneLine(err.Error()))
		return 1
	default:
		fmt.Fprintf(e.stderr, "latent %s: %s\n", c.name, oneLine(err.Error()))
		return 1
	}
}

// addMemoryLimit defines --memory-limit on every command: the memory
// budget the readers keep to (default: model.DefaultMemoryLimit).
func addMemoryLimit(flags *flag.FlagSet) {
	model.SetMemoryLimit(0)
	flags.Func("memory-limit", "`size` of the memory budget for reading files, e.g. 8G (default: $"+model.MemoryLimitEnv+", else half the memory)", func(s string) error {
		n, err := model.ParseByteSize(s)
		if err == nil {
			model.SetMemoryLimit(n)
		}
		return err
	})
}

// parse parses args with flags, turning a flag error into a usage error.
// A request for help returns flag.ErrHelp.
func parse(flags *flag.FlagSet, args []string) error {
	err := flags.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usagef("%v", err)
}

// parseFlagsOnly is parse for a command that takes flags and no
// positional argument.
func parseFlagsOnly(flags *flag.FlagSet, args []string) error {
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usagef("unexpected argument %q", flags.Arg(0))
	}
	return nil
}

// oneLine keeps an error message to one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `Latent Explorer: explore the latent space of a trained generative model.

usage: latent [open] [SPACE | flags]   open the GUI (the demo when no space is given)
       latent COMMAND [flags] ...

commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun 'latent COMMAND --help' for a command's flags.\nExit status: 0 on success, 2 for a usage error, 1 for anything else.\n")
}

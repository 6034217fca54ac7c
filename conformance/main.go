// Package conformance runs the upstream Test::Nginx suites (.t files)
// against gresty or against nginx (the `gresty test` subcommand).
package conformance

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"

	vendorlua "gresty/vendor-lua"
)

type multiFlag []string

// String lists the values given so far.
func (m *multiFlag) String() string { return strings.Join(*m, ",") }

// Set adds one more value of a repeatable flag.
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// Main is `gresty test [--target gresty|nginx] [-I DIR]... [--json FILE]
// [--once] [--jobs N] [--bin PATH] PATH...`.
func Main(args []string) int {
	return run(args, os.Stdout, os.Stderr)
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gresty test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("target", "gresty", "server to test: gresty or nginx")
	var includes multiFlag
	fs.Var(&includes, "I", "extra Perl include folder for the suites (repeatable)")
	jsonOut := fs.String("json", "", "write each block's status, reason and diff to FILE")
	once := fs.Bool("once", false, "run each block once (repeat_each(1))")
	jobs := fs.Int("jobs", 4*runtime.NumCPU(), "blocks run at once")
	bin := fs.String("bin", "", "server binary (default: this executable for gresty, /usr/sbin/nginx for nginx)")
	vendorDir := fs.String("vendor", "", "vendor-lua folder (default: found from the working directory)")
	ledgerPath := fs.String("ledger", "", "ledger file to compare the run with")
	ledgerUpdate := fs.Bool("ledger-update", false, "rewrite the --ledger file's lines for this target from the run")
	keep := fs.Bool("keep", false, "keep the server roots of failed blocks")
	verbose := fs.Bool("v", false, "print one line per finished block")
	only := fs.String("only", "", "run only blocks whose \"FILE:TEST-n\" matches this regular expression")
	services := fs.Bool("services", false, "start redis-server and memcached on loopback when they are not running")
	basePort := fs.Int("port", 0, "first server port (one per job); 0 picks a range from the process id")
	noRetry := fs.Bool("no-retry", false, "do not rerun failed blocks alone")
	fromJSON := fs.String("from-json", "", "take the results from a --json report instead of running (for --ledger)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 && *fromJSON == "" {
		fmt.Fprintln(stderr, "gresty test: no .t file or folder given")
		return 2
	}
	var t *Target
	switch *target {
	case "nginx":
		if *bin == "" {
			*bin = "/usr/sbin/nginx"
		}
		t = NewNginxTarget(*bin, DefaultNginxModulesDir)
	case "gresty":
		if *bin == "" {
			exe, err := os.Executable()
			if err != nil {
				fmt.Fprintf(stderr, "gresty test: %v\n", err)
				return 1
			}
			*bin = exe
		}
		t = NewGrestyTarget(*bin)
	default:
		fmt.Fprintf(stderr, "gresty test: unknown target %q\n", *target)
		return 2
	}
	if *vendorDir == "" {
		*vendorDir = vendorlua.DefaultDir()
	}
	opt := Options{
		Target:       t,
		Jobs:         *jobs,
		Once:         *once,
		PerlIncludes: includes,
		LuaPath:      VendoredLuaPath(*vendorDir),
		Keep:         *keep,
		BasePort:     *basePort,
		NoRetry:      *noRetry,
	}
	if *verbose {
		opt.Progress = stderr
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			fmt.Fprintf(stderr, "gresty test: --only: %v\n", err)
			return 2
		}
		opt.Select = func(b *Block) bool { return re.MatchString(b.File.Key() + ":" + b.ID) }
	}
	var results []FileResult
	if *fromJSON != "" {
		rep, err := ReadJSON(*fromJSON)
		if err != nil {
			fmt.Fprintf(stderr, "gresty test: %v\n", err)
			return 1
		}
		results = rep.Files
	} else {
		files, err := CollectFiles(fs.Args())
		if err != nil {
			fmt.Fprintf(stderr, "gresty test: %v\n", err)
			return 1
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if *services {
			svc, err := StartServices(ctx)
			if err != nil {
				fmt.Fprintf(stderr, "gresty test: %v\n", err)
				return 1
			}
			defer svc.Stop()
		}
		results, err = NewRunner(opt).Run(ctx, files)
		if err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "gresty test: %v\n", err)
			return 1
		}
	}
	_, failed, _ := PrintSummary(stdout, results)
	if *jsonOut != "" {
		if err := WriteJSON(*jsonOut, t.Name, results); err != nil {
			fmt.Fprintf(stderr, "gresty test: write json: %v\n", err)
			return 1
		}
	}
	if *ledgerPath != "" {
		led, err := LoadLedger(*ledgerPath)
		if err != nil && !os.IsNotExist(err) {
			fmt.Fprintf(stderr, "gresty test: %v\n", err)
			return 1
		}
		if *ledgerUpdate {
			led.Update(t.Name, results)
			if err := led.Save(*ledgerPath); err != nil {
				fmt.Fprintf(stderr, "gresty test: %v\n", err)
				return 1
			}
			return 0
		}
		diff := led.Compare(t.Name, results)
		for _, line := range diff.Lines() {
			fmt.Fprintln(stdout, line)
		}
		if diff.Empty() {
			return 0
		}
		return 1
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// VendoredLuaPath is the LUA_PATH for the vendored Lua libraries:
// lua-resty-core and lua-resty-lrucache first, then every other vendored
// lib/ (lua-resty-redis-connector's blocks need lua-resty-redis); "" when
// nothing is vendored.
func VendoredLuaPath(vendorDir string) string {
	lock, err := vendorlua.LoadLock(vendorDir)
	if err != nil {
		return ""
	}
	names := []string{"lua-resty-core", "lua-resty-lrucache"}
	for _, e := range lock.Entries {
		if e.Name != names[0] && e.Name != names[1] {
			names = append(names, e.Name)
		}
	}
	var parts []string
	for _, name := range names {
		e, ok := lock.Find(name)
		if !ok {
			continue
		}
		lib := filepath.Join(vendorDir, "upstream", e.Dir(), "lib")
		if _, err := os.Stat(lib); err == nil {
			parts = append(parts, lib+"/?.lua", lib+"/?/init.lua")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ";") + ";;"
}

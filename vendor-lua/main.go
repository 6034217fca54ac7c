package vendorlua

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// DefaultDir finds the vendor-lua folder: ./vendor-lua of the working
// directory or of its nearest parent that has one, else ./vendor-lua.
func DefaultDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "vendor-lua"
	}
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, "vendor-lua")
		if _, err := os.Stat(filepath.Join(cand, LockFileName)); err == nil {
			return cand
		}
		if filepath.Dir(d) == d {
			return filepath.Join(wd, "vendor-lua")
		}
	}
}

// New returns a Vendor for dir using the machine's apt configuration.
func New(dir string, log io.Writer) (*Vendor, error) {
	lock, err := LoadLock(dir)
	if err != nil {
		return nil, err
	}
	return &Vendor{Dir: dir, Lock: lock, EtcApt: "/etc/apt", OSRelease: "/etc/os-release", Log: log}, nil
}

// Ensure vendors everything into dir (see Vendor.Ensure) and returns the
// Vendor for locating the trees.
func Ensure(ctx context.Context, dir string, log io.Writer) (*Vendor, error) {
	v, err := New(dir, log)
	if err != nil {
		return nil, err
	}
	return v, v.Ensure(ctx)
}

// Main is `gresty vendor [--dir DIR] [--check]`.
func Main(args []string) int {
	fs := flag.NewFlagSet("gresty vendor", flag.ContinueOnError)
	dir := fs.String("dir", "", "vendor folder holding upstream.lock (default: ./vendor-lua of the nearest parent)")
	check := fs.Bool("check", false, "verify what is vendored without fetching")
	quiet := fs.Bool("q", false, "print errors only")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(os.Stderr, "gresty vendor: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *dir == "" {
		*dir = DefaultDir()
	}
	var log io.Writer = os.Stdout
	if *quiet {
		log = nil
	}
	v, err := New(*dir, log)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gresty vendor: %v\n", err)
		return 1
	}
	if *check {
		err = v.Check()
	} else {
		err = v.Ensure(context.Background())
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gresty vendor: %v\n", err)
		return 1
	}
	return 0
}

package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// Options tunes Load beyond the path, prefix and -g string.
type Options struct {
	// Prefix is the nginx prefix (-p); "" means the current directory.
	Prefix string
	// Globals are directives given with -g, parsed before the file at
	// the main level.
	Globals string
	// RegexCompiler replaces DefaultRegexCompiler for this load.
	RegexCompiler RegexCompiler
	// Directives are extra directives for this load, in addition to the
	// built-in and registered ones.
	Directives []DirectiveSpec
	// Variables are variable names the engine provides beyond nginx's
	// own (without "$"); VariablePrefixes are prefixes it handles
	// ("arg_" style). They only matter for nginx's "unknown variable"
	// check.
	Variables        []string
	VariablePrefixes []string
	// DefaultPort is the port of the implicit listen of a server without
	// one; 0 means nginx's rule: 80 when running as root, else 8000.
	DefaultPort int
}

// Load reads the nginx.conf at path (relative paths are taken from the
// prefix, as nginx's -c) with the given prefix (-p) and -g directives, and
// returns the resolved configuration, or the first error nginx would
// report, as an *Error.
func Load(path, prefix, globalDirectives string) (*Config, error) {
	return LoadWith(path, Options{Prefix: prefix, Globals: globalDirectives})
}

// LoadWith is Load with options.
func LoadWith(path string, opts Options) (*Config, error) {
	cfg, err := load(path, opts)
	if err != nil {
		e := asError(err)
		if cfg != nil {
			e.Warnings = cfg.Warnings
		}
		return nil, e
	}
	return cfg, nil
}

func load(path string, opts Options) (*Config, error) {
	prefix := opts.Prefix
	if prefix == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		prefix = wd
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	file := rebasePath(prefix, path)
	cfg := &Config{
		Prefix:     prefix,
		ConfPrefix: filepath.Dir(file) + "/",
		File:       file,
		Main:       newMain(),
	}
	if opts.RegexCompiler == nil {
		opts.RegexCompiler = DefaultRegexCompiler
	}
	p := &parser{
		opts:   opts,
		cfg:    cfg,
		specs:  directiveSpecs(opts.Directives),
		dumped: map[string]bool{},
		vars:   newVarTable(opts),

		luaHandlers: map[*Directive]*LuaHandler{},
	}
	p.sc = &scope{ctx: CtxMain, block: &cfg.Main.Block, seen: map[string]bool{}}

	if opts.Globals != "" {
		p.src = newParamSource(opts.Globals)
		if err := p.parse(parseParam); err != nil {
			return cfg, err
		}
	}
	src, err := p.readFile(file)
	if err != nil {
		return cfg, &Error{
			Diagnostic: Diagnostic{Level: LevelEmerg, Msg: `open() "` + file + `" failed (` + errnoText(err) + ")"},
			Err:        err,
		}
	}
	p.src = src
	if err := p.parse(parseFile); err != nil {
		return cfg, err
	}
	if cfg.Events == nil {
		return cfg, &Error{Diagnostic: Diagnostic{Level: LevelEmerg, Msg: `no "events" section in configuration`}}
	}
	resolveMain(cfg)
	return cfg, nil
}

// asError converts a positioned or plain error to *Error for callers.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Diagnostic: Diagnostic{Level: LevelEmerg, Msg: err.Error()}, Err: err}
}

func newMain() *Main {
	return &Main{
		WorkerProcesses: 1,
		Daemon:          true,
		MasterProcess:   true,
	}
}

// Command gresty runs OpenResty applications without nginx: with nginx's
// command line it serves an nginx.conf; as "gresty resty" (or when invoked
// under the name resty) it runs Lua scripts as OpenResty's resty does; "gresty
// test" runs Test::Nginx suites and "gresty vendor" fetches the pinned
// upstream sources.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	goruntime "runtime"
	"runtime/pprof"
	"strings"

	"gresty/conformance"
	"gresty/ngxshim"
	"gresty/runtime"
	"gresty/runtime/config"
	vendorlua "gresty/vendor-lua"
)

// Version is gresty's own version.
const Version = "0.1.0"

func main() {
	os.Exit(run(os.Args))
}

func run(args []string) int {
	if filepath.Base(args[0]) == "resty" {
		return restyMain(args[1:])
	}
	if len(args) > 1 {
		switch args[1] {
		case "resty":
			return restyMain(args[2:])
		case "test":
			return conformance.Main(args[2:])
		case "vendor":
			return vendorlua.Main(args[2:])
		}
	}
	return nginxMain(args[1:])
}

func nginxMain(args []string) int {
	f, err := parseNginxFlags(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gresty: %v\n", err)
		return 1
	}
	if f.version || f.help {
		fmt.Fprintf(os.Stderr, "gresty version: gresty/%s (nginx/%s, ngx_lua %s)\n", Version, ngxshim.NginxVersionStr, "0.10.23")
		if f.versionFull {
			fmt.Fprintf(os.Stderr, "built with %s (github.com/yuin/gopher-lua v1.1.2)\n", goruntime.Version())
			fmt.Fprintf(os.Stderr, "emulates: nginx %s with lua-nginx-module 0.10.23 (ngx.config.ngx_lua_version %d) on OpenResty's LuaJIT 2.1.0-beta3\n",
				ngxshim.NginxVersionStr, ngxshim.NgxLuaVersion)
			fmt.Fprintf(os.Stderr, "configure arguments:%s\n", ngxshim.NginxConfigure)
		}
		if f.help {
			fmt.Fprint(os.Stderr, usageText())
		}
		if !f.test {
			return 0
		}
	}
	opts := runtime.Options{Prefix: f.prefix, ConfFile: f.conf, Globals: f.globals, ErrorLog: f.errorLog}
	if opts.Prefix == "" {
		opts.Prefix = "."
	}
	if abs, err := filepath.Abs(opts.Prefix); err == nil {
		opts.Prefix = abs
	}
	if !strings.HasSuffix(opts.Prefix, "/") {
		opts.Prefix += "/"
	}
	if opts.ConfFile == "" {
		opts.ConfFile = "conf/nginx.conf"
	}
	if os.Getenv("GRESTY_TEST_MODE") != "" {
		opts.LoopbackOnly = true
	}
	if id := os.Getenv("GRESTY_IDENTITY"); id == "nginx" {
		opts.Product = "nginx/" + ngxshim.NginxVersionStr
	}
	confPath := opts.ConfFile
	if !filepath.IsAbs(confPath) {
		confPath = filepath.Join(opts.Prefix, confPath)
	}
	if f.test {
		cfg, err := runtime.LoadConfig(opts)
		if err != nil {
			runtime.ReportConfigError(opts, err, "gresty", os.Stderr)
			fmt.Fprintf(os.Stderr, "gresty: configuration file %s test failed\n", confPath)
			return 1
		}
		if !f.quiet {
			fmt.Fprintf(os.Stderr, "gresty: the configuration file %s syntax is ok\n", confPath)
			fmt.Fprintf(os.Stderr, "gresty: configuration file %s test is successful\n", confPath)
		}
		if f.dump {
			cfg.Dump(os.Stdout)
		}
		return 0
	}
	if f.signal != "" {
		if err := runtime.SendSignal(opts, f.signal); err != nil {
			fmt.Fprintf(os.Stderr, "gresty: [error] %v\n", err)
			return 1
		}
		return 0
	}
	if path := os.Getenv("GRESTY_CPUPROFILE"); path != "" {
		// Profiling for the benchmarks (docs/PERFORMANCE.md).
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	p, err := runtime.NewProcess(opts)
	if err != nil {
		if errors.As(err, new(*config.Error)) {
			runtime.ReportConfigError(opts, err, "gresty", os.Stderr)
			return 1
		}
		fmt.Fprintf(os.Stderr, "gresty: [emerg] %v\n", err)
		return 1
	}
	if err := p.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "gresty: [alert] %v\n", err)
		return 1
	}
	return 0
}

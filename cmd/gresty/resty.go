package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gresty/runtime"
)

// resty runs Lua code as OpenResty's resty command: in the context of an
// ngx.timer callback of a worker with no listening server, ngx.say and
// ngx.print writing to standard output, the script's arguments in the
// global table arg, and the exit code 0, 1 on an error, or what os.exit or
// ngx.exit gives.

const restyUsage = `gresty resty [options] [lua-file [args]]

Options:
    -c num              set maximal connection count (default: 64).
    -e prog             run the inlined Lua code in "prog".
    --help              print this help.
    --http-conf str     extra nginx.conf lines in the http {} block.
    --http-include path include the file in the http {} block.
    -I dir              add dir to the search paths for Lua libraries.
    --main-conf str     extra nginx.conf lines in the main context.
    --main-include path include the file in the main context.
    --shdict 'NAME SIZE'
                        create a lua_shared_dict zone (can be repeated).
    -V                  print the version and exit.
`

type restyFlags struct {
	progs       []string
	file        string
	args        []string
	incs        []string
	shdicts     []string
	httpConf    []string
	mainConf    []string
	conns       int
	showVersion bool
}

func parseRestyFlags(args []string) (restyFlags, error) {
	f := restyFlags{conns: 64}
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func() (string, error) {
			if j := strings.IndexByte(a, '='); strings.HasPrefix(a, "--") && j > 0 {
				return a[j+1:], nil
			}
			if len(a) > 2 && a[1] != '-' {
				return a[2:], nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("option %s requires an argument", a)
			}
			i++
			return args[i], nil
		}
		name := a
		if j := strings.IndexByte(a, '='); strings.HasPrefix(a, "--") && j > 0 {
			name = a[:j]
		}
		switch {
		case a == "--":
			if i+1 < len(args) {
				f.file, f.args = args[i+1], args[i+2:]
			}
			return f, nil
		case !strings.HasPrefix(a, "-") || a == "-":
			f.file, f.args = a, args[i+1:]
			return f, nil
		case name == "-h" || name == "--help":
			return f, errHelp
		case name == "-V" || name == "-v":
			f.showVersion = true
		case strings.HasPrefix(name, "-e"):
			v, err := val()
			if err != nil {
				return f, err
			}
			f.progs = append(f.progs, v)
		case strings.HasPrefix(name, "-I"):
			v, err := val()
			if err != nil {
				return f, err
			}
			f.incs = append(f.incs, v)
		case strings.HasPrefix(name, "-c"):
			v, err := val()
			if err != nil {
				return f, err
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return f, fmt.Errorf("bad -c value: %s", v)
			}
			f.conns = n
		case name == "--shdict":
			v, err := val()
			if err != nil {
				return f, err
			}
			f.shdicts = append(f.shdicts, v)
		case name == "--http-conf":
			v, err := val()
			if err != nil {
				return f, err
			}
			f.httpConf = append(f.httpConf, v)
		case name == "--http-include":
			v, err := val()
			if err != nil {
				return f, err
			}
			abs, _ := filepath.Abs(v)
			f.httpConf = append(f.httpConf, "include "+abs+";")
		case name == "--main-conf":
			v, err := val()
			if err != nil {
				return f, err
			}
			f.mainConf = append(f.mainConf, v)
		case name == "--main-include":
			v, err := val()
			if err != nil {
				return f, err
			}
			abs, _ := filepath.Abs(v)
			f.mainConf = append(f.mainConf, "include "+abs+";")
		case name == "--nginx" || name == "--ns" || name == "--resolve-ipv6" || name == "-j":
			// Options of resty that have no meaning here; --nginx and
			// -j take a value.
			if name == "--nginx" || name == "-j" {
				if _, err := val(); err != nil {
					return f, err
				}
			}
		default:
			return f, fmt.Errorf("unknown option: %s", a)
		}
	}
	return f, nil
}

var errHelp = fmt.Errorf("help")

func restyMain(args []string) int {
	f, err := parseRestyFlags(args)
	if err == errHelp {
		fmt.Fprint(os.Stdout, restyUsage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%v\n%s", err, restyUsage)
		return 1
	}
	if f.showVersion {
		fmt.Fprintf(os.Stderr, "resty (gresty %s)\n", Version)
		return 0
	}
	if len(f.progs) == 0 && f.file == "" {
		fmt.Fprint(os.Stderr, restyUsage)
		return 1
	}
	prefix, err := os.MkdirTemp("", "gresty-resty-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "ERROR: %v\n", err)
		return 1
	}
	defer os.RemoveAll(prefix)
	os.MkdirAll(filepath.Join(prefix, "logs"), 0o755)
	os.MkdirAll(filepath.Join(prefix, "conf"), 0o755)
	var conf strings.Builder
	conf.WriteString("daemon off;\nmaster_process off;\nworker_processes 1;\nerror_log stderr warn;\n")
	for _, l := range f.mainConf {
		conf.WriteString(l + "\n")
	}
	fmt.Fprintf(&conf, "events {\n    worker_connections %d;\n}\nhttp {\n    access_log off;\n", f.conns)
	if len(f.incs) > 0 {
		var path []string
		for _, dir := range f.incs {
			abs, _ := filepath.Abs(dir)
			path = append(path, abs+"/?.lua", abs+"/?/init.lua")
		}
		fmt.Fprintf(&conf, "    lua_package_path \"%s;;\";\n", strings.Join(path, ";"))
	}
	for _, d := range f.shdicts {
		fmt.Fprintf(&conf, "    lua_shared_dict %s;\n", d)
	}
	for _, l := range f.httpConf {
		conf.WriteString("    " + l + "\n")
	}
	conf.WriteString("}\n")
	if err := os.WriteFile(filepath.Join(prefix, "conf", "nginx.conf"), []byte(conf.String()), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "ERROR: %v\n", err)
		return 1
	}
	script := runtime.Script{Args: f.args}
	for _, p := range f.progs {
		script.Chunks = append(script.Chunks, runtime.ScriptChunk{Source: p, Name: "=(command line -e)"})
	}
	if f.file != "" {
		src, err := os.ReadFile(f.file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ERROR: failed to open %s: %v\n", f.file, err)
			return 1
		}
		script.File = f.file
		script.Chunks = append(script.Chunks, runtime.ScriptChunk{Source: string(src), Name: "@" + f.file})
	}
	return runtime.RunScript(runtime.Options{Prefix: prefix + "/", ConfFile: "conf/nginx.conf"}, script, os.Stdout, os.Stderr)
}

package main

import (
	"fmt"
	"strings"
)

// nginxFlags are nginx's command-line options (ngx_get_options).
type nginxFlags struct {
	help, version, versionFull, test, dump, quiet bool
	signal, prefix, errorLog, conf, globals       string
}

// parseNginxFlags parses args as nginx does: options may be grouped ("-tq"),
// and an option taking a value takes the rest of its word or the next word.
// The error text is nginx's.
func parseNginxFlags(args []string) (nginxFlags, error) {
	var f nginxFlags
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' {
			return f, fmt.Errorf("invalid option: \"%s\"", a)
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			switch c {
			case '?', 'h':
				f.help = true
			case 'v':
				f.version = true
			case 'V':
				f.version, f.versionFull = true, true
			case 't':
				f.test = true
			case 'T':
				f.test, f.dump = true, true
			case 'q':
				f.quiet = true
			case 'p', 'c', 'e', 'g', 's':
				var v string
				if j+1 < len(a) {
					v = a[j+1:]
				} else if i+1 < len(args) {
					i++
					v = args[i]
				} else {
					return f, fmt.Errorf("option \"-%c\" requires %s", c, flagValueName(c))
				}
				switch c {
				case 'p':
					f.prefix = v
				case 'c':
					f.conf = v
				case 'e':
					f.errorLog = v
				case 'g':
					f.globals = v
				case 's':
					switch v {
					case "stop", "quit", "reopen", "reload":
						f.signal = v
					default:
						return f, fmt.Errorf("invalid option: \"-s %s\"", v)
					}
				}
				j = len(a)
			default:
				return f, fmt.Errorf("invalid option: \"%c\"", c)
			}
		}
	}
	return f, nil
}

func flagValueName(c byte) string {
	switch c {
	case 'p':
		return "directory name"
	case 'g':
		return "parameter"
	case 's':
		return "parameter"
	}
	return "file name"
}

const nginxUsage = `Usage: gresty [-?hvVtTq] [-s signal] [-p prefix]
             [-e filename] [-c filename] [-g directives]
       gresty resty [options] [lua-file [args]]
       gresty test [options] PATH...
       gresty vendor [options]

Options:
  -?,-h         : this help
  -v            : show version and exit
  -V            : show version and configure options then exit
  -t            : test configuration and exit
  -T            : test configuration, dump it and exit
  -q            : suppress non-error messages during configuration testing
  -s signal     : send signal to a master process: stop, quit, reopen, reload
  -p prefix     : set prefix path (default: the current directory)
  -e filename   : set error log file (default: logs/error.log)
  -c filename   : set configuration file (default: conf/nginx.conf)
  -g directives : set global directives out of configuration file
`

// usageLines returns the usage text with its first line naming the version.
func usageText() string {
	return strings.TrimLeft(nginxUsage, "\n")
}

package runtime

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"gresty/runtime/config"
)

// ReportConfigError reports a configuration that failed to load, as nginx
// does while it reads one: nginx has no configured error_log yet, so it logs
// to its default log (-e, or logs/error.log under the prefix) in the full
// line format ("2026/11/27 02:33:45 [emerg] 4018#4018: ... in FILE:N"), after
// the warnings it logged on the way, and echoes each line of warn level or
// worse to stderr as "NAME: [level] message". When the default log is stderr
// itself, the full lines are the only ones written.
//
// name is the program name of the stderr lines; stderr receives them.
func ReportConfigError(opts Options, err error, name string, stderr io.Writer) {
	var lines []config.Diagnostic
	var ce *config.Error
	if errors.As(err, &ce) {
		lines = append(lines, ce.Warnings...)
		lines = append(lines, ce.Diagnostic)
	} else {
		lines = append(lines, config.Diagnostic{Level: config.LevelEmerg, Msg: err.Error()})
	}
	log := NewErrorLog()
	defer log.Close()
	toStderr := true
	switch path := defaultLogPath(opts); path {
	case "stderr":
		log.AddWriter(stderr, int(config.LevelDebug))
		toStderr = false
	default:
		// nginx says "could not open error log file" on stderr and goes on
		// with stderr alone; the stderr lines below are written anyway.
		_ = log.AddFile(path, int(config.LevelDebug))
	}
	for _, d := range lines {
		log.Write(int(d.Level), d.String(), LogContext{})
		if toStderr && d.Level <= config.LevelWarn {
			fmt.Fprintf(stderr, "%s: [%s] %s\n", name, d.Level, d.String())
		}
	}
}

// defaultLogPath is the log nginx writes to before its configuration is read:
// -e's target, or logs/error.log under the prefix.
func defaultLogPath(opts Options) string {
	p := opts.ErrorLog
	if p == "" {
		p = "logs/error.log"
	}
	if p != "stderr" && !filepath.IsAbs(p) {
		p = filepath.Join(opts.Prefix, p)
	}
	return p
}

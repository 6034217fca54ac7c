package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"gresty/ngxshim"
	"gresty/runtime/config"
)

// The access log (ngx_http_log_module): one line per request in the log
// format named by access_log, written when the request ends.

// accessLogs are the engine's open access log files by path.
type accessLogs struct {
	mu    sync.Mutex
	files map[string]*accessFile
}

type accessFile struct {
	mu sync.Mutex
	f  *os.File
}

func (a *accessLogs) file(path string) *accessFile {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.files == nil {
		a.files = map[string]*accessFile{}
	}
	af := a.files[path]
	if af == nil {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return nil
		}
		af = &accessFile{f: f}
		a.files[path] = af
	}
	return af
}

func (a *accessLogs) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, af := range a.files {
		af.f.Close()
	}
	a.files = nil
}

// accessLog writes the request's lines to its location's access logs.
func (r *request) accessLog() {
	loc := r.loc
	if loc == nil || loc.AccessLogOff || len(loc.AccessLogs) == 0 {
		return
	}
	for _, al := range loc.AccessLogs {
		if strings.HasPrefix(al.Path, "syslog:") {
			continue
		}
		lf := r.e.cfg.HTTP.LogFormats[al.Format]
		if lf == nil || lf.Format == nil {
			continue
		}
		line := lf.Format.Eval(logVars{r, lf.Escape}) + "\n"
		path := al.Path
		if strings.Contains(path, "$") {
			cv, err := config.ParseComplex(path)
			if err != nil {
				continue
			}
			path = cv.Eval(r)
			if !filepath.IsAbs(path) {
				path = filepath.Join(r.e.cfg.Prefix, path)
			}
		}
		af := r.e.access.file(path)
		if af == nil {
			continue
		}
		af.mu.Lock()
		af.f.WriteString(line)
		af.mu.Unlock()
	}
}

// logVars resolves variables for a log format: empty values are written as
// "-" and values are escaped as the format's escape= says.
type logVars struct {
	*request
	escape string
}

func (l logVars) Var(name string) (string, bool) {
	v, ok := l.request.Var(name)
	if !ok || v == "" {
		if l.escape == "json" {
			return "", true
		}
		return "-", true
	}
	return escapeLogValue(v, l.escape), true
}

// escapeLogValue escapes a value as nginx's log module: "default" writes
// '"', '\' and bytes outside 0x20-0x7e as \xHH; "json" as JSON string
// escapes; "none" leaves it.
func escapeLogValue(v, mode string) string {
	switch mode {
	case "none":
		return v
	case "json":
		return ngxshim.JSONEscape(v)
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '"' || c == '\\' || c < 0x20 || c > 0x7e {
			const hex = "0123456789ABCDEF"
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

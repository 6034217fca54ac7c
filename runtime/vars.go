package runtime

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
	"gresty/runtime/config"
)

// nginx variables for scripts (set, if, return, rewrite), log formats and
// ngx.var. The request implements config.ScriptContext.

// scriptCtx is the request as a rewrite-module script sees it.
type scriptCtx struct{ *request }

var _ config.ScriptContext = scriptCtx{}

// SetVar implements config.ScriptContext.
func (s scriptCtx) SetVar(name, value string) {
	delete(s.unset, name)
	s.setVar(name, value)
}

// Var implements config.VarResolver.
func (r *request) Var(name string) (string, bool) {
	if v, ok := r.vars[name]; ok {
		return v, true
	}
	if r.unset[name] || r.e.cfg.HTTP.Declared(name) {
		return "", false
	}
	if fn := builtinVars[name]; fn != nil {
		return fn(r)
	}
	switch {
	case strings.HasPrefix(name, "arg_"):
		return argValue(r.args, name[4:])
	case strings.HasPrefix(name, "http_"):
		return r.headerVar(name[5:])
	case strings.HasPrefix(name, "sent_http_"):
		vals := respHeader{r}.Get(strings.ReplaceAll(name[10:], "_", "-"))
		if len(vals) == 0 {
			return "", false
		}
		return strings.Join(vals, ", "), true
	case strings.HasPrefix(name, "cookie_"):
		return r.cookieVar(name[7:])
	}
	if n, err := strconv.Atoi(name); err == nil {
		return r.Capture(n)
	}
	return "", false
}

// Capture implements config.VarResolver.
func (r *request) Capture(n int) (string, bool) {
	if r.captures == nil {
		return "", false
	}
	return r.captures.Group(n)
}

// setVar assigns a variable.
func (r *request) setVar(name, value string) {
	switch name {
	case "args", "query_string":
		r.args = value
		return
	case "uri":
		r.uri = value
		return
	}
	if r.vars == nil {
		r.vars = map[string]string{}
	}
	r.vars[name] = value
}

// SetVar implements ngxshim.Request: ngx.var may assign the variables the
// configuration declares and nginx's changeable built-ins.
func (r *request) SetVar(name, value string, unset bool) error {
	switch name {
	case "args", "query_string", "limit_rate":
		r.setVar(name, value)
		return nil
	}
	if builtinVars[name] != nil || strings.HasPrefix(name, "arg_") || strings.HasPrefix(name, "http_") ||
		strings.HasPrefix(name, "cookie_") || strings.HasPrefix(name, "sent_http_") {
		if _, declared := r.vars[name]; !declared && !r.e.cfg.HTTP.Declared(name) {
			return fmt.Errorf("variable \"%s\" not changeable", name)
		}
	}
	if _, ok := r.vars[name]; !ok && !r.e.cfg.HTTP.Declared(name) {
		return fmt.Errorf("variable \"%s\" not found for writing; maybe it is a built-in variable that is not changeable or you forgot to use \"set $%s '';\" in the config file to define it first", name, name)
	}
	if unset {
		delete(r.vars, name)
		if r.unset == nil {
			r.unset = map[string]bool{}
		}
		r.unset[name] = true
		return nil
	}
	r.setVar(name, value)
	return nil
}

// URI implements config.ScriptContext.
func (r *request) URI() string { return r.uri }

// SetURI implements config.ScriptContext.
func (r *request) SetURI(uri string) { r.uri = uri }

// Args implements config.ScriptContext.
func (r *request) Args() string { return r.args }

// SetArgs implements config.ScriptContext.
func (r *request) SetArgs(args string) { r.args = args }

// SetCaptures implements config.ScriptContext.
func (r *request) SetCaptures(c *config.Captures) { r.captures = c }

// QuotedURI implements config.ScriptContext.
func (r *request) QuotedURI() bool {
	path, _, _ := strings.Cut(r.hr.RequestURI(), "?")
	return strings.ContainsAny(path, "%+")
}

// Stat implements config.ScriptContext.
func (r *request) Stat(path string) config.FileInfo {
	fi, err := os.Stat(path)
	if err != nil {
		return config.FileInfo{}
	}
	return config.FileInfo{Exists: true, IsDir: fi.IsDir(), Executable: fi.Mode()&0o111 != 0}
}

// SetByLua implements config.ScriptContext: set_by_lua runs in the set
// phase, cannot block, and returns the variable's value.
func (r *request) SetByLua(h *config.LuaHandler, args []string) (string, error) {
	largs := make([]lua.LValue, len(args))
	for i, a := range args {
		largs[i] = lua.LString(a)
	}
	pr, err := r.e.protos.proto(h, func() string { return h.File.Eval(r) }, r.loc.Lua.CodeCache)
	if err != nil {
		r.logErr(err.Error())
		return "", err
	}
	w := r.w
	saved, savedArg := r.ctx.Phase, r.ctx.Arg
	r.ctx.Phase, r.ctx.Arg = ngxshim.PhaseSet, largs
	w.b.take()
	r.inLua++
	fn := w.handlerFunc(pr, r.env)
	res := w.runLabeled(&r.ctx, kindEntry, r.logContext, "failed to run set_by_lua*", fn, nil)
	r.inLua--
	w.b.give()
	r.ctx.Phase, r.ctx.Arg = saved, savedArg
	if res.Err != nil {
		return "", res.Err
	}
	if len(res.Results) == 0 {
		return "", nil
	}
	return lua.LVAsString(res.Results[0]), nil
}

// headerVar is $http_NAME: the request header, several joined with ", "
// (nginx 1.22 joins all, "; " for Cookie).
func (r *request) headerVar(name string) (string, bool) {
	var vals []string
	for _, h := range r.hr.Headers() {
		if headerNameMatches(h.Name, name) {
			vals = append(vals, string(h.Value))
		}
	}
	if len(vals) == 0 {
		return "", false
	}
	sep := ", "
	if name == "cookie" {
		sep = "; "
	}
	return strings.Join(vals, sep), true
}

// headerNameMatches compares a header name with a variable suffix, where
// "_" stands for "-" and case does not matter.
func headerNameMatches(header []byte, v string) bool {
	if len(header) != len(v) {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := header[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		} else if c == '-' {
			c = '_'
		}
		if c != v[i] {
			return false
		}
	}
	return true
}

// cookieVar is $cookie_NAME.
func (r *request) cookieVar(name string) (string, bool) {
	for _, h := range r.hr.Headers() {
		if !headerNameMatches(h.Name, "cookie") {
			continue
		}
		for _, part := range strings.Split(string(h.Value), ";") {
			k, v, ok := strings.Cut(strings.TrimLeft(part, " "), "=")
			if ok && strings.EqualFold(k, name) {
				return v, true
			}
		}
	}
	return "", false
}

// argValue is $arg_NAME: the first argument of that name (case-insensitive),
// not unescaped.
func argValue(args, name string) (string, bool) {
	for args != "" {
		var part string
		part, args, _ = strings.Cut(args, "&")
		k, v, _ := strings.Cut(part, "=")
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// builtinVars are nginx's variables that do not take a name suffix.
var builtinVars = map[string]func(r *request) (string, bool){
	"uri":          func(r *request) (string, bool) { return r.uri, true },
	"document_uri": func(r *request) (string, bool) { return r.uri, true },
	"request_uri":  func(r *request) (string, bool) { return r.hr.RequestURI(), true },
	"args":         func(r *request) (string, bool) { return r.args, r.args != "" },
	"query_string": func(r *request) (string, bool) { return r.args, r.args != "" },
	"is_args": func(r *request) (string, bool) {
		if r.args != "" {
			return "?", true
		}
		return "", true
	},
	"request_method":  func(r *request) (string, bool) { return r.hr.Method(), true },
	"request":         func(r *request) (string, bool) { return r.hr.RequestLine(), true },
	"server_protocol": func(r *request) (string, bool) { return r.hr.Protocol(), true },
	"scheme":          func(r *request) (string, bool) { return r.hr.Schema(), true },
	"https":           func(r *request) (string, bool) { return "", true },
	"host": func(r *request) (string, bool) {
		if h := r.hr.Host(); h != "" {
			return h, true
		}
		return r.serverName(), true
	},
	"hostname":    func(r *request) (string, bool) { h, _ := os.Hostname(); return h, true },
	"server_name": func(r *request) (string, bool) { return r.serverName(), true },
	"remote_addr": func(r *request) (string, bool) { return r.hr.Conn().RemoteAddr(), true },
	"remote_port": func(r *request) (string, bool) { return r.hr.Conn().RemotePort(), true },
	"binary_remote_addr": func(r *request) (string, bool) {
		ip := net.ParseIP(r.hr.Conn().RemoteAddr())
		if ip4 := ip.To4(); ip4 != nil {
			return string(ip4), true
		}
		return string(ip), ip != nil
	},
	"server_addr": func(r *request) (string, bool) { return r.hr.Conn().ServerAddr(), true },
	"server_port": func(r *request) (string, bool) { return r.hr.Conn().ServerPort(), true },
	"status": func(r *request) (string, bool) {
		st := r.hr.Out.Status
		if st == 0 {
			return "000", true
		}
		return strconv.Itoa(st), true
	},
	"request_length":  func(r *request) (string, bool) { return strconv.FormatInt(r.hr.RequestLength(), 10), true },
	"bytes_sent":      func(r *request) (string, bool) { return strconv.FormatInt(r.hr.BytesSent(), 10), true },
	"body_bytes_sent": func(r *request) (string, bool) { return strconv.FormatInt(r.hr.BodyBytesSent(), 10), true },
	"request_time": func(r *request) (string, bool) {
		d := time.Since(r.hr.StartTime())
		return strconv.FormatFloat(float64(d.Milliseconds())/1000, 'f', 3, 64), true
	},
	"msec": func(r *request) (string, bool) {
		return strconv.FormatFloat(float64(time.Now().UnixMilli())/1000, 'f', 3, 64), true
	},
	"time_local":   func(r *request) (string, bool) { return time.Now().Format("02/Jan/2006:15:04:05 -0700"), true },
	"time_iso8601": func(r *request) (string, bool) { return time.Now().Format("2006-01-02T15:04:05-07:00"), true },
	"content_length": func(r *request) (string, bool) {
		if v := r.hr.Header("content-length"); v != nil {
			return string(v), true
		}
		return "", false
	},
	"content_type": func(r *request) (string, bool) {
		if v := r.hr.Header("content-type"); v != nil {
			return string(v), true
		}
		return "", false
	},
	"nginx_version":       func(r *request) (string, bool) { return ngxshim.NginxVersionStr, true },
	"pid":                 func(r *request) (string, bool) { return strconv.Itoa(os.Getpid()), true },
	"connection":          func(r *request) (string, bool) { return strconv.FormatUint(r.hr.Conn().Serial(), 10), true },
	"connection_requests": func(r *request) (string, bool) { return strconv.Itoa(r.hr.Conn().Requests()), true },
	"document_root": func(r *request) (string, bool) {
		root, _ := r.root()
		return root, true
	},
	"realpath_root": func(r *request) (string, bool) {
		root, _ := r.root()
		p, err := filepath.EvalSymlinks(root)
		if err != nil {
			return "", false
		}
		return p, true
	},
	"request_filename": func(r *request) (string, bool) { return r.filename(r.uri), true },
	"request_completion": func(r *request) (string, bool) {
		if r.eof {
			return "OK", true
		}
		return "", true
	},
}

// root returns the location's root (or alias) directory and whether it is
// an alias.
func (r *request) root() (string, bool) {
	if r.loc.Root == nil {
		return filepath.Join(r.e.cfg.Prefix, "html"), false
	}
	p := r.loc.Root.Eval(r)
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.e.cfg.Prefix, p)
	}
	return p, r.loc.Alias
}

// filename maps a URI to a file as nginx's ngx_http_map_uri_to_path.
func (r *request) filename(uri string) string {
	root, alias := r.root()
	if alias && r.loc.Kind != config.LocRegex && r.loc.Kind != config.LocRegexCaseless {
		return root + strings.TrimPrefix(uri, r.loc.Name)
	}
	if alias {
		return root
	}
	return root + uri
}

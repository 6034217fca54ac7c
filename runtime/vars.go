package runtime

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/ngxshim"
	"gresty/runtime/config"
)

// nginx variables for scripts (set, if, return, rewrite), log formats and
// ngx.var. The request implements config.ScriptContext.

// varStore holds a request's assigned variables; a subrequest issued with
// share_all_vars uses its parent's store.
type varStore struct {
	mu sync.Mutex
	m  map[string]varValue
}

// varValue is an assigned variable; notFound marks one ngx.var set to nil.
type varValue struct {
	v        string
	notFound bool
}

func (s *varStore) get(name string) (varValue, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[name]
	return v, ok
}

func (s *varStore) set(name string, v varValue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]varValue{}
	}
	s.m[name] = v
}

// clone returns a copy (copy_all_vars).
func (s *varStore) clone() *varStore {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &varStore{m: make(map[string]varValue, len(s.m))}
	for k, v := range s.m {
		c.m[k] = v
	}
	return c
}

// scriptCtx is the request as a rewrite-module script sees it.
type scriptCtx struct{ *request }

var _ config.ScriptContext = scriptCtx{}

// SetVar implements config.ScriptContext.
func (s scriptCtx) SetVar(name, value string) {
	s.setVar(name, value)
}

// Var implements config.VarResolver.
func (r *request) Var(name string) (string, bool) {
	if v, ok := r.vars.get(name); ok {
		return v.v, !v.notFound
	}
	if r.e.cfg.HTTP.Declared(name) && builtinVars[name] == nil && echoVars[name] == nil {
		return "", false
	}
	if fn := builtinVars[name]; fn != nil {
		return fn(r)
	}
	if fn := echoVars[name]; fn != nil {
		return fn(r)
	}
	switch {
	case strings.HasPrefix(name, "arg_"):
		return argValue(r.args, name[4:])
	case strings.HasPrefix(name, "http_"):
		return r.headerVar(name[5:])
	case strings.HasPrefix(name, "sent_http_"):
		return r.sentHeaderVar(name[10:])
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
	case "args":
		r.args = value
		return
	}
	r.vars.set(name, varValue{v: value})
}

// SetVar implements ngxshim.Request: ngx.var may assign the variables the
// configuration declares and nginx's changeable built-ins ($args,
// $limit_rate); the other built-ins are not changeable.
func (r *request) SetVar(name, value string, unset bool) error {
	switch name {
	case "args":
		r.args = value
		return nil
	case "limit_rate":
		r.vars.set(name, varValue{v: value})
		return nil
	}
	if r.e.cfg.HTTP.Declared(name) {
		r.vars.set(name, varValue{v: value, notFound: unset})
		return nil
	}
	if knownVar(name) {
		return fmt.Errorf("variable \"%s\" not changeable", name)
	}
	return fmt.Errorf("variable \"%s\" not found for writing; maybe it is a built-in variable that is not changeable or you forgot to use \"set $%s '';\" in the config file to define it first", name, name)
}

// knownVar reports whether nginx knows name as a variable of its own
// (rather than one of the prefixed families, arg_ and the like).
func knownVar(name string) bool {
	if builtinVars[name] != nil || echoVars[name] != nil {
		return true
	}
	switch name {
	case "http_host", "http_user_agent", "http_referer", "http_via", "http_x_forwarded_for",
		"http_cookie", "sent_http_content_type", "sent_http_content_length", "sent_http_location",
		"sent_http_last_modified", "sent_http_connection", "sent_http_keep_alive",
		"sent_http_transfer_encoding", "sent_http_cache_control", "sent_http_link":
		return true
	}
	return false
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
	pr, err := r.e.protos.proto(h, func() string { return r.luaFilePath(h) }, r.loc.Lua.CodeCache)
	if err != nil {
		r.logErr(err.Error())
		return "", err
	}
	w := r.vm()
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
	return lua51compat.ToString(res.Results[0]), nil
}

// headerVar is $http_NAME: the first request header of that name; nginx
// 1.22 joins the values of Cookie ("; ") and X-Forwarded-For (", ").
func (r *request) headerVar(name string) (string, bool) {
	sep := ""
	switch name {
	case "cookie":
		sep = "; "
	case "x_forwarded_for":
		sep = ", "
	}
	var vals []string
	found := false
	r.eachHeaderIn(name, func(v string) bool {
		found = true
		vals = append(vals, v)
		return sep != ""
	})
	if !found {
		return "", false
	}
	return strings.Join(vals, sep), true
}

// eachHeaderIn calls fn with the value of each request header whose name
// matches the variable suffix name ("_" for "-", any case), in order,
// while fn returns true.
func (r *request) eachHeaderIn(name string, fn func(value string) bool) {
	if r.in.own {
		for _, h := range r.in.headers {
			if headerNameMatches(h.Name, name) && !fn(h.Value) {
				return
			}
		}
		return
	}
	for _, h := range r.hr.Headers() {
		if headerNameMatchesBytes(h.Name, name) && !fn(string(h.Value)) {
			return
		}
	}
}

// sentHeaderVar is $sent_http_NAME: the response header as it stands.
func (r *request) sentHeaderVar(name string) (string, bool) {
	out := r.out()
	switch name {
	case "content_type":
		if out.ContentType == "" {
			return "", false
		}
		return out.ContentType, true
	case "content_length":
		if out.ContentLength >= 0 && !out.ContentLengthInHeaders {
			return strconv.FormatInt(out.ContentLength, 10), true
		}
	case "connection":
		if !r.headerSent() || r.sub != nil {
			return "", false
		}
		if r.hr.Keepalive() {
			return "keep-alive", true
		}
		return "close", true
	case "transfer_encoding":
		if r.sub == nil && r.hr.HeaderSent() && r.hr.ResponseChunked() {
			return "chunked", true
		}
		return "", false
	case "cache_control", "link":
		// nginx keeps these as lists and joins them
		var vals []string
		for _, f := range out.Headers {
			if headerNameMatches(f.Name, name) {
				vals = append(vals, f.Value)
			}
		}
		if len(vals) == 0 {
			return "", false
		}
		return strings.Join(vals, ", "), true
	}
	for _, f := range out.Headers {
		if headerNameMatches(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// headerNameMatchesBytes is headerNameMatches for a name as received.
func headerNameMatchesBytes(header []byte, v string) bool {
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

// headerNameMatches compares a header name with a variable suffix, where
// "_" stands for "-" and case does not matter.
func headerNameMatches(header string, v string) bool {
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
	var val string
	found := false
	r.eachHeaderIn("cookie", func(v string) bool {
		for _, part := range strings.Split(v, ";") {
			k, cv, ok := strings.Cut(strings.TrimLeft(part, " "), "=")
			if ok && strings.EqualFold(k, name) {
				val, found = cv, true
				return false
			}
		}
		return true
	})
	return val, found
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

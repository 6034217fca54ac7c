package ngxshim

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// ngx.exec and ngx.redirect (ngx_http_lua_control.c).

// Phases where ngx.exec and ngx.redirect are allowed.
const phasesRedirect = PhaseRewrite | PhaseServerRewrite | PhaseAccess | PhaseContent

func (a *api) exec(L *lua.LState) int {
	n := L.GetTop()
	if n != 1 && n != 2 {
		raiseC(L, "expecting one or two arguments, but got %d", n)
	}
	c, r := a.request(L)
	uri := L.CheckString(1)
	if uri == "" {
		raiseC(L, "The uri argument is empty")
	}
	phaseCheck(L, c, phasesRedirect)
	checkAbortable(L, r)
	uri, args, ok := parseUnsafeURI(uri)
	if !ok {
		a.h.Log(L, LogErr, "unsafe URI \""+uri+"\" was detected")
		raiseC(L, "unsafe uri")
	}
	if n == 2 {
		var user string
		switch v := L.Get(2).(type) {
		case lua.LString:
			user = string(v)
		case lua.LNumber:
			user = string(appendNumber(nil, float64(v)))
		case *lua.LTable:
			user = encodeArgs(L, v, 2, "exec")
		case *lua.LNilType:
		default:
			argError(L, 2, "exec", "string, number, or table expected, but got "+v.Type().String())
		}
		if user != "" {
			if args == "" {
				args = user
			} else {
				args += "&" + user
			}
		}
	}
	if r.HeadersSent() {
		raiseC(L, "attempt to call ngx.exec after sending out response headers")
	}
	r.Exec(uri, args)
	a.h.Exit(L)
	return 0
}

// parseUnsafeURI is ngx_http_parse_unsafe_uri: it splits off the query
// string and refuses a URI that is empty, starts with "?" or "../", holds a
// NUL or a "/../" segment. On refusal it returns the URI as it stands.
func parseUnsafeURI(uri string) (path, args string, ok bool) {
	if uri == "" || uri[0] == '?' {
		return uri, "", false
	}
	if len(uri) > 1 && uri[0] == '.' && uri[1] == '.' && (len(uri) == 2 || uri[2] == '/') {
		return uri, "", false
	}
	for i := 0; i < len(uri); i++ {
		switch c := uri[i]; {
		case c == '?':
			if strings.IndexByte(uri[i+1:], 0) >= 0 {
				return uri[:i], "", false
			}
			return uri[:i], uri[i+1:], true
		case c == 0:
			return uri, "", false
		case c == '/':
			// nginx looks for ".." after a slash only when three more
			// bytes follow
			rest := uri[i+1:]
			if len(rest) > 2 && rest[0] == '.' && rest[1] == '.' && (len(rest) == 3 || rest[2] == '/') {
				return uri, "", false
			}
		}
	}
	return uri, "", true
}

// unsafeURI reports whether ngx_http_parse_unsafe_uri refuses uri (which
// has no query string).
func unsafeURI(uri string) bool {
	_, _, ok := parseUnsafeURI(uri)
	return !ok
}

func (a *api) redirect(L *lua.LState) int {
	n := L.GetTop()
	if n != 1 && n != 2 {
		raiseC(L, "expecting one or two arguments")
	}
	uri := L.CheckString(1)
	status := 302
	if n == 2 {
		status = int(checkNumber(L, 2, "redirect"))
		switch status {
		case 301, 302, 303, 307, 308:
		default:
			raiseC(L, "only ngx.HTTP_MOVED_TEMPORARILY, ngx.HTTP_MOVED_PERMANENTLY, ngx.HTTP_PERMANENT_REDIRECT, ngx.HTTP_SEE_OTHER, and ngx.HTTP_TEMPORARY_REDIRECT are allowed")
		}
	}
	c, r := a.request(L)
	phaseCheck(L, c, phasesRedirect)
	checkAbortable(L, r)
	if r.HeadersSent() {
		raiseC(L, "attempt to call ngx.redirect after sending out the headers")
	}
	for i := 0; i < len(uri); i++ {
		if b := uri[i]; b < 0x20 || b == 0x7f {
			raiseC(L, "unsafe byte \"0x%02x\" in redirect uri \"%s\"", b, escapeLog(uri))
		}
	}
	r.Header().Set("Location", []string{uri})
	r.SetStatus(status)
	r.Exit(status)
	a.h.Exit(L)
	return 0
}

// escapeLog renders control bytes, '"', '\\' and bytes from 0x7f up as
// \xHH, as ngx_http_lua_escape_log.
func escapeLog(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '\\' || c == '"' {
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

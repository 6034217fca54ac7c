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
		L.RaiseError("expecting one or two arguments, but got %d", n)
	}
	c, r := a.request(L)
	uri := L.CheckString(1)
	if uri == "" {
		L.RaiseError("The uri argument is empty")
	}
	checkPhase(L, c, phasesRedirect)
	var args string
	if i := strings.IndexByte(uri, '?'); i >= 0 && uri[0] != '@' {
		uri, args = uri[:i], uri[i+1:]
	}
	if unsafeURI(uri) {
		L.RaiseError("unsafe uri")
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
		L.RaiseError("attempt to call ngx.exec after sending out response headers")
	}
	r.Exec(uri, args)
	a.h.Exit(L)
	return 0
}

// unsafeURI is ngx_http_parse_unsafe_uri's refusal of ".." segments and
// NUL bytes (the query part is already cut off).
func unsafeURI(uri string) bool {
	if strings.IndexByte(uri, 0) >= 0 {
		return true
	}
	if uri == ".." || strings.HasPrefix(uri, "../") || strings.HasSuffix(uri, "/..") || strings.Contains(uri, "/../") {
		return true
	}
	return false
}

func (a *api) redirect(L *lua.LState) int {
	n := L.GetTop()
	if n != 1 && n != 2 {
		L.RaiseError("expecting one or two arguments")
	}
	uri := L.CheckString(1)
	status := 302
	if n == 2 {
		status = int(checkNumber(L, 2, "redirect"))
		switch status {
		case 301, 302, 303, 307, 308:
		default:
			L.RaiseError("only ngx.HTTP_MOVED_TEMPORARILY, ngx.HTTP_MOVED_PERMANENTLY, ngx.HTTP_PERMANENT_REDIRECT, ngx.HTTP_SEE_OTHER, and ngx.HTTP_TEMPORARY_REDIRECT are allowed")
		}
	}
	c, r := a.request(L)
	checkPhase(L, c, phasesRedirect)
	if r.HeadersSent() {
		L.RaiseError("attempt to call ngx.redirect after sending out the headers")
	}
	for i := 0; i < len(uri); i++ {
		if b := uri[i]; b < 0x20 || b == 0x7f {
			L.RaiseError("unsafe byte \"0x%02x\" in redirect uri \"%s\"", b, escapeLog(uri))
		}
	}
	r.Header().Set("Location", []string{uri})
	r.SetStatus(status)
	r.Exit(status)
	a.h.Exit(L)
	return 0
}

// escapeLog renders bytes below 0x20 and above 0x7e as \xHH, as
// ngx_http_lua_escape_log.
func escapeLog(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '\\' {
			const hex = "0123456789abcdef"
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

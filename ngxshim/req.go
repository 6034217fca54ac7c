package ngxshim

import (
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// ngx.req: the client request (method, URI, arguments, header, body) as
// ngx_lua and resty.core's request module give it to Lua.

// HeaderLine is one header line: its name as written and its value.
type HeaderLine struct {
	Name, Value string
}

// RequestIn is the client request of a Request as ngx.req sees and changes
// it; the engine's requests implement it.
type RequestIn interface {
	// Method is the request method (ngx.req.get_method).
	Method() string
	// SetMethod replaces the method (ngx.req.set_method).
	SetMethod(name string)
	// HeadersIn returns the request header lines in order.
	HeadersIn() []HeaderLine
	// RawHeader is ngx.req.raw_header(noRequestLine).
	RawHeader(noRequestLine bool) []byte
	// HTTPVersion is nginx's r->http_version (9, 1000, 1001, 2000).
	HTTPVersion() int
	// StartTime is when the request began.
	StartTime() time.Time
	// IsSubrequest reports whether the request is a subrequest.
	IsSubrequest() bool
	// URIArgs and SetURIArgs get and replace $args.
	URIArgs() string
	SetURIArgs(args string)
	// CurrentURI is $uri; SetRequestURI replaces it (ngx.req.set_uri), and
	// with jump the location is searched again once the handler unwinds.
	CurrentURI() string
	SetRequestURI(uri string, jump bool)
}

// Methods ngx.req.set_method and ngx.location.capture's method option take
// (ngx.HTTP_GET ...), by number.
var methodNames = map[int]string{
	0x0002: "GET", 0x0004: "HEAD", 0x0008: "POST", 0x0010: "PUT", 0x0020: "DELETE",
	0x0040: "MKCOL", 0x0080: "COPY", 0x0100: "MOVE", 0x0200: "OPTIONS", 0x0400: "PROPFIND",
	0x0800: "PROPPATCH", 0x1000: "LOCK", 0x2000: "UNLOCK", 0x4000: "PATCH", 0x8000: "TRACE",
}

// maxHeadersDefault is NGX_HTTP_LUA_MAX_HEADERS: what get_headers returns
// when not told.
const maxHeadersDefault = 100

// openRequestAPI installs ngx.req, ngx.resp, ngx.location and ngx.on_abort.
func (a *api) openRequestAPI(L *lua.LState) {
	req, ok := a.ngx.RawGetString("req").(*lua.LTable)
	if !ok {
		req = L.NewTable()
		a.ngx.RawSetString("req", req)
	}
	hmt := L.NewTable()
	hmt.RawSetString("__index", L.NewFunction(reqHeadersIndex))
	L.SetFuncs(req, map[string]lua.LGFunction{
		"get_headers":   func(L *lua.LState) int { return a.reqGetHeaders(L, hmt) },
		"get_method":    a.reqGetMethod,
		"set_method":    a.reqSetMethod,
		"get_uri_args":  a.reqGetURIArgs,
		"set_uri_args":  a.reqSetURIArgs,
		"get_post_args": a.reqGetPostArgs,
		"set_uri":       a.reqSetURI,
		"set_header":    a.reqSetHeader,
		"clear_header":  a.reqClearHeader,
		"raw_header":    a.reqRawHeader,
		"http_version":  a.reqHTTPVersion,
		"start_time":    a.reqStartTime,
		"is_internal":   a.reqIsInternal,
	})
	L.SetFuncs(req, a.reqBodyFuncs())
	a.openResp(L)
	a.openLocation(L)
	a.ngx.RawSetString("on_abort", L.NewFunction(a.onAbort))
}

// ffiRequest returns L's request for a function resty.core implements:
// "no request found" without one, "API disabled in the current context"
// (at the caller) where ngx_lua has only a fake request (timers,
// init_worker).
func (a *api) ffiRequest(L *lua.LState) Request {
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		L.Error(lua.LString("no request found"), 0)
	}
	if c.Req == nil {
		raiseAt(L, 1, "API disabled in the current context")
	}
	return c.Req
}

// cRequest is ffiRequest for a function ngx_lua implements in C, whose
// message without a request is noReq.
func (a *api) cRequest(L *lua.LState, noReq string) Request {
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		raiseC(L, "%s", noReq)
	}
	if c.Req == nil {
		raiseC(L, "API disabled in the current context")
	}
	return c.Req
}

// requestIn returns the RequestIn of r, raising when the engine has none.
func requestIn(L *lua.LState, r Request) RequestIn {
	in, ok := r.(RequestIn)
	if !ok {
		raiseC(L, "API disabled in the current context")
	}
	return in
}

func (a *api) reqGetMethod(L *lua.LState) int {
	in := requestIn(L, a.ffiRequest(L))
	L.Push(lua.LString(in.Method()))
	return 1
}

func (a *api) reqSetMethod(L *lua.LState) int {
	r := a.ffiRequest(L)
	n, ok := L.Get(1).(lua.LNumber)
	if !ok {
		raiseAt(L, 1, "bad method number")
	}
	name, ok := methodNames[int(n)]
	if !ok || float64(n) != float64(int(n)) {
		raiseAt(L, 1, "unsupported HTTP method: "+lua51compat.ToString(n))
	}
	requestIn(L, r).SetMethod(name)
	return 0
}

func (a *api) reqGetURIArgs(L *lua.LState) int {
	in := requestIn(L, a.ffiRequest(L))
	max := -1
	if v, ok := L.Get(1).(lua.LNumber); ok {
		max = int(v)
	} else if L.Get(1) != lua.LNil {
		max = int(checkNumber(L, 1, "get_uri_args"))
	}
	tab, _ := L.Get(2).(*lua.LTable)
	if tab != nil {
		clearTable(tab)
	}
	t, truncated := uriArgsTable(L, in.URIArgs(), max, tab)
	if truncated {
		a.h.Log(L, LogDebug, "lua hit query args limit "+strconv.Itoa(effectiveMax(max)))
	}
	L.Push(t)
	if truncated {
		L.Push(lua.LString("truncated"))
		return 2
	}
	return 1
}

// effectiveMax is the argument limit a max option stands for.
func effectiveMax(max int) int {
	if max < 0 {
		return maxArgsDefault
	}
	return max
}

// clearTable is table.clear.
func clearTable(t *lua.LTable) {
	var keys []lua.LValue
	t.ForEach(func(k, _ lua.LValue) { keys = append(keys, k) })
	for _, k := range keys {
		t.RawSet(k, lua.LNil)
	}
}

// uriArgsTable parses $args as ngx_http_lua_ffi_req_get_uri_args: the
// pairs are counted by their separators first, and past max (-1: 100, 0:
// no limit) the result is truncated; empty keys are dropped without
// counting.
func uriArgsTable(L *lua.LState, args string, max int, t *lua.LTable) (*lua.LTable, bool) {
	if max < 0 {
		max = maxArgsDefault
	}
	if t == nil {
		t = L.NewTable()
	}
	count := strings.Count(args, "&")
	if count > 0 {
		count++
	} else if args != "" {
		count = 1
	}
	truncated := false
	if max > 0 && count > max {
		count, truncated = max, true
	}
	add := func(k string, v lua.LValue) {
		key := lua.LString(k)
		switch old := t.RawGet(key).(type) {
		case *lua.LNilType:
			t.RawSet(key, v)
		case *lua.LTable:
			old.RawSetInt(old.Len()+1, v)
		default:
			list := L.CreateTable(4, 0)
			list.RawSetInt(1, old)
			list.RawSetInt(2, v)
			t.RawSet(key, list)
		}
	}
	n := 0
	for rest := args; n < count; {
		pair, more, found := strings.Cut(rest, "&")
		k, v, hasValue := strings.Cut(pair, "=")
		if key := unescapeURIComponent(k); key != "" {
			if hasValue {
				add(key, lua.LString(unescapeURIComponent(v)))
			} else {
				add(key, lua.LTrue)
			}
			n++
		}
		if !found {
			break
		}
		rest = more
	}
	return t, truncated
}

func (a *api) reqSetURIArgs(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		raiseC(L, "expecting 1 argument but seen %d", n)
	}
	in := requestIn(L, a.cRequest(L, "no request object found"))
	var args string
	switch v := L.Get(1).(type) {
	case lua.LNumber:
		args = lua51compat.ToString(v)
	case lua.LString:
		args = escapeArgsBytes(string(v))
	case *lua.LTable:
		args = encodeArgs(L, v, 1, "set_uri_args")
	default:
		argError(L, 1, "set_uri_args", "string, number, or table expected, but got "+v.Type().String())
	}
	in.SetURIArgs(args)
	return 0
}

// escapeArgsBytes escapes control bytes, space and DEL as
// ngx_http_lua_escape_args does for ngx.req.set_uri_args.
func escapeArgsBytes(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c == 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (a *api) reqGetPostArgs(L *lua.LState) int {
	n := L.GetTop()
	if n != 0 && n != 1 {
		raiseC(L, "expecting 0 or 1 arguments but seen %d", n)
	}
	max := maxArgsDefault
	if n == 1 {
		max = checkCInt(L, 1)
	}
	r := a.cRequest(L, "no request object found")
	body, ok := r.(RequestBody)
	if !ok {
		raiseC(L, "API disabled in the current context")
	}
	read, discarded := body.BodyState()
	switch {
	case discarded:
		L.Push(L.NewTable())
		return 1
	case !read:
		raiseC(L, "no request body found; maybe you should turn on lua_need_request_body?")
	case body.BodyFile() != "":
		L.Push(lua.LNil)
		L.Push(lua.LString("request body in temp file not supported"))
		return 2
	}
	t, truncated := decodeArgsTable(L, string(body.BodyData()), max)
	if truncated {
		a.h.Log(L, LogDebug, "lua hit query args limit "+strconv.Itoa(max))
	}
	L.Push(t)
	if truncated {
		L.Push(lua.LString("truncated"))
		return 2
	}
	return 1
}

// unsafeURIByte returns the first byte ngx.req.set_uri refuses (%00-%08,
// %0A-%1F, %7F), and whether there is one.
func unsafeURIByte(s string) (byte, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return c, true
		}
	}
	return 0, false
}

func (a *api) reqSetURI(L *lua.LState) int {
	n := L.GetTop()
	if n < 1 || n > 3 {
		raiseC(L, "expecting 1, 2 or 3 arguments but seen %d", n)
	}
	c := a.h.Current(L)
	r := a.cRequest(L, "no request found")
	uri := checkCString(L, 1)
	if uri == "" {
		raiseC(L, "attempt to use zero-length uri")
	}
	binary := false
	if n >= 3 {
		if L.Get(3).Type() != lua.LTBool {
			cArgTypeError(L, 3, "boolean")
		}
		binary = lua.LVAsBool(L.Get(3))
	}
	if b, bad := unsafeURIByte(uri); bad && !binary {
		raiseC(L, "unsafe byte \"0x%02x\" in uri \"%s\" (maybe you want to set the 'binary' argument?)", b, escapeLog(uri))
	}
	jump := false
	if n >= 2 {
		if L.Get(2).Type() != lua.LTBool {
			cArgTypeError(L, 2, "boolean")
		}
		jump = lua.LVAsBool(L.Get(2))
		if jump {
			phaseCheck(L, c, PhaseRewrite|PhaseServerRewrite)
			a.h.Log(L, LogDebug, "lua set uri jump to \""+uri+"\"")
			checkAbortable(L, r)
		}
	}
	requestIn(L, r).SetRequestURI(uri, jump)
	if jump {
		a.h.Exit(L)
	}
	return 0
}

func (a *api) reqGetHeaders(L *lua.LState, mt *lua.LTable) int {
	in := requestIn(L, a.ffiRequest(L))
	max := maxHeadersDefault
	if v := L.Get(1); v != lua.LNil {
		max = int(checkNumber(L, 1, "get_headers"))
		if max < 0 {
			max = maxHeadersDefault
		}
	}
	raw := lua.LVAsBool(L.Get(2))
	hs := in.HeadersIn()
	truncated := false
	if max > 0 && len(hs) > max {
		a.h.Log(L, LogDebug, "lua exceeding request header limit "+strconv.Itoa(len(hs))+" > "+strconv.Itoa(max))
		hs, truncated = hs[:max], true
	}
	t := L.CreateTable(0, len(hs))
	for _, h := range hs {
		key := h.Name
		if !raw {
			key = strings.ToLower(key)
		}
		addMultiValue(L, t, key, h.Value)
	}
	if !raw {
		t.Metatable = mt
	}
	L.Push(t)
	if truncated {
		L.Push(lua.LString("truncated"))
		return 2
	}
	return 1
}

// addMultiValue sets t[key] = value, or collects the values of a repeated
// key in a list.
func addMultiValue(L *lua.LState, t *lua.LTable, key, value string) {
	k := lua.LString(key)
	switch old := t.RawGet(k).(type) {
	case *lua.LNilType:
		t.RawSet(k, lua.LString(value))
	case *lua.LTable:
		old.RawSetInt(old.Len()+1, lua.LString(value))
	default:
		list := L.CreateTable(2, 0)
		list.RawSetInt(1, old)
		list.RawSetInt(2, lua.LString(value))
		t.RawSet(k, list)
	}
}

// reqHeadersIndex is the __index of get_headers' table: any case, "_" for
// "-".
func reqHeadersIndex(L *lua.LState) int {
	t := L.CheckTable(1)
	key, ok := L.Get(2).(lua.LString)
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(t.RawGetString(strings.ReplaceAll(strings.ToLower(string(key)), "_", "-")))
	return 1
}

func (a *api) reqSetHeader(L *lua.LState) int {
	a.setReqHeaderAt(L, L.Get(1), L.Get(2), true)
	return 0
}

func (a *api) reqClearHeader(L *lua.LState) int {
	r := a.ffiRequest(L)
	name := lua51compat.ToStringMeta(L, L.Get(1))
	a.applyReqHeader(L, r, name, nil, true)
	return 0
}

// setReqHeaderAt is resty.core's set_req_header for ngx.req.set_header:
// its argument checks, then the header set or added.
func (a *api) setReqHeaderAt(L *lua.LState, key, value lua.LValue, override bool) {
	r := a.ffiRequest(L)
	if key == lua.LNil {
		raiseAt(L, 1, "bad 'name' argument: string expected, got nil")
	}
	name := lua51compat.ToStringMeta(L, key)
	var vals []string
	switch v := value.(type) {
	case *lua.LNilType:
		if !override {
			raiseAt(L, 1, "bad 'value' argument: string or table expected, got nil")
		}
	case *lua.LTable:
		n := v.Len()
		if n == 0 && !override {
			raiseAt(L, 1, "bad 'value' argument: non-empty table expected")
		}
		vals = make([]string, 0, n)
		for i := 1; i <= n; i++ {
			vals = append(vals, lua51compat.ToStringMeta(L, v.RawGetInt(i)))
		}
	default:
		vals = []string{lua51compat.ToStringMeta(L, v)}
	}
	a.applyReqHeader(L, r, name, vals, override)
}

// applyReqHeader sets a request header, escaped as ngx_lua escapes it.
func (a *api) applyReqHeader(L *lua.LState, r Request, name string, vals []string, override bool) {
	ed, ok := r.(RequestHeaderEditor)
	if !ok {
		raiseC(L, "API disabled in the current context")
	}
	name = escapeHeader(name, true)
	for i, v := range vals {
		vals[i] = escapeHeader(v, false)
	}
	if err := ed.SetRequestHeader(name, vals, override); err != nil {
		raiseC(L, "%s", err.Error())
	}
}

// escapeHeader escapes what may not appear in a header name (is_name) or
// value, as ngx_http_lua_copy_escaped_header does: %XX in upper case.
func escapeHeader(s string, isName bool) string {
	const hex = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(s); i++ {
		if headerEscaped(s[i], isName) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if headerEscaped(c, isName) {
			b = append(b, '%', hex[c>>4], hex[c&15])
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// headerEscaped reports whether c is escaped in a header name or value.
func headerEscaped(c byte, isName bool) bool {
	if !isName {
		return (c < 0x20 && c != '\t') || c == 0x7f
	}
	if c < 0x20 || c >= 0x7f {
		return true
	}
	return strings.IndexByte(" \"(),/:;<=>?@[\\]{}", c) >= 0
}

func (a *api) reqRawHeader(L *lua.LState) int {
	noLine := L.GetTop() > 0 && lua.LVAsBool(L.Get(1))
	in := requestIn(L, a.cRequest(L, "no request object found"))
	L.Push(lua.LString(in.RawHeader(noLine)))
	return 1
}

func (a *api) reqHTTPVersion(L *lua.LState) int {
	in := requestIn(L, a.cRequest(L, "no request object found"))
	switch in.HTTPVersion() {
	case 9:
		L.Push(lua.LNumber(0.9))
	case 1000:
		L.Push(lua.LNumber(1.0))
	case 1001:
		L.Push(lua.LNumber(1.1))
	case 2000:
		L.Push(lua.LNumber(2.0))
	default:
		L.Push(lua.LNil)
	}
	return 1
}

func (a *api) reqStartTime(L *lua.LState) int {
	c := a.h.Current(L)
	if c == nil || c.Req == nil {
		L.Error(lua.LString("no request found"), 0)
	}
	in := requestIn(L, c.Req)
	t := in.StartTime()
	L.Push(lua.LNumber(float64(t.Unix()) + float64(t.Nanosecond()/1e6)/1000))
	return 1
}

func (a *api) reqIsInternal(L *lua.LState) int {
	c := a.h.Current(L)
	if c == nil || c.Req == nil {
		raiseC(L, "no request object found")
	}
	L.Push(lua.LBool(c.Req.Internal()))
	return 1
}

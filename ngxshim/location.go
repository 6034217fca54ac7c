package ngxshim

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// ngx.location.capture and capture_multi (ngx_http_lua_subrequest.c):
// subrequests whose responses come back to Lua.

// SubrequestSpec is one subrequest of ngx.location.capture_multi, its
// options checked.
type SubrequestSpec struct {
	// URI and Args are the subrequest's URI and query string.
	URI, Args string
	// Method is the request method ("GET" unless the method option says).
	Method string
	// Body is the body option; HasBody says it was given.
	Body    []byte
	HasBody bool
	// Vars are the vars option's name/value pairs.
	Vars [][2]string
	// ShareAllVars, CopyAllVars and AlwaysForwardBody are the options of
	// those names.
	ShareAllVars, CopyAllVars, AlwaysForwardBody bool
	// Ctx is the ctx option: the subrequest's ngx.ctx.
	Ctx *lua.LTable
}

// SubrequestResult is a finished subrequest.
type SubrequestResult struct {
	Status int
	// Header are the response header lines; ContentType and
	// ContentLength (-1 when none) are nginx's own.
	Header        []HeaderLine
	ContentType   string
	ContentLength int64
	Body          []byte
	Truncated     bool
}

// Subrequester issues subrequests; the engine's requests implement it.
type Subrequester interface {
	// StartSubrequests creates the subrequests (the error is ngx_lua's
	// message for a bad one) and returns the function that runs them and
	// waits for them all; the caller gives the baton back while it runs.
	StartSubrequests(specs []SubrequestSpec) (func() []SubrequestResult, error)
}

func (a *api) openLocation(L *lua.LState) {
	loc := L.NewTable()
	loc.RawSetString("capture", L.NewFunction(a.capture))
	loc.RawSetString("capture_multi", L.NewFunction(a.captureMulti))
	a.ngx.RawSetString("location", loc)
}

func (a *api) capture(L *lua.LState) int {
	n := L.GetTop()
	if n != 1 && n != 2 {
		raiseC(L, "expecting one or two arguments")
	}
	q := L.CreateTable(2, 0)
	q.RawSetInt(1, L.Get(1))
	if n == 2 {
		q.RawSetInt(2, L.Get(2))
	}
	qs := L.CreateTable(1, 0)
	qs.RawSetInt(1, q)
	return a.runCaptures(L, qs)
}

func (a *api) captureMulti(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		raiseC(L, "only one argument is expected, but got %d", n)
	}
	qs, ok := L.Get(1).(*lua.LTable)
	if !ok {
		cArgTypeError(L, 1, "table")
	}
	return a.runCaptures(L, qs)
}

// runCaptures issues the subrequests of qs and returns their results.
func (a *api) runCaptures(L *lua.LState, qs *lua.LTable) int {
	n := qs.Len()
	if n == 0 {
		raiseC(L, "at least one subrequest should be specified")
	}
	c := a.h.Current(L)
	if c == nil || c.Req == nil && c.Phase == PhaseInit {
		raiseC(L, "no request object found")
	}
	phaseCheck(L, c, PhaseRewrite|PhaseAccess|PhaseContent)
	sr, ok := c.Req.(Subrequester)
	if !ok {
		raiseC(L, "API disabled in the current context")
	}
	specs := make([]SubrequestSpec, n)
	for i := 0; i < n; i++ {
		specs[i] = a.subrequestSpec(L, qs.RawGetInt(i+1), i)
	}
	wait, err := sr.StartSubrequests(specs)
	if err != nil {
		raiseC(L, "%s", err.Error())
	}
	var results []SubrequestResult
	ts := a.h.Threads()
	if ts != nil {
		ts.Capturing(L, 1)
	}
	a.h.Block(L, func(<-chan struct{}) { results = wait() })
	if ts != nil {
		ts.Capturing(L, -1)
	}
	for _, res := range results {
		L.Push(captureTable(L, res))
	}
	return len(results)
}

// subrequestSpec checks one {uri, options} entry as ngx_lua does.
func (a *api) subrequestSpec(L *lua.LState, v lua.LValue, index int) SubrequestSpec {
	q, ok := v.(*lua.LTable)
	if !ok {
		if v == lua.LNil {
			raiseC(L, "only array-like tables are allowed")
		}
		raiseC(L, "the query argument %d is not a table, but a %s", index, v.Type().String())
	}
	nargs := q.Len()
	if nargs != 1 && nargs != 2 {
		raiseC(L, "query argument %d expecting one or two arguments", index)
	}
	sp := SubrequestSpec{Method: "GET"}
	var extra string
	if nargs == 2 {
		opts, ok := q.RawGetInt(2).(*lua.LTable)
		if !ok {
			raiseC(L, "expecting table as the 2nd argument for subrequest %d, but got %s", index, q.RawGetInt(2).Type().String())
		}
		switch v := opts.RawGetString("args").(type) {
		case *lua.LTable:
			extra = encodeArgs(L, v, 0, "capture")
		case *lua.LNilType:
		case lua.LString, lua.LNumber:
			extra = lua51compat.ToString(v)
		default:
			raiseC(L, "Bad args option value")
		}
		switch v := opts.RawGetString("vars").(type) {
		case *lua.LTable:
			v.ForEach(func(k, val lua.LValue) {
				ks, ok := k.(lua.LString)
				if !ok {
					raiseC(L, "attempt to use a non-string key in the \"vars\" option table")
				}
				switch val.(type) {
				case lua.LString, lua.LNumber:
				default:
					raiseC(L, "attempt to use bad variable value type %s", val.Type().String())
				}
				sp.Vars = append(sp.Vars, [2]string{string(ks), lua51compat.ToString(val)})
			})
		case *lua.LNilType:
		default:
			raiseC(L, "Bad vars option value")
		}
		sp.ShareAllVars = boolOption(L, opts, "share_all_vars")
		sp.CopyAllVars = boolOption(L, opts, "copy_all_vars")
		sp.AlwaysForwardBody = lua.LVAsBool(opts.RawGetString("always_forward_body"))
		switch v := opts.RawGetString("method").(type) {
		case *lua.LNilType:
		case lua.LNumber:
			name, ok := methodNames[int(v)]
			if !ok {
				a.h.Log(L, LogErr, "unsupported HTTP method: "+lua51compat.ToString(v))
				raiseC(L, "failed to adjust the subrequest: -1")
			}
			sp.Method = name
		default:
			raiseC(L, "Bad http request method")
		}
		switch v := opts.RawGetString("ctx").(type) {
		case *lua.LNilType:
		case *lua.LTable:
			sp.Ctx = v
		default:
			raiseC(L, "Bad ctx option value type %s, expected a Lua table", v.Type().String())
		}
		switch v := opts.RawGetString("body").(type) {
		case *lua.LNilType:
		case lua.LString, lua.LNumber:
			sp.Body, sp.HasBody = []byte(lua51compat.ToString(v)), true
		default:
			raiseC(L, "Bad http request body")
		}
	}
	uv := q.RawGetInt(1)
	var uri string
	switch v := uv.(type) {
	case lua.LString, lua.LNumber:
		uri = lua51compat.ToString(v)
	default:
		argError(L, 3, "?", "string expected, got "+typeNameOf(uv))
	}
	path, args, ok := parseUnsafeURI(uri)
	if !ok {
		raiseC(L, "unsafe uri in argument #1: %s", uri)
	}
	switch {
	case args == "":
		args = extra
	case extra != "":
		args += "&" + extra
	}
	sp.URI, sp.Args = path, args
	return sp
}

// typeNameOf is luaL_typename.
func typeNameOf(v lua.LValue) string {
	if v == lua.LNil {
		return "nil"
	}
	return v.Type().String()
}

// boolOption reads a boolean option, raising "Bad NAME option value" for
// another type.
func boolOption(L *lua.LState, opts *lua.LTable, name string) bool {
	switch v := opts.RawGetString(name).(type) {
	case *lua.LNilType:
		return false
	case lua.LBool:
		return bool(v)
	}
	raiseC(L, "Bad %s option value", name)
	return false
}

// captureTable is a subrequest's result as ngx.location.capture returns
// it.
func captureTable(L *lua.LState, res SubrequestResult) *lua.LTable {
	t := L.CreateTable(0, 4)
	t.RawSetString("status", lua.LNumber(res.Status))
	t.RawSetString("truncated", lua.LBool(res.Truncated))
	t.RawSetString("body", lua.LString(res.Body))
	h := L.CreateTable(0, len(res.Header)+2)
	for _, l := range res.Header {
		addMultiValue(L, h, l.Name, l.Value)
	}
	if res.ContentType != "" {
		h.RawSetString("Content-Type", lua.LString(res.ContentType))
	}
	if res.ContentLength >= 0 {
		h.RawSetString("Content-Length", lua.LNumber(res.ContentLength))
	}
	t.RawSetString("header", h)
	return t
}

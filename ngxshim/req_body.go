package ngxshim

import (
	lua "github.com/yuin/gopher-lua"
)

// The request body of ngx.req (ngx_http_lua_req_body.c): read_body,
// discard_body, get_body_data, get_body_file, set_body_data, set_body_file
// and init_body/append_body/finish_body.

// RequestBody is the request body as ngx.req reads and replaces it; the
// engine's requests implement it. Errors carry ngx_lua's messages.
type RequestBody interface {
	// ReadBody reads the whole body (blocking: the caller gives the baton
	// back); a non-zero result is the status the request ends with.
	ReadBody() int
	// DiscardBody drops the body.
	DiscardBody() error
	// BodyData is the body held in memory, nil when not read, empty or
	// in a file.
	BodyData() []byte
	// BodyFile names the file holding the body, "" when none.
	BodyFile() string
	// BodyState reports whether the body was read and whether it was
	// discarded.
	BodyState() (read, discarded bool)
	// SetBodyData and SetBodyFile replace the body (and Content-Length).
	SetBodyData(p []byte) error
	SetBodyFile(path string, autoClean bool) error
	// InitBody starts a new body of at most size bytes in memory (-1:
	// client_body_buffer_size), AppendBody adds to it and FinishBody
	// completes it.
	InitBody(size int) error
	AppendBody(p []byte) error
	FinishBody() error
}

func (a *api) reqBodyFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"read_body":     a.reqReadBody,
		"discard_body":  a.reqDiscardBody,
		"get_body_data": a.reqGetBodyData,
		"get_body_file": a.reqGetBodyFile,
		"set_body_data": a.reqSetBodyData,
		"set_body_file": a.reqSetBodyFile,
		"init_body":     a.reqInitBody,
		"append_body":   a.reqAppendBody,
		"finish_body":   a.reqFinishBody,
	}
}

// requestBody returns L's request body after ngx_lua's argument count
// check (want arguments) and request lookup (noReq is the message without
// one).
func (a *api) requestBody(L *lua.LState, want int, noReq string) (*Ctx, RequestBody) {
	if n := L.GetTop(); n != want {
		raiseC(L, "expecting %d arguments but seen %d", want, n)
	}
	return a.bodyOf(L, noReq)
}

func (a *api) bodyOf(L *lua.LState, noReq string) (*Ctx, RequestBody) {
	c := a.h.Current(L)
	r := a.cRequest(L, noReq)
	b, ok := r.(RequestBody)
	if !ok {
		raiseC(L, "API disabled in the current context")
	}
	return c, b
}

func (a *api) reqReadBody(L *lua.LState) int {
	if c := a.h.Current(L); c != nil && c.Req == nil && c.Phase != PhaseInit {
		// ngx.req.read_body checks the phase before it looks at the (fake)
		// request.
		raiseC(L, "API disabled in the context of %s", contextName(c.Phase))
	}
	c, b := a.requestBody(L, 0, "request object not found")
	phaseCheck(L, c, PhaseRewrite|PhaseServerRewrite|PhaseAccess|PhaseContent)
	st := 0
	a.h.Block(L, func(cancel <-chan struct{}) {
		// A thread killed while it waits (ngx.exit in another thread)
		// leaves the read to end with the connection.
		done := make(chan int, 1)
		go func() { done <- b.ReadBody() }()
		select {
		case st = <-done:
		case <-cancel:
		}
	})
	if st != 0 {
		c.Req.Exit(st)
		a.h.Exit(L)
	}
	return 0
}

func (a *api) reqDiscardBody(L *lua.LState) int {
	_, b := a.requestBody(L, 0, "request object not found")
	if err := b.DiscardBody(); err != nil {
		raiseC(L, "%s", err.Error())
	}
	return 0
}

func (a *api) reqGetBodyData(L *lua.LState) int {
	_, b := a.requestBody(L, 0, "request object not found")
	if p := b.BodyData(); p != nil {
		L.Push(lua.LString(p))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}

func (a *api) reqGetBodyFile(L *lua.LState) int {
	_, b := a.requestBody(L, 0, "request object not found")
	if p := b.BodyFile(); p != "" {
		L.Push(lua.LString(p))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}

func (a *api) reqSetBodyData(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		raiseC(L, "expecting 1 arguments but seen %d", n)
	}
	data := checkCString(L, 1)
	_, b := a.bodyOf(L, "request object not found")
	if err := b.SetBodyData([]byte(data)); err != nil {
		raiseC(L, "%s", err.Error())
	}
	return 0
}

func (a *api) reqSetBodyFile(L *lua.LState) int {
	n := L.GetTop()
	if n != 1 && n != 2 {
		raiseC(L, "expecting 1 or 2 arguments but seen %d", n)
	}
	path := checkCString(L, 1)
	_, b := a.bodyOf(L, "no request found")
	clean := false
	if n == 2 {
		if L.Get(2).Type() != lua.LTBool {
			cArgTypeError(L, 2, "boolean")
		}
		clean = lua.LVAsBool(L.Get(2))
	}
	if err := b.SetBodyFile(path, clean); err != nil {
		raiseC(L, "%s", err.Error())
	}
	return 0
}

func (a *api) reqInitBody(L *lua.LState) int {
	n := L.GetTop()
	if n != 0 && n != 1 {
		raiseC(L, "expecting 0 or 1 argument but seen %d", n)
	}
	_, b := a.bodyOf(L, "no request found")
	size := -1
	if n == 1 {
		size = checkCInt(L, 1)
		if size < 0 {
			raiseC(L, "bad size argument: %d", size)
		}
	}
	if err := b.InitBody(size); err != nil {
		raiseC(L, "%s", err.Error())
	}
	return 0
}

func (a *api) reqAppendBody(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		raiseC(L, "expecting 1 arguments but seen %d", n)
	}
	data := checkCString(L, 1)
	_, b := a.bodyOf(L, "no request found")
	if err := b.AppendBody([]byte(data)); err != nil {
		raiseC(L, "%s", err.Error())
	}
	return 0
}

func (a *api) reqFinishBody(L *lua.LState) int {
	if n := L.GetTop(); n != 0 {
		raiseC(L, "expecting 0 argument but seen %d", n)
	}
	_, b := a.bodyOf(L, "no request found")
	if err := b.FinishBody(); err != nil {
		raiseC(L, "%s", err.Error())
	}
	return 0
}

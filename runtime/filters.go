package runtime

import (
	"errors"
	"path/filepath"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// The Lua filters: header_filter_by_lua, body_filter_by_lua and
// log_by_lua run nested in whatever produces the response, without
// blocking, and what they return or raise decides the response's fate as
// in ngx_lua.

// errOutputFilter is an output filter that failed: the response cannot be
// completed.
var errOutputFilter = errors.New("nginx output filter error")

// runFilter runs a handler that may not block (header_filter, body_filter,
// log) nested in whatever is running; it returns ngx.arg as the handler
// left it and how the run ended.
func (r *request) runFilter(h *config.LuaHandler, phase ngxshim.Phase, arg []lua.LValue) ([]lua.LValue, RunResult) {
	pr, err := r.e.protos.proto(h, func() string { return r.luaFilePath(h) }, r.loc.Lua.CodeCache)
	if err != nil {
		r.logErr(err.Error())
		return nil, RunResult{Err: err}
	}
	w := r.vm()
	saved := r.ctx.Phase
	savedArg := r.ctx.Arg
	r.ctx.Phase = phase
	r.ctx.Arg = arg
	r.filtering = true
	held := r.inLua > 0
	if !held {
		w.b.take()
	}
	r.inLua++
	fn := w.handlerFunc(pr, r.env)
	res := w.runLabeled(&r.ctx, kindEntry, r.logContext, "failed to run "+phase.String()+"_by_lua*", fn, nil)
	r.inLua--
	out := r.ctx.Arg
	if !held {
		w.b.give()
	}
	r.filtering = false
	r.ctx.Phase = saved
	r.ctx.Arg = savedArg
	return out, res
}

// errFilterFinalized is a header filter that replaced the response
// (ngx.exit in header_filter_by_lua).
var errFilterFinalized = errors.New("nginx output filter error")

// luaHeaderFilter runs header_filter_by_lua once; an error, or
// ngx.exit(ngx.ERROR), fails the response, and ngx.exit(status) replaces
// it with status's (ngx_http_filter_finalize_request).
func (r *request) luaHeaderFilter() error {
	hf := r.loc.Lua.HeaderFilter
	if hf == nil || r.filtering || r.luaHeaderDone {
		return nil
	}
	r.luaHeaderDone = true
	savedStatus, savedExited := r.exitStatus, r.exited
	r.exitStatus, r.exited = 0, false
	_, res := r.runFilter(hf, ngxshim.PhaseHeaderFilter, nil)
	code, exited := r.exitStatus, res.Exited || r.exited
	r.exitStatus, r.exited = savedStatus, savedExited
	switch {
	case res.Err != nil, exited && code == statusError:
		r.main.outputFailed.Store(true)
		return errOutputFilter
	case exited && code != 0:
		r.filterFinalize(code)
		return errFilterFinalized
	}
	return nil
}

// filterFinalize drops the response being sent and answers with code
// instead, as ngx_http_filter_finalize_request does.
func (r *request) filterFinalize(code int) {
	out := r.out()
	clear(out.Headers)
	*out = http1.HeadersOut{ContentLength: -1, Headers: out.Headers[:0]}
	switch code {
	case 444, 408, 499:
		// special_response_handler knows no page for them: the status
		// goes out with an empty body (ngx_http_finalize_request, which
		// would close the connection, is not where they come from here)
		out.Status = code
		out.ContentLength = 0
		r.sendHeader()
		r.writeBody(nil, true)
		r.finishOut()
	default:
		r.special(code)
	}
	r.eof = true
}

// bodyFilter runs body_filter_by_lua on one chunk; an error, or a return
// value of ngx.ERROR or an HTTP error status, fails the response.
func (r *request) bodyFilter(h *config.LuaHandler, p []byte, last bool) ([]byte, bool, error) {
	out, res := r.runFilter(h, ngxshim.PhaseBodyFilter, []lua.LValue{lua.LString(p), lua.LBool(last)})
	if res.Err != nil {
		return nil, false, errOutputFilter
	}
	if len(res.Results) > 0 {
		if n, ok := res.Results[0].(lua.LNumber); ok && (int(n) == statusError || n >= 300) {
			return nil, false, errOutputFilter
		}
	}
	if len(out) < 2 {
		return p, last, nil
	}
	var data []byte
	switch v := out[0].(type) {
	case lua.LString:
		data = []byte(v)
	case *lua.LNilType:
	default:
		data = []byte(lua.LVAsString(v))
	}
	return data, lua.LVAsBool(out[1]), nil
}

// luaFilePath is the file of a *_by_lua_file handler whose path has
// variables, rebased on the prefix when relative (ngx_http_lua_rebase_path).
func (r *request) luaFilePath(h *config.LuaHandler) string {
	p := h.File.Eval(r)
	if p != "" && !filepath.IsAbs(p) {
		p = filepath.Join(r.e.cfg.Prefix, p)
	}
	return p
}

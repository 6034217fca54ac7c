package runtime

import (
	"errors"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// The request's way through nginx's phases: server rewrite, find config,
// rewrite, post rewrite, access, content, then the header and body filters
// while the response goes out, and the log phase.

// serve runs the request through every phase and finishes it.
func (r *request) serve() {
	hr := r.hr
	r.uri = hr.URI()
	r.args = hr.Args()
	r.srv, r.captures = r.e.cfg.HTTP.MatchServer(r.f.addr, hr.Host())
	if r.srv == nil {
		r.srv = r.f.def
	}
	r.loc = r.srv.Location
	r.ctx.Req = r
	if !r.loc.Lua.CodeCache {
		// lua_code_cache off: a fresh VM for the request, and Lua files read
		// again, as ngx_lua does for development.
		w, err := r.e.newWorker(0, 1)
		if err != nil {
			r.logErr(err.Error())
			r.finalize(500)
			return
		}
		r.w = w
		defer w.Close()
	}
	if r.w.cfg.RequestGlobals {
		r.w.b.take()
		r.env = r.w.requestEnv(r.w.L)
		r.w.b.give()
	}
	status := r.phases(true, nil)
	r.finalize(status)
}

// Phase results: done means the response was produced (or the request was
// finalized); next means go on to the next phase.
const (
	statusNext = -1 // go on
	statusDone = 0  // the response is complete
)

// phases runs the phases from server rewrite (or from find config, or for
// a named location) and returns the status to finalize with, or statusDone.
func (r *request) phases(serverRewrite bool, named *config.Location) int {
	for {
		if r.uriChanges > config.MaxURIChanges {
			r.logErr("rewrite or internal redirection cycle while processing \"" + r.uri + "\"")
			return 500
		}
		if named != nil {
			r.loc = named
			named = nil
		} else {
			if serverRewrite {
				if s := r.srv.Script; s != nil {
					if st, again := r.script(s.Run(scriptCtx{r}), true); st != statusNext {
						return st
					} else if again {
						continue
					}
				}
				if h := r.srv.ServerRewriteByLua; h != nil {
					if st := r.runHandler(h, ngxshim.PhaseServerRewrite); st != statusNext {
						if st == stExec {
							serverRewrite, named = r.takeExec()
							continue
						}
						return st
					}
				}
			}
			serverRewrite = false
			m := r.srv.MatchLocation(r.uri)
			r.loc = m.Location
			if r.loc == nil {
				r.loc = r.srv.Location
			}
			if m.Captures != nil {
				r.captures = m.Captures
			}
			if m.AutoRedirect {
				return r.redirectTo(301, r.uri+"/")
			}
		}
		r.hr.SetConfig(r.e.locationConfig(r.loc, r.f))
		if !r.internal && !r.hr.CheckBodySize() {
			return 413
		}
		// rewrite
		if s := r.loc.Script; s != nil {
			st, again := r.script(s.Run(scriptCtx{r}), false)
			if st != statusNext {
				return st
			}
			if again {
				r.uriChanges++
				continue
			}
		}
		if r.loc.Internal && !r.internal {
			return 404
		}
		if h := r.loc.Lua.Rewrite; h != nil {
			if st := r.runHandler(h, ngxshim.PhaseRewrite); st != statusNext {
				if st == stExec {
					serverRewrite, named = r.takeExec()
					continue
				}
				return st
			}
		}
		// access
		if h := r.loc.Lua.Access; h != nil {
			if st := r.runHandler(h, ngxshim.PhaseAccess); st != statusNext {
				if st == stExec {
					serverRewrite, named = r.takeExec()
					continue
				}
				return st
			}
		}
		// content
		if h := r.loc.Lua.Content; h != nil {
			st := r.runHandler(h, ngxshim.PhaseContent)
			if st == stExec {
				serverRewrite, named = r.takeExec()
				continue
			}
			if st == statusNext {
				return statusDone
			}
			return st
		}
		return r.static()
	}
}

// stExec means a handler asked for an internal redirect (ngx.exec).
const stExec = -2

// takeExec performs the internal redirect r.exec: it returns whether the
// server rewrite phase runs again (not for a named location) and the named
// location to jump to.
func (r *request) takeExec() (bool, *config.Location) {
	ex := r.exec
	r.exec = nil
	r.uriChanges++
	r.internal = true
	r.ctx.Table = nil
	if ex.named {
		loc := r.srv.FindNamed(ex.uri)
		if loc == nil {
			r.logErr("named location \"" + ex.uri + "\" not found")
			r.loc = r.srv.Location
			return false, nil
		}
		return false, loc
	}
	r.uri, r.args = ex.uri, ex.args
	return true, nil
}

// script acts on a rewrite-module script's outcome. It returns a status to
// finalize with (or statusNext) and whether the location must be selected
// again.
func (r *request) script(out config.Outcome, server bool) (int, bool) {
	if out.Loc != nil {
		r.loc = out.Loc
	}
	switch out.Action {
	case config.ActionReturn:
		return r.returnStatus(out), false
	case config.ActionRedirect:
		return r.redirectTo(out.Status, out.Location), false
	case config.ActionError:
		if out.Err != nil && !errors.Is(out.Err, errEntryAborted) {
			r.logErr(out.Err.Error())
		}
		return 500, false
	case config.ActionLast:
		if server {
			return statusNext, false
		}
		return statusNext, true
	}
	if out.URIChanged && !server {
		return statusNext, true
	}
	return statusNext, false
}

// returnStatus answers a return directive.
func (r *request) returnStatus(out config.Outcome) int {
	st := out.Status
	if st == 444 {
		return 444
	}
	if !out.HasText {
		return st
	}
	switch st {
	case 301, 302, 303, 307, 308:
		return r.redirectTo(st, out.Text)
	}
	r.hr.Out.Status = st
	r.hr.Out.ContentType = r.loc.DefaultType
	r.hr.Out.ContentLength = int64(len(out.Text))
	r.sendHeader()
	r.hr.WriteString(out.Text)
	return statusDone
}

// redirectTo finalizes with a redirect status and Location header.
func (r *request) redirectTo(status int, location string) int {
	r.setLocation(location)
	return status
}

// setLocation sets the Location header, made absolute as nginx does when
// absolute_redirect is on.
func (r *request) setLocation(location string) {
	if strings.HasPrefix(location, "/") && r.loc.AbsoluteRedirect {
		host := r.hr.Host()
		if r.loc.ServerNameInRedirect || host == "" {
			host = r.serverName()
		}
		port := r.hr.Conn().ServerPort()
		if r.loc.PortInRedirect && port != "80" && port != "" && !strings.Contains(host, ":") {
			host += ":" + port
		}
		location = r.hr.Schema() + "://" + host + location
	}
	out := &r.hr.Out
	for i := range out.Headers {
		if strings.EqualFold(out.Headers[i].Name, "Location") {
			out.Headers[i].Value = location
			return
		}
	}
	out.Headers = append(out.Headers, http1.Header{Name: "Location", Value: location})
}

// runHandler runs a rewrite, access or content handler as the entry thread
// of a run and says what to do next: statusNext, stExec, statusDone or a
// status to finalize with.
func (r *request) runHandler(h *config.LuaHandler, phase ngxshim.Phase) int {
	pr, err := r.e.protos.proto(h, func() string { return h.File.Eval(r) }, r.loc.Lua.CodeCache)
	if err != nil {
		r.logErr(err.Error())
		var he *handlerError
		if errors.As(err, &he) {
			return he.status
		}
		return 500
	}
	r.ctx.Phase = phase
	w := r.w
	w.b.take()
	r.inLua++
	fn := w.handlerFunc(pr, r.env)
	res := w.runLocked(&r.ctx, kindEntry, r.logContext, fn, nil)
	r.inLua--
	w.b.give()
	switch {
	case res.Err != nil:
		if r.hr.HeaderSent() {
			r.aborted = true
			return statusDone
		}
		return 500
	case r.exec != nil:
		return stExec
	case res.Exited || r.exited:
		return r.exitOutcome(phase)
	}
	if phase == ngxshim.PhaseContent {
		return statusDone
	}
	return statusNext
}

// exitOutcome turns ngx.exit(status) into what the request does next.
func (r *request) exitOutcome(phase ngxshim.Phase) int {
	st := r.exitStatus
	r.exited = false
	switch {
	case st == 0 && phase != ngxshim.PhaseContent:
		// ngx.exit(ngx.OK) in rewrite or access goes on with the next phase.
		return statusNext
	case st == 0, st >= 200 && st < 300 && r.hr.HeaderSent():
		return statusDone
	case st == -1:
		return 500
	}
	return st
}

// finalize completes the response with status (statusDone: the handler
// produced it), then runs the log phase.
func (r *request) finalize(status int) {
	hr := r.hr
	switch {
	case r.aborted:
		hr.Terminate()
	case status == 444:
		hr.Terminate()
	case status == statusDone:
		if !r.eof {
			r.flushBuffered()
			if !hr.HeaderSent() {
				r.sendHeader()
			}
			r.writeBody(nil, true)
			hr.Finish()
		}
	default:
		r.special(status)
	}
	r.logPhase()
}

// special answers with status: error_page if one applies, else nginx's
// built-in page (or, for 2xx, an empty response).
func (r *request) special(status int) {
	hr := r.hr
	if hr.HeaderSent() {
		if !r.eof {
			r.writeBody(nil, true)
			hr.Finish()
		}
		return
	}
	if status >= 300 && r.errorPage(status) {
		return
	}
	if status < 300 {
		hr.Out.Status = status
		hr.Out.ContentLength = 0
		r.sendHeader()
		hr.Finish()
		return
	}
	hr.Out.Status = status
	if hf := r.loc.Lua.HeaderFilter; hf != nil {
		r.runFilter(hf, ngxshim.PhaseHeaderFilter, nil)
	}
	r.addHeaders()
	hr.SendSpecial(status)
}

// errorPage redirects to the error_page for status, once.
func (r *request) errorPage(status int) bool {
	if r.internal && !r.loc.RecursiveErrorPages {
		return false
	}
	for _, ep := range r.loc.ErrorPages {
		if ep.Status != status {
			continue
		}
		target := ep.URI.Eval(r)
		code := status
		if ep.Overwrite > 0 {
			code = ep.Overwrite
		}
		if !strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "@") {
			if ep.Overwrite < 0 {
				code = 302
			}
			r.setLocation(target)
			r.hr.Out.Status = code
			r.hr.SendSpecial(code)
			return true
		}
		r.hr.Out.Status = code
		uri, args, _ := strings.Cut(target, "?")
		r.exec = &execTarget{uri: uri, args: args, named: strings.HasPrefix(target, "@")}
		st := r.phases(r.takeExec())
		if st == statusDone {
			if !r.eof {
				r.writeBody(nil, true)
				r.hr.Finish()
			}
		} else {
			r.special(st)
		}
		return true
	}
	return false
}

// logPhase runs log_by_lua and writes the access log.
func (r *request) logPhase() {
	if h := r.loc.Lua.Log; h != nil {
		r.runFilter(h, ngxshim.PhaseLog, nil)
	}
	r.accessLog()
}

// runFilter runs a handler that may not block (header_filter, body_filter,
// log) nested in whatever is running.
func (r *request) runFilter(h *config.LuaHandler, phase ngxshim.Phase, arg []lua.LValue) []lua.LValue {
	pr, err := r.e.protos.proto(h, func() string { return h.File.Eval(r) }, r.loc.Lua.CodeCache)
	if err != nil {
		r.logErr(err.Error())
		return nil
	}
	w := r.w
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
	w.runLabeled(&r.ctx, kindEntry, r.logContext, "failed to run "+phase.String()+"_by_lua*", fn, nil)
	r.inLua--
	out := r.ctx.Arg
	if !held {
		w.b.give()
	}
	r.filtering = false
	r.ctx.Phase = saved
	r.ctx.Arg = savedArg
	return out
}

// bodyFilter runs body_filter_by_lua on one chunk.
func (r *request) bodyFilter(h *config.LuaHandler, p []byte, last bool) ([]byte, bool, error) {
	out := r.runFilter(h, ngxshim.PhaseBodyFilter, []lua.LValue{lua.LString(p), lua.LBool(last)})
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

// logErr writes an error line for the request.
func (r *request) logErr(msg string) {
	if r.e.log.Enabled(ngxshim.LogErr) {
		r.e.log.Write(ngxshim.LogErr, msg, r.logContext())
	}
}

// locationConfig returns the front's configuration for requests in loc.
func (e *Engine) locationConfig(loc *config.Location, f *front) *http1.Config {
	if c, ok := e.locConfs.Load(loc); ok {
		return c.(*http1.Config)
	}
	hc := e.frontConfig(f.def)
	applyLocationConfig(&hc, loc)
	c, _ := e.locConfs.LoadOrStore(loc, &hc)
	return c.(*http1.Config)
}

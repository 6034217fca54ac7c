package runtime

import (
	"errors"
	"strings"

	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// The request's way through nginx's phases: server rewrite, find config,
// rewrite, post rewrite, access, content, then the header and body filters
// while the response goes out, and the log phase.

// serve runs the main request through every phase and finishes it.
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
	defer r.closeFreshVM()
	if st := r.checkClientCert(); st != 0 {
		r.finalize(st)
		return
	}
	if r.w.cfg.RequestGlobals {
		r.w.b.take()
		r.env = r.w.requestEnv(r.w.L)
		r.w.b.give()
	}
	status := r.phases(true, nil)
	r.finalize(status)
}

// vm is the worker VM the request's Lua runs on: the worker's, or with
// lua_code_cache off in the location a fresh one for this request, as ngx_lua
// does for development (modules and files are loaded again).
func (r *request) vm() *Worker {
	if r.loc.Lua.CodeCache {
		return r.w
	}
	if r.freshVM == nil {
		w, err := r.e.newWorker(0, 1)
		if err != nil {
			r.logErr(err.Error())
			return r.w
		}
		w.fresh = true
		w.refs.Store(1)
		r.freshVM = w
	}
	return r.freshVM
}

// closeFreshVM releases the request's own VM, if it had one: it closes
// once the timers the request made have run too.
func (r *request) closeFreshVM() {
	if w := r.freshVM; w != nil {
		r.freshVM = nil
		w.releaseFresh()
	}
}

// Phase results: done means the response was produced (or the request was
// finalized); next means go on to the next phase.
const (
	statusNext = -1000 // go on
	statusDone = -1001 // the response is complete
	// stExec means a handler asked for an internal redirect (ngx.exec).
	stExec = -1002
	// stJump means ngx.req.set_uri(uri, true): find the location again.
	stJump = -1003
	// statusError is nginx's NGX_ERROR: the request ends without a response.
	statusError = -1
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
				// server_rewrite_by_lua runs before the server's rewrite
				// statements, as nginx orders the phase's handlers
				if h := r.srv.ServerRewriteByLua; h != nil {
					switch st := r.runHandler(h, ngxshim.PhaseServerRewrite); st {
					case statusNext:
					case stExec:
						serverRewrite, named = r.takeExec()
						continue
					case stJump:
					default:
						return st
					}
				}
				if s := r.srv.Script; s != nil {
					if st, again := r.script(s.Run(scriptCtx{r}), true); st != statusNext {
						return st
					} else if again {
						continue
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
		if r.isMain() {
			r.hr.SetConfig(r.e.locationConfig(r.loc, r.f))
			if !r.internal && !r.hr.CheckBodySize() {
				return 413
			}
		}
		if r.loc.Internal && !r.internal {
			return 404
		}
		// rewrite: the rewrite module's script, then rewrite_by_lua (or
		// the other way round with rewrite_by_lua_no_postpone)
		noPostpone := r.e.luaMain().RewriteNoPostpone
		if noPostpone {
			if st, again := r.luaRewrite(); again {
				serverRewrite, named = false, nil
				if st == stExec {
					serverRewrite, named = r.takeExec()
				}
				continue
			} else if st != statusNext {
				return st
			}
		}
		if s := r.loc.Script; s != nil {
			st, again := r.script(s.Run(scriptCtx{r}), false)
			if st != statusNext {
				return st
			}
			if again {
				r.uriChanges++
				r.internal = true
				continue
			}
		}
		r.moreHeadersIn()
		if !noPostpone {
			if st, again := r.luaRewrite(); again {
				serverRewrite, named = false, nil
				if st == stExec {
					serverRewrite, named = r.takeExec()
				}
				continue
			} else if st != statusNext {
				return st
			}
		}
		// access: nginx skips the phase for subrequests
		if r.isMain() {
			switch st := r.accessPhase(); st {
			case statusNext:
			case stExec:
				serverRewrite, named = r.takeExec()
				continue
			default:
				return st
			}
		}
		// content
		switch r.contentKind() {
		case contentEcho:
			st := r.runEcho()
			if st == stExec {
				serverRewrite, named = r.takeExec()
				continue
			}
			return st
		case contentProxy:
			return r.runProxy(r.extra().proxy)
		case contentMemc:
			return r.runMemc(r.extra().memc)
		case contentLua:
			r.luaPhaseDebug("content")
			st := r.runHandler(r.loc.Lua.Content, ngxshim.PhaseContent)
			switch st {
			case stExec:
				serverRewrite, named = r.takeExec()
				continue
			case statusNext, stJump:
				return statusDone
			}
			return st
		}
		return r.static()
	}
}

// luaRewrite runs rewrite_by_lua; again says the location must be found
// again (ngx.exec, then st is stExec, or ngx.req.set_uri with jump).
func (r *request) luaRewrite() (st int, again bool) {
	r.luaPhaseDebug("rewrite")
	h := r.loc.Lua.Rewrite
	if h == nil {
		return statusNext, false
	}
	switch st := r.runHandler(h, ngxshim.PhaseRewrite); st {
	case stExec:
		return stExec, true
	case stJump:
		r.uriChanges++
		return stJump, true
	default:
		return st, false
	}
}

// Content handlers of a location.
const (
	contentStatic = iota
	contentLua
	contentEcho
	contentProxy
	contentMemc
)

// contentKind picks the location's content handler: nginx keeps the one
// whose directive came last in the location (an if block keeps its
// location's).
func (r *request) contentKind() int {
	x := r.extra()
	kind, last := contentStatic, -1
	if r.loc.Lua.Content != nil {
		kind, last = contentLua, x.contentLine
	}
	if cmds := x.echo; len(cmds) > 0 && cmds[len(cmds)-1].line > last {
		kind, last = contentEcho, cmds[len(cmds)-1].line
	}
	if x.proxy != nil && x.proxy.line > last {
		kind, last = contentProxy, x.proxy.line
	}
	if x.memc != nil && x.memc.Line > last {
		kind = contentMemc
	}
	return kind
}

// luaHandlerLine is the line of the content_by_lua directive in effect.
func luaHandlerLine(loc *config.Location) int {
	for l := loc; l != nil; l = l.Parent {
		for _, d := range l.Directives {
			if strings.HasPrefix(d.Name, "content_by_lua") {
				return d.Line
			}
		}
		if l.Kind != config.LocIf && l.Kind != config.LocLimitExcept {
			break
		}
	}
	return 0
}

// takeExec performs the internal redirect r.exec: it returns whether the
// server rewrite phase runs again (not for a named location) and the named
// location to jump to.
func (r *request) takeExec() (bool, *config.Location) {
	ex := r.exec
	r.exec = nil
	r.uriChanges++
	r.internal = true
	r.releaseCtx()
	r.ctypeSet = false
	r.luaHeaderDone = false
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
	o := r.out()
	o.Status = st
	o.ContentType = r.loc.DefaultType
	o.ContentLength = int64(len(out.Text))
	r.ctypeSet = true
	r.sendHeader()
	r.writeBody([]byte(out.Text), true)
	return statusDone
}

// redirectTo finalizes with a redirect status and Location header.
func (r *request) redirectTo(status int, location string) int {
	r.setLocation(location)
	return status
}

// setLocation sets the Location header of a redirect nginx makes; a
// relative one is made absolute when the header goes out (see
// absoluteLocation), after the header filters saw it as it is.
func (r *request) setLocation(location string) {
	out := r.out()
	r.absLocation = true
	for i := range out.Headers {
		if strings.EqualFold(out.Headers[i].Name, "Location") {
			out.Headers[i].Value = location
			return
		}
	}
	out.Headers = append(out.Headers, http1.Header{Name: "Location", Value: location})
}

// absoluteLocation makes a relative Location of nginx's own redirect
// absolute, as nginx's header filter does when absolute_redirect is on.
func (r *request) absoluteLocation() {
	if !r.absLocation || !r.loc.AbsoluteRedirect {
		return
	}
	out := r.out()
	for i := range out.Headers {
		h := &out.Headers[i]
		if !strings.EqualFold(h.Name, "Location") || !strings.HasPrefix(h.Value, "/") {
			continue
		}
		host := r.host()
		if r.loc.ServerNameInRedirect || host == "" {
			host = r.serverName()
		}
		port := r.hr.Conn().ServerPort()
		if r.loc.PortInRedirect && port != "80" && port != "" && !strings.Contains(host, ":") {
			host += ":" + port
		}
		h.Value = r.scheme() + "://" + host + h.Value
	}
}

// scheme is $scheme: "https" over a "listen ... ssl" connection.
func (r *request) scheme() string {
	if r.tlsState() != nil {
		return "https"
	}
	return "http"
}

// runHandler runs a rewrite, access or content handler as the entry thread
// of a run and says what to do next: statusNext, stExec, stJump,
// statusDone or a status to finalize with.
func (r *request) runHandler(h *config.LuaHandler, phase ngxshim.Phase) int {
	pr, err := r.e.protos.proto(h, func() string { return r.luaFilePath(h) }, r.loc.Lua.CodeCache)
	if err != nil {
		r.logErr(err.Error())
		var he *handlerError
		if errors.As(err, &he) {
			return he.status
		}
		return 500
	}
	if st := r.needBody(); st != statusNext {
		return st
	}
	r.ctx.Phase = phase
	w := r.vm()
	stop := r.watchAbort()
	w.b.take()
	r.inLua++
	fn := w.handlerFunc(pr, r.env)
	res := w.runLocked(&r.ctx, kindEntry, r.logContext, fn, nil)
	r.inLua--
	w.b.give()
	stop()
	if r.clientAborted() {
		return 499
	}
	switch {
	case res.Err != nil:
		if r.headerSent() {
			r.aborted = true
			return statusDone
		}
		return 500
	case r.exec != nil:
		return stExec
	case r.jump:
		r.jump = false
		r.releaseCtx()
		return stJump
	case res.Exited || r.exited:
		if phase == ngxshim.PhaseAccess {
			r.accessRC = r.exitStatus
		}
		return r.exitOutcome(phase)
	}
	if phase == ngxshim.PhaseContent {
		return statusDone
	}
	if r.headerSent() {
		// the response began here: later phases may not produce another
		if !r.eof {
			r.writeBody(nil, true)
		}
		return statusDone
	}
	return statusNext
}

// exitOutcome turns ngx.exit(status) into what the request does next, as
// ngx_http_lua_handle_exit.
func (r *request) exitOutcome(phase ngxshim.Phase) int {
	code := r.exitStatus
	r.exited = false
	out := r.out()
	if !r.headerSent() && out.Status == 0 && code >= 200 {
		out.Status = code
	}
	closing := code == statusError || code == 408 || code == 499 || code == 444
	if r.buffering && out.Status != 0 && !closing {
		r.EOF()
		if code >= 200 {
			return statusDone
		}
		if code == 0 && phase != ngxshim.PhaseContent {
			return statusDone
		}
		return code
	}
	if (code == 0 && phase == ngxshim.PhaseContent) || (code >= 200 && code < 300 && code != 204) {
		if !r.eof {
			r.EOF()
		}
	}
	if r.headerSent() && code > 0 && !closing {
		if !r.eof {
			// 204 or 1xx after the header: ngx_lua sends no last buffer
			// and nginx closes the connection without the pending output
			return statusError
		}
		return statusDone
	}
	if code == 0 {
		if phase != ngxshim.PhaseContent && !r.headerSent() {
			return statusNext
		}
		// a rewrite or access handler that began the response ends it
		if !r.eof {
			r.writeBody(nil, true)
		}
		return statusDone
	}
	return code
}

// finalize completes the response with status (statusDone: the handler
// produced it), then runs the log phase.
func (r *request) finalize(status int) {
	if r.sub != nil {
		r.finalizeSub(status)
		return
	}
	hr := r.hr
	switch {
	case r.aborted, r.outputFailed.Load(), status == 444, status == statusError, status == 408, status == 499:
		r.children.Wait()
		if b := r.body; b != nil {
			if !b.mu.TryLock() {
				// a light thread's ngx.req.read_body is still reading
				hr.AbortRead()
				b.mu.Lock()
			}
			b.mu.Unlock()
		}
		hr.Terminate()
	case status == statusDone:
		if !r.eof {
			r.flushBuffered()
			if !r.headerSent() {
				r.sendHeader()
			}
			r.writeBody(nil, true)
		}
		r.finishOut()
		r.endPendingBodyRead()
	default:
		r.special(status)
	}
	r.endCosockets()
	r.logPhase()
	// Sockets opened in log_by_lua (lua_cosocket_everywhere) end here.
	r.endCosockets()
	r.releaseCtx()
	r.body.cleanup()
}

// endPendingBodyRead ends a body read a killed light thread left running
// when the request finished: nginx turns keep-alive off then and closes the
// connection (ngx_http_finalize_connection with r->reading_body).
func (r *request) endPendingBodyRead() {
	b := r.body
	if b == nil || b.mu.TryLock() {
		if b != nil {
			b.mu.Unlock()
		}
		return
	}
	r.hr.SetKeepalive(false)
	r.hr.AbortRead()
	b.mu.Lock()
	b.mu.Unlock()
}

// releaseCtx drops ngx.ctx (an internal redirect, the end of the request).
func (r *request) releaseCtx() {
	if r.ctx.Table != nil {
		r.logAt(ngxshim.LogDebug, "lua release ngx.ctx at ref 1")
		r.ctx.Table = nil
	}
}

// special answers with status: error_page if one applies, else nginx's
// built-in page (or, for 2xx, an empty response).
func (r *request) special(status int) {
	if r.headerSent() {
		if !r.eof {
			r.writeBody(nil, true)
		}
		r.finishOut()
		return
	}
	if status >= 300 && r.errorPage(status) {
		return
	}
	out := r.out()
	if status < 300 {
		out.Status = status
		out.ContentLength = 0
		r.sendHeader()
		r.writeBody(nil, true)
		r.finishOut()
		return
	}
	out.Status = status
	r.errStatus = status
	if r.sub != nil {
		r.sendSpecial(status)
		return
	}
	r.children.Wait()
	if r.loc.Lua.HeaderFilter != nil || r.loc.Lua.BodyFilter != nil {
		// the page goes through the Lua filters like any response
		r.filteredSpecial(status)
		return
	}
	r.moreHeadersOut()
	r.addHeaders()
	r.absoluteLocation()
	r.sendSpecial(status)
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
			r.out().Status = code
			r.absoluteLocation()
			r.sendSpecial(code)
			return true
		}
		prev := r.out().Status
		r.out().Status = code
		r.errStatus = code
		if ep.Overwrite == 0 {
			// a bare "=": no error status is imposed (err_status 0); the
			// response has the status already set (by ngx.exit, say), or
			// the target's own
			r.out().Status, r.errStatus = prev, 0
		}
		if r.method() != "HEAD" {
			// nginx's error page requests are GETs
			r.in.method = "GET"
		}
		uri, args, _ := strings.Cut(target, "?")
		r.exec = &execTarget{uri: uri, args: args, named: strings.HasPrefix(target, "@")}
		st := r.phases(r.takeExec())
		if st == statusDone {
			if !r.eof {
				r.flushBuffered()
				if !r.headerSent() {
					r.sendHeader()
				}
				r.writeBody(nil, true)
			}
			r.finishOut()
		} else {
			r.special(st)
		}
		return true
	}
	return false
}

// logPhase runs log_by_lua and writes the access log.
func (r *request) logPhase() {
	// nginx's connection log action while the log handlers run
	r.logAction = "logging request"
	defer func() { r.logAction = "" }()
	r.mallocTrim()
	r.luaPhaseDebug("log")
	if h := r.loc.Lua.Log; h != nil {
		r.runFilter(h, ngxshim.PhaseLog, nil)
	}
	r.accessLog()
}

// logErr writes an error line for the request.
func (r *request) logErr(msg string) {
	r.logAt(ngxshim.LogErr, msg)
}

// logAt writes a line for the request at level.
func (r *request) logAt(level int, msg string) {
	if r.e.log.Enabled(level) {
		r.e.log.Write(level, msg, r.logContext())
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

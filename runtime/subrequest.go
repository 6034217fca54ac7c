package runtime

import (
	"fmt"
	"strings"
	"time"

	"gresty/ngxshim"
)

// Subrequests: a child request of the same client request, run through the
// phase engine on the parent's worker, with its output captured
// (ngx.location.capture) or put in its place in the parent's response
// (echo_location and friends, in order thanks to the postpone filter).

// maxSubrequestDepth is how deep subrequests may nest: nginx counts
// NGX_HTTP_MAX_SUBREQUESTS + 1 down from the main request.
const maxSubrequestDepth = 51

// newSub creates a subrequest of r as nginx's ngx_http_subrequest: the same
// server, variables, request header and body as the parent, its own URI,
// method, response and Lua context.
func (r *request) newSub(uri, args, method string) (*request, error) {
	if r.depth >= maxSubrequestDepth {
		return nil, fmt.Errorf("subrequests cycle while processing \"%s\"", uri)
	}
	sr := &request{e: r.e, w: r.w, f: r.f, hr: r.hr, parent: r, main: r.main, depth: r.depth + 1,
		srv: r.srv, loc: r.srv.Location, uri: uri, args: args, vars: r.vars, body: r.body,
		internal: true, env: r.env, entered: time.Now()}
	sr.sub = &subState{finished: make(chan struct{})}
	sr.sub.out.ContentLength = -1
	sr.in.method = method
	if r.in.own {
		sr.in.headers = append([]ngxshim.HeaderLine(nil), r.in.headers...)
		sr.in.own = true
	}
	sr.in.host, sr.in.hostSet = r.in.host, r.in.hostSet
	sr.ctx.Req = sr
	return sr, nil
}

// runSub runs a subrequest through the phases and finalizes it.
func (r *request) runSub() {
	defer r.closeFreshVM()
	r.finalize(r.phases(true, nil))
}

// startInline starts an inline subrequest whose output takes its place in
// r's response after what r produced so far.
func (r *request) startInline(sr *request) {
	m := r.main
	m.outMu.Lock()
	r.pp = append(r.pp, &ppNode{child: sr})
	m.outMu.Unlock()
	r.children.Add(1)
	go func() {
		defer r.children.Done()
		sr.runSub()
	}()
}

// finalizeSub ends a subrequest with status (statusDone: its handler
// produced the response).
func (r *request) finalizeSub(status int) {
	sub := r.sub
	switch {
	case r.aborted, status == 444, status == 408, status == 499:
		r.children.Wait()
	case status == statusDone:
		if !r.eof {
			if !r.headerSent() {
				r.sendHeader()
			}
			r.writeBody(nil, true)
		}
		r.finishOut()
	case sub.capture && (status == statusError || status == 201 || status == 204 || status >= 300):
		// ngx_lua's post-subrequest handler answers in place of nginx's
		// special response: the status with an empty body
		r.children.Wait()
		code := status
		if code == statusError {
			code = 500
		}
		if !r.headerSent() {
			out := r.out()
			out.Status = code
			out.ContentType = ""
			out.ContentLength = -1
			out.ContentLengthInHeaders = false
			out.Headers = dropHeader(out.Headers, "Content-Length")
			out.Headers = dropHeader(out.Headers, "Accept-Ranges")
			out.Headers = dropHeader(out.Headers, "Last-Modified")
			r.ctypeSet = false
			r.sendHeader()
		}
	case status == statusError:
		r.children.Wait()
	default:
		r.special(status)
	}
	st := r.out().Status
	if st == 0 {
		switch {
		case status == statusDone:
			st = 200
		case status == statusError:
			st = 500
		case status >= 100:
			st = status
		}
	}
	sub.status = st
	// a body that never saw its end is truncated, as is a header-only one
	// (its last buffer never reaches ngx_lua's capture filter)
	sub.truncated = !r.eof || r.headerOnly()
	if d := r.loc.Lookup("log_subrequest"); d != nil && len(d.Args) > 0 && d.Args[0] == "on" {
		// nginx logs a finished subrequest then (log_by_lua, the access
		// log)
		r.logPhase()
	}
	r.endCosockets()
	m := r.main
	m.outMu.Lock()
	sub.done = true
	if !sub.capture {
		r.parent.flushPostponed()
	}
	m.outMu.Unlock()
	close(sub.finished)
}

// StartSubrequests implements ngxshim.Subrequester: the subrequests of
// ngx.location.capture_multi are created now (with ngx_lua's errors for
// bad options) and run when wait is called, with the baton given back.
func (r *request) StartSubrequests(specs []ngxshim.SubrequestSpec) (func() []ngxshim.SubrequestResult, error) {
	subs := make([]*request, len(specs))
	for i, sp := range specs {
		sr, err := r.newSub(sp.URI, sp.Args, sp.Method)
		if err != nil {
			r.logErr("lua " + err.Error())
			return nil, fmt.Errorf("failed to issue subrequest: -1")
		}
		sr.sub.capture = true
		r.logAt(ngxshim.LogDebug, "lua http subrequest \""+sp.URI+"?"+sp.Args+"\"")
		if err := r.adjustCapture(sr, sp); err != nil {
			return nil, err
		}
		if sp.Ctx != nil {
			sr.ctx.Table = sp.Ctx
		}
		subs[i] = sr
	}
	r.capturing++
	wait := func() []ngxshim.SubrequestResult {
		for _, sr := range subs {
			go sr.runSub()
		}
		res := make([]ngxshim.SubrequestResult, len(subs))
		for i, sr := range subs {
			<-sr.sub.finished
			res[i] = sr.captureResult()
		}
		return res
	}
	done := func() []ngxshim.SubrequestResult {
		res := wait()
		r.w.b.take()
		r.capturing--
		r.w.b.give()
		return res
	}
	return done, nil
}

// adjustCapture gives a captured subrequest its body, header and variables
// as ngx_lua's ngx_http_lua_adjust_subrequest does.
func (r *request) adjustCapture(sr *request, sp ngxshim.SubrequestSpec) error {
	parentLen := int64(-1)
	if v, ok := r.headerIn("Content-Length"); ok {
		if n, ok := parseOff(v); ok {
			parentLen = n
		}
	}
	notChunked := false
	switch {
	case sp.HasBody:
		sr.body = &reqBody{exists: true, data: sp.Body}
	case !sp.AlwaysForwardBody && sp.Method != "PUT" && sp.Method != "POST" && parentLen > 0:
		sr.body = &reqBody{}
	default:
		notChunked = !r.hr.Chunked()
	}
	var hs []ngxshim.HeaderLine
	if !notChunked {
		if p, ok := sr.body.bytes(); ok {
			hs = append(hs, ngxshim.HeaderLine{Name: "Content-Length", Value: fmt.Sprint(len(p))})
		}
	}
	for _, h := range r.headersIn() {
		if !notChunked && strings.EqualFold(h.Name, "Content-Length") {
			continue
		}
		hs = append(hs, h)
	}
	sr.in.headers, sr.in.own = hs, true
	switch {
	case sp.ShareAllVars:
	case sp.CopyAllVars:
		sr.vars = r.vars.clone()
	default:
		sr.vars = &varStore{}
	}
	for _, v := range sp.Vars {
		name := strings.ToLower(v[0])
		switch {
		case name == "args":
			sr.args = v[1]
		case name == "limit_rate" || r.e.cfg.HTTP.Declared(name):
			sr.vars.set(name, varValue{v: v[1]})
		case knownVar(name):
			r.logErr("variable \"" + name + "\" not changeable")
			return fmt.Errorf("failed to adjust the subrequest: 500")
		default:
			r.logErr("variable \"" + name + "\" cannot be assigned a value (maybe you forgot to define it first?) ")
			return fmt.Errorf("failed to adjust the subrequest: -1")
		}
	}
	return nil
}

// captureResult is what ngx.location.capture returns for a finished
// subrequest.
func (r *request) captureResult() ngxshim.SubrequestResult {
	out := r.out()
	res := ngxshim.SubrequestResult{Status: r.sub.status, Body: r.sub.body, Truncated: r.sub.truncated,
		ContentType: out.ContentType, ContentLength: -1}
	if out.ContentLength >= 0 && !out.ContentLengthInHeaders {
		res.ContentLength = out.ContentLength
	}
	for _, h := range out.Headers {
		res.Header = append(res.Header, ngxshim.HeaderLine{Name: h.Name, Value: h.Value})
	}
	return res
}

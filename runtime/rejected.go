package runtime

import (
	"time"

	"gresty/runtime/http1"
)

var _ http1.RejectHandler = (*connHandler)(nil)

// ServeRejected implements http1.RejectHandler: a request the front refused
// (a bad request line or header line, a missing Host, a too long URI or
// header) is finalized as nginx's ngx_http_finalize_request does it, in the
// server the request got as far as (the default one, or the one its Host
// header named): the server's error_page for the status applies, as an
// internal redirect that runs the target location's handlers, and the log
// phase (log_by_lua, the access log) runs.
func (h *connHandler) ServeRejected(hr *http1.Request, status int) {
	r := h.rejectedRequest(hr)
	defer r.closeFreshVM()
	r.finalize(status)
}

var _ http1.RejectLogger = (*connHandler)(nil)

// LogRejected implements http1.RejectLogger for the requests the front
// dropped without an answer (the client closed the connection or timed
// out while sending the header): nginx closes them with status 400 or 408,
// which its log phase (log_by_lua, the access log) sees.
func (h *connHandler) LogRejected(hr *http1.Request, status int) {
	r := h.rejectedRequest(hr)
	defer r.closeFreshVM()
	r.out().Status = status
	r.logPhase()
	r.releaseCtx()
}

// rejectedRequest is the engine's request for one the front refused: in
// the server its Host header named (or the default one), at the server
// level.
func (h *connHandler) rejectedRequest(hr *http1.Request) *request {
	e := h.e
	w := e.workers[0]
	if n := len(e.workers); n > 1 {
		w = e.workers[hr.Conn().Serial()%uint64(n)]
	}
	r := &request{e: e, w: w, f: h.f, hr: hr, vars: &varStore{}, body: &reqBody{}, entered: time.Now()}
	r.main = r
	r.uri = hr.URI()
	r.args = hr.Args()
	r.srv, r.captures = e.cfg.HTTP.MatchServer(h.f.addr, hr.Host())
	if r.srv == nil {
		r.srv = h.f.def
	}
	r.loc = r.srv.Location
	r.ctx.Req = r
	hr.SetConfig(e.locationConfig(r.loc, h.f))
	if w.cfg.RequestGlobals {
		w.b.take()
		r.env = w.requestEnv(w.L)
		w.b.give()
	}
	return r
}

package runtime

import (
	"compress/gzip"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// request is one HTTP request in the engine: the front's request plus what
// nginx and ngx_lua keep for it (the selected server and location, the
// current URI, variables, the Lua context). A subrequest is a request too:
// it shares the client's connection and request (hr) with its parent and
// has its own URI, variables, response header and output (see sub).
type request struct {
	e  *Engine
	w  *Worker
	f  *front
	hr *http1.Request

	// parent is the request that issued this subrequest, nil for the main
	// request; main is the main request (itself for the main request).
	parent, main *request
	// sub is the subrequest's own response state, nil for the main request.
	sub *subState
	// depth counts the subrequests above this one (nginx's limit is 50).
	depth int

	srv      *config.Server
	loc      *config.Location
	uri      string
	args     string
	captures *config.Captures
	// vars are the variables assigned so far; subrequests issued with
	// share_all_vars use their parent's map.
	vars *varStore
	// uriChanges counts rewrites and internal redirects (nginx stops at 10).
	uriChanges int
	internal   bool

	// in is the client request as ngx.req changes it (method, headers),
	// body the request body as ngx.req reads and replaces it.
	in   reqIn
	body *reqBody

	ctx ngxshim.Ctx
	env *lua.LTable // the request's globals with lua_request_globals

	eof        bool
	exitStatus int
	exited     bool
	// exec is set by ngx.exec: an internal redirect to do once the handler
	// has unwound.
	exec *execTarget
	// jump is set by ngx.req.set_uri(uri, true): the location is searched
	// again once the handler has unwound.
	jump bool
	// absLocation is set when the Location header is nginx's own (a
	// redirect): a relative one is made absolute as it goes out.
	absLocation bool
	// filtering is set while header_filter_by_lua runs, so that its output
	// calls do not send the header again.
	filtering bool
	// ctypeCleared is set when ngx.header.content_type was cleared: no
	// default type is added then.
	ctypeCleared bool
	// ctypeSet is set once the default Content-Type has been decided (on
	// the first read of ngx.header or when the header is sent).
	ctypeSet bool
	// inLua counts the Lua runs of this request in progress on the current
	// path: while one runs, the baton is held by whoever calls into the
	// request (a filter then runs nested, without taking it).
	inLua int
	// buffering is set while the body of an HTTP/1.0 response is held to
	// send it with a Content-Length (lua_http10_buffering), in buf10.
	buffering bool
	buf10     []byte
	// freshVM is the request's own VM under lua_code_cache off.
	freshVM *Worker
	// aborted is set when the response could not be completed (a Lua error
	// after the header was sent): the connection is closed.
	aborted bool
	// outputFailed is set (on the main request) when an output filter of
	// the request or a subrequest failed: the connection is closed.
	outputFailed atomic.Bool
	// pending counts body bytes written since the last flush (main
	// request, guarded by outMu).
	pending int
	// seenBody is set once Lua printed body data.
	seenBody bool
	// errStatus is the status of the error error_page answers for
	// (nginx's r->err_status): the response keeps it.
	errStatus int
	// capturing counts the ngx.location.capture calls waiting for their
	// subrequests.
	capturing int

	// pp is the output postponed behind inline subrequests still running
	// (nginx's postpone filter); guarded by main.outMu.
	pp []*ppNode
	// children are the inline subrequests still running.
	children sync.WaitGroup
	// outMu serializes output to the client between a main request and
	// the subrequests running beside it (main request only).
	outMu sync.Mutex
	// echo is the echo module's state for the request, nil until used.
	echo *echoState
	// abort is the client-abort watch (lua_check_client_abort, main only).
	abort *abortWatch
	// luaHeaderDone is set once header_filter_by_lua has run.
	luaHeaderDone bool
	// entered is when the request entered the engine (echo timers).
	entered time.Time
	// upstream is the proxied URL while proxy_pass talks to it (the
	// "upstream:" of error_log lines); upstreamAddr, upstreamStatus and
	// upstreamTime are $upstream_addr, $upstream_status and
	// $upstream_response_time.
	upstream       string
	upstreamAddr   string
	upstreamStatus string
	upstreamTime   time.Duration
	// proxyVars gives $proxy_host and the like once proxy_pass ran.
	proxyVars *proxyVars
	// balancer is balancer_by_lua's state while proxy_pass picks a peer.
	balancer *balancerState
	// ownVars and ownBody are the main request's variables and body, kept
	// in the request itself (one allocation fewer each); subrequests point
	// vars and body at their parent's or their own.
	ownVars varStore
	ownBody reqBody
	// accessRC is what ngx.exit gave access_by_lua.
	accessRC int
	// gz compresses the main request's body (gzip on), nil otherwise.
	gz *gzip.Writer
	// logAction is what error_log lines say the request is doing
	// (" while connecting to upstream").
	logAction string
}

// execTarget is an internal redirect requested by ngx.exec or error_page.
type execTarget struct {
	uri, args string
	named     bool
}

var _ ngxshim.Request = (*request)(nil)

// connHandler is the front's handler for one listening address.
type connHandler struct {
	e *Engine
	f *front
}

// ServeHTTP1 implements http1.Handler.
func (h *connHandler) ServeHTTP1(hr *http1.Request) {
	e := h.e
	w := e.workers[0]
	if n := len(e.workers); n > 1 {
		// A connection belongs to one worker, as in nginx.
		w = e.workers[hr.Conn().Serial()%uint64(n)]
	}
	r := &request{e: e, w: w, f: h.f, hr: hr, entered: time.Now()}
	r.vars, r.body = &r.ownVars, &r.ownBody
	r.main = r
	r.serve()
	// nginx's ngx_http_free_request, with no request context left.
	if e.log.Enabled(ngxshim.LogDebug) {
		e.log.Write(ngxshim.LogDebug, "http close request", LogContext{Conn: hr.Conn().Serial()})
	}
}

// isMain reports whether r is the main request.
func (r *request) isMain() bool { return r.parent == nil }

// logContext says where error_log lines written for the request come from.
func (r *request) logContext() LogContext {
	var b strings.Builder
	if r.logAction != "" {
		b.WriteString(" while ")
		b.WriteString(r.logAction)
	}
	b.WriteString(", client: ")
	b.WriteString(r.hr.Conn().RemoteAddr())
	b.WriteString(", server: ")
	b.WriteString(r.serverName())
	if line := r.hr.RequestLine(); line != "" {
		b.WriteString(", request: \"")
		b.WriteString(line)
		b.WriteString("\"")
	}
	if !r.isMain() {
		b.WriteString(", subrequest: \"")
		b.WriteString(r.uri)
		b.WriteString("\"")
	}
	if r.upstream != "" {
		b.WriteString(", upstream: \"")
		b.WriteString(r.upstream)
		b.WriteString("\"")
	}
	if h := r.hr.Header("host"); h != nil {
		b.WriteString(", host: \"")
		b.Write(h)
		b.WriteString("\"")
	}
	return LogContext{Conn: r.hr.Conn().Serial(), Suffix: b.String()}
}

// serverName is $server_name: the first name of the selected server.
func (r *request) serverName() string {
	if r.srv != nil && len(r.srv.Names) > 0 {
		return r.srv.Names[0].Name
	}
	return ""
}

// ---- ngxshim.Request ----

// Print implements ngxshim.Request.
func (r *request) Print(p []byte) error {
	if r.rawSocketAcquired() {
		return errors.New("raw request socket acquired")
	}
	if r.eof {
		return errors.New("seen eof")
	}
	if r.headerOnly() && r.headerSent() {
		return errors.New("header only")
	}
	if r.isMain() && !r.hr.HeaderSent() && !r.buffering && r.loc.Lua.HTTP10Buffering &&
		r.hr.HTTPVersion() < 1001 && r.hr.Out.ContentLength < 0 && !r.hr.IsHead() {
		r.buffering = true
		r.logAt(ngxshim.LogDebug, "lua buffering output bufs for the HTTP 1.0 request")
	}
	if r.buffering {
		r.buf10 = append(r.buf10, p...)
		return nil
	}
	if !r.headerSent() {
		if err := r.sendHeader(); err != nil {
			return err
		}
	}
	if len(p) == 0 {
		return nil
	}
	r.seenBody = true
	return r.writeBody(p, false)
}

// flushBuffered ends HTTP/1.0 buffering (lua_http10_buffering): the header
// goes out with the body's length, then the body.
func (r *request) flushBuffered() {
	if !r.buffering {
		return
	}
	r.buffering = false
	if r.hr.Out.ContentLength < 0 {
		r.hr.Out.ContentLength = int64(len(r.buf10))
	}
	r.sendHeader()
	r.writeBody(r.buf10, false)
	r.buf10 = nil
}

// Flush implements ngxshim.Request, as ngx_http_lua_ngx_flush: with
// nothing sent yet (or no body, unless waiting) there is nothing to flush.
func (r *request) Flush(wait bool) error {
	switch {
	case r.rawSocketAcquired():
		return errors.New("raw request socket acquired")
	case r.headerSent() && r.headerOnly():
		return errors.New("header only")
	case r.eof:
		return errors.New("seen eof")
	case r.buffering:
		r.logAt(ngxshim.LogDebug, "lua http 1.0 buffering makes ngx.flush() a no-op")
		return errors.New("buffering")
	case !r.headerSent() || (!r.seenBody && !wait):
		return errors.New("nothing to flush")
	}
	if err := r.flushOut(); err != nil {
		return errors.New("nginx output filter error")
	}
	return nil
}

// EOF implements ngxshim.Request.
func (r *request) EOF() error {
	if r.rawSocketAcquired() {
		return errors.New("raw request socket acquired")
	}
	r.flushBuffered()
	if !r.headerSent() {
		if err := r.sendHeader(); err != nil {
			return err
		}
	}
	if err := r.writeBody(nil, true); err != nil {
		return err
	}
	r.eof = true
	return r.finishOut()
}

// SendHeaders implements ngxshim.Request.
func (r *request) SendHeaders() error {
	if r.headerSent() {
		return nil
	}
	return r.sendHeader()
}

// HeadersSent implements ngxshim.Request.
func (r *request) HeadersSent() bool { return r.headerSent() }

// Status implements ngxshim.Request.
func (r *request) Status() int {
	if r.errStatus != 0 {
		return r.errStatus
	}
	return r.out().Status
}

// SetStatus implements ngxshim.Request.
func (r *request) SetStatus(code int) {
	r.errStatus = 0
	r.out().Status = code
	// a status line taken from an upstream goes with the old status
	r.out().StatusLine = ""
	if code == 101 && r.isMain() {
		r.out().StatusLine = "101 Switching Protocols"
	}
}

// Header implements ngxshim.Request.
func (r *request) Header() ngxshim.ResponseHeader { return respHeader{r} }

// SeenEOF implements ngxshim.Request.
func (r *request) SeenEOF() bool { return r.eof }

// Exit implements ngxshim.Request.
func (r *request) Exit(status int) { r.exitStatus, r.exited = status, true }

// Exec implements ngxshim.Request: a named location keeps the request's
// arguments.
func (r *request) Exec(uri, args string) {
	named := strings.HasPrefix(uri, "@")
	if named {
		args = r.args
	}
	r.exec = &execTarget{uri: uri, args: args, named: named}
}

// Internal implements ngxshim.Request.
func (r *request) Internal() bool { return r.internal }

// PendingSubrequests implements ngxshim.AbortRequest: whether a Lua
// thread waits for subrequests (ngx.exit may not abort the handler then).
func (r *request) PendingSubrequests() bool { return r.capturing > 0 }

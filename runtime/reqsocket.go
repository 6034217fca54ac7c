package runtime

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/cosocket"
	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// The engine's side of cosockets: the settings of the location in effect,
// ngx.req.socket over the HTTP front, gresty's lua_cosocket_everywhere
// directive, and closing what a request or timer left open.

// cosocketEverywhere is gresty's lua_cosocket_everywhere directive: with
// it on, cosockets also run in init_by_lua, init_worker_by_lua, set_by_lua,
// header_filter_by_lua, body_filter_by_lua and log_by_lua, where ngx_lua
// refuses them ("API disabled in the context of ...").
const cosocketEverywhere = "lua_cosocket_everywhere"

func init() {
	if err := config.RegisterDirective(config.DirectiveSpec{
		Name: cosocketEverywhere, Module: "gresty",
		Contexts: config.CtxHTTP | config.CtxServer | config.CtxLocation,
		Args:     config.ArgsFlag, Value: config.ValueFlag, Once: true,
	}); err != nil {
		panic(err)
	}
}

var (
	_ ngxshim.SocketHost    = (*Worker)(nil)
	_ ngxshim.SocketRequest = (*request)(nil)
)

// socketConfs caches the cosocket settings of each location.
var socketConfs sync.Map // *config.Location -> *cosocket.Config

// socketEngines remembers each worker's engine, for cosockets that run
// outside requests (timers, init phases): they take the http block's
// settings.
var socketEngines sync.Map // *Worker -> *Engine

// adoptCosockets tells cosockets of w which engine it serves.
func (e *Engine) adoptCosockets(w *Worker) { socketEngines.Store(w, e) }

// socketConfig turns a location's settings into cosocket's.
func (e *Engine) socketConfig(loc *config.Location) *cosocket.Config {
	if c, ok := socketConfs.Load(loc); ok {
		return c.(*cosocket.Config)
	}
	c := cosocket.DefaultConfig()
	lua := &loc.Lua
	c.ConnectTimeout = durOr(lua.SocketConnectTimeout, c.ConnectTimeout)
	c.SendTimeout = durOr(lua.SocketSendTimeout, c.SendTimeout)
	c.ReadTimeout = durOr(lua.SocketReadTimeout, c.ReadTimeout)
	c.KeepaliveTimeout = lua.SocketKeepaliveTimeout
	if lua.SocketBufferSize > 0 {
		c.BufferSize = int(lua.SocketBufferSize)
	}
	if lua.SocketPoolSize > 0 {
		c.PoolSize = lua.SocketPoolSize
	}
	c.LogErrors = lua.SocketLogErrors
	c.CheckClientAbort = lua.CheckClientAbort
	c.TCPNodelay = loc.TCPNodelay
	if r := loc.Resolver; r != nil {
		c.Resolver = &cosocket.ResolverConfig{Addresses: r.Addresses, Timeout: loc.ResolverTimeout,
			Valid: r.Valid, IPv4: r.IPv4, IPv6: r.IPv6}
	}
	// the lua_ssl_* files resolve as nginx's ngx_ssl_trusted_certificate
	// and ngx_ssl_crl do: against the configuration's folder
	c.SSL = cosocket.SSLConfig{Protocols: lua.SSLProtocols, VerifyDepth: lua.SSLVerifyDepth,
		TrustedCertificate: e.confPrefixed(lua.SSLTrustedCertificate), CRL: e.confPrefixed(lua.SSLCRL),
		Ciphers: lua.SSLCiphers}
	c.LoopbackOnly = e.opts.LoopbackOnly
	got, _ := socketConfs.LoadOrStore(loc, c)
	return got.(*cosocket.Config)
}

func durOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// requestOf returns the request L runs for, nil outside requests.
func (w *Worker) requestOf(L *lua.LState) *request {
	if c := w.Current(L); c != nil {
		r, _ := c.Req.(*request)
		return r
	}
	return nil
}

// SocketConfig implements ngxshim.SocketHost.
func (w *Worker) SocketConfig(L *lua.LState) *cosocket.Config {
	if r := w.requestOf(L); r != nil && r.loc != nil {
		socketEngines.LoadOrStore(w, r.e)
		return r.e.socketConfig(r.loc)
	}
	if e, ok := socketEngines.Load(w); ok {
		eng := e.(*Engine)
		if eng.cfg.HTTP != nil && eng.cfg.HTTP.Location != nil {
			return eng.socketConfig(eng.cfg.HTTP.Location)
		}
	}
	return nil
}

// CosocketsEverywhere implements ngxshim.SocketHost.
func (w *Worker) CosocketsEverywhere(L *lua.LState) bool {
	var loc *config.Location
	if r := w.requestOf(L); r != nil {
		loc = r.loc
	} else if e, ok := socketEngines.Load(w); ok && e.(*Engine).cfg.HTTP != nil {
		loc = e.(*Engine).cfg.HTTP.Location
	}
	if loc == nil {
		return false
	}
	d := loc.Lookup(cosocketEverywhere)
	return d != nil && len(d.Args) > 0 && d.Args[0] == "on"
}

// LogGlobal implements ngxshim.SocketHost.
func (w *Worker) LogGlobal(level int, msg string) {
	if w.cfg.Log.Enabled(level) {
		w.cfg.Log.Write(level, msg, LogContext{})
	}
}

// LogEnabled implements ngxshim.SocketHost.
func (w *Worker) LogEnabled(level int) bool { return w.cfg.Log.Enabled(level) }

// endCosockets closes what the context ctx (a timer, an init phase) left
// open; the caller holds the baton.
func (w *Worker) endCosockets(ctx *ngxshim.Ctx) { ngxshim.EndCosockets(w.L, ctx) }

// closeCosockets closes the worker's pooled connections (it exits).
func (w *Worker) closeCosockets() { ngxshim.CloseCosockets(w.L) }

// endCosockets closes what the request left open, as nginx's request
// cleanup does, and forgets its request sockets. A subrequest's sockets
// close with its main request, on whose pool nginx keeps their cleanup.
func (r *request) endCosockets() {
	r.w.b.take()
	if r.main != nil && r.main != r {
		ngxshim.EndCosocketsWith(r.w.L, &r.ctx, &r.main.ctx)
	} else {
		ngxshim.EndCosockets(r.w.L, &r.ctx)
	}
	r.w.b.give()
	reqSockets.Delete(r)
}

// reqSocketState is what ngx.req.socket has given out for one request.
type reqSocketState struct {
	body, raw bool
}

var reqSockets sync.Map // *request -> *reqSocketState

func (r *request) socketState() *reqSocketState {
	st, _ := reqSockets.LoadOrStore(r, &reqSocketState{})
	return st.(*reqSocketState)
}

// ChunkedBody implements ngxshim.SocketRequest.
func (r *request) ChunkedBody() bool { return r.hr.Chunked() }

// BodySocket implements cosocket.RequestConn: ngx.req.socket().
func (r *request) BodySocket() (cosocket.BodyReader, int64, error) {
	if !r.isMain() {
		return nil, 0, &cosocket.RaiseError{Msg: "attempt to read the request body in a subrequest"}
	}
	st := r.socketState()
	if b := r.body; b != nil {
		if !b.mu.TryLock() {
			// ngx.req.read_body runs in another thread
			return nil, 0, errors.New("request body already exists")
		}
		exists, discarded := b.exists, b.discarded
		b.mu.Unlock()
		if exists {
			return nil, 0, errors.New("request body already exists")
		}
		if discarded {
			return nil, 0, errors.New("request body discarded")
		}
	}
	if st.body || r.hr.BodyLength() > 0 {
		return nil, 0, errors.New("request body already exists")
	}
	if r.hr.ContentLength() <= 0 {
		return nil, 0, errors.New("no body")
	}
	if b := r.body; b != nil {
		// nginx's ngx.req.socket() sets r->request_body: the body is
		// the socket's to read
		b.mu.Lock()
		b.exists = true
		b.mu.Unlock()
	}
	st.body = true
	rd := r.hr.BodyReader()
	// an empty read starts the body as nginx's ngx.req.socket() does: it
	// sends "100 Continue" if the client expects it, and the front no
	// longer discards the body at the end of the request
	if _, err := rd.Read(nil); err != nil && err != io.EOF {
		return nil, 0, errors.New("test expect failed")
	}
	return &reqSocketBody{r: r, rd: rd}, r.hr.ContentLength(), nil
}

// RawSocket implements cosocket.RequestConn: ngx.req.socket(true).
func (r *request) RawSocket() (net.Conn, []byte, error) {
	if !r.isMain() {
		return nil, nil, &cosocket.RaiseError{Msg: "attempt to read the request body in a subrequest"}
	}
	st := r.socketState()
	pending := st.body && r.hr.BodyLength() < r.hr.ContentLength()
	if b := r.body; b != nil && !pending {
		if b.mu.TryLock() {
			b.mu.Unlock()
		} else {
			// ngx.req.read_body runs in another thread
			pending = true
		}
	}
	if pending {
		return nil, nil, errors.New("pending request body reading in some other thread")
	}
	if r.buffering {
		return nil, nil, errors.New("http 1.0 buffering")
	}
	if st.raw {
		return nil, nil, errors.New("duplicate call")
	}
	c, preread, err := r.hr.Hijack()
	if err != nil {
		return nil, nil, errors.New("duplicate call")
	}
	st.raw = true
	return c, preread, nil
}

// rawSocketAcquired reports whether ngx.req.socket(true) took the client
// connection: ngx.say and friends then fail with "raw request socket
// acquired".
func (r *request) rawSocketAcquired() bool {
	st, ok := reqSockets.Load(r)
	return ok && st.(*reqSocketState).raw
}

// reqSocketBody reads a request body for ngx.req.socket(), turning the front's
// failures into what a cosocket reports.
type reqSocketBody struct {
	r  *request
	rd io.Reader
}

// Read implements io.Reader.
func (b *reqSocketBody) Read(p []byte) (int, error) {
	n, err := b.rd.Read(p)
	if err == nil && b.r.hr.BodyLength() >= b.r.hr.ContentLength() {
		// the last bytes: let the front see the body end, so that the
		// connection can serve the next request
		b.rd.Read(nil)
	}
	var se *http1.StatusError
	if errors.As(err, &se) {
		switch se.Status {
		case 408:
			err = os.ErrDeadlineExceeded
		case 400:
			// the client went away: a short body
			err = io.EOF
		}
	}
	return n, err
}

// Buffered implements cosocket.BodyBuffer: how many body bytes the front
// holds, when it can tell (an http1 front with BufferedBody), else -1.
func (b *reqSocketBody) Buffered() int {
	if bb, ok := any(b.r.hr).(interface{ BufferedBody() int }); ok {
		return bb.BufferedBody()
	}
	return -1
}

// Conn implements cosocket.BodyBuffer.
func (b *reqSocketBody) Conn() net.Conn { return b.r.hr.Conn().NetConn() }

// Interrupt implements cosocket.BodyReader.
func (b *reqSocketBody) Interrupt() {
	if c := b.r.hr.Conn().NetConn(); c != nil {
		c.SetReadDeadline(time.Now())
	}
}

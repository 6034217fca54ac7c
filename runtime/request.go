package runtime

import (
	"errors"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// request is one HTTP request in the engine: the front's request plus what
// nginx and ngx_lua keep for it (the selected server and location, the
// current URI, variables, the Lua context).
type request struct {
	e  *Engine
	w  *Worker
	f  *front
	hr *http1.Request

	srv      *config.Server
	loc      *config.Location
	uri      string
	args     string
	captures *config.Captures
	vars     map[string]string
	// unset are declared variables ngx.var set to nil.
	unset map[string]bool
	// uriChanges counts rewrites and internal redirects (nginx stops at 10).
	uriChanges int
	internal   bool

	ctx ngxshim.Ctx
	env *lua.LTable // the request's globals with lua_request_globals

	eof        bool
	exitStatus int
	exited     bool
	// exec is set by ngx.exec: an internal redirect to do once the handler
	// has unwound.
	exec *execTarget
	// filtering is set while header_filter_by_lua runs, so that its output
	// calls do not send the header again.
	filtering bool
	// ctypeCleared is set when ngx.header.content_type was cleared: no
	// default type is added then.
	ctypeCleared bool
	// inLua counts the Lua runs of this request in progress on the current
	// path: while one runs, the baton is held by whoever calls into the
	// request (a filter then runs nested, without taking it).
	inLua int
	// buffering is set while the body of an HTTP/1.0 response is held to
	// send it with a Content-Length (lua_http10_buffering), in buf10.
	buffering bool
	buf10     []byte
	// aborted is set when the response could not be completed (a Lua error
	// after the header was sent): the connection is closed.
	aborted bool
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
	r := &request{e: e, w: w, f: h.f, hr: hr}
	r.serve()
}

// logContext says where error_log lines written for the request come from.
func (r *request) logContext() LogContext {
	var b strings.Builder
	b.WriteString(", client: ")
	b.WriteString(r.hr.Conn().RemoteAddr())
	b.WriteString(", server: ")
	b.WriteString(r.serverName())
	if line := r.hr.RequestLine(); line != "" {
		b.WriteString(", request: \"")
		b.WriteString(line)
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
	if r.eof {
		return errors.New("seen eof")
	}
	if r.hr.HeaderOnly() && r.hr.HeaderSent() {
		return errors.New("header only")
	}
	if !r.hr.HeaderSent() && !r.buffering && r.loc.Lua.HTTP10Buffering &&
		r.hr.HTTPVersion() < 1001 && r.hr.Out.ContentLength < 0 && !r.hr.IsHead() {
		r.buffering = true
	}
	if r.buffering {
		r.buf10 = append(r.buf10, p...)
		return nil
	}
	if !r.hr.HeaderSent() {
		if err := r.sendHeader(); err != nil {
			return err
		}
	}
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

// writeBody passes p through body_filter_by_lua (if any) to the front.
func (r *request) writeBody(p []byte, last bool) error {
	if bf := r.loc.Lua.BodyFilter; bf != nil && !r.filtering {
		var err error
		p, last, err = r.bodyFilter(bf, p, last)
		if err != nil {
			return err
		}
	}
	if len(p) > 0 {
		if _, err := r.hr.Write(p); err != nil {
			return errors.New("nginx output filter error")
		}
	}
	if last {
		r.eof = true
	}
	return nil
}

// Flush implements ngxshim.Request.
func (r *request) Flush(wait bool) error {
	if r.hr.HeaderSent() && r.hr.HeaderOnly() {
		return errors.New("header only")
	}
	if r.buffering {
		return errors.New("buffering")
	}
	if !r.hr.HeaderSent() {
		if err := r.sendHeader(); err != nil {
			return err
		}
	}
	if err := r.hr.Flush(); err != nil {
		return errors.New("connection broken")
	}
	return nil
}

// EOF implements ngxshim.Request.
func (r *request) EOF() error {
	r.flushBuffered()
	if !r.hr.HeaderSent() {
		if err := r.sendHeader(); err != nil {
			return err
		}
	}
	if err := r.writeBody(nil, true); err != nil {
		return err
	}
	r.eof = true
	if err := r.hr.Finish(); err != nil {
		return errors.New("nginx output filter error")
	}
	return nil
}

// SendHeaders implements ngxshim.Request.
func (r *request) SendHeaders() error {
	if r.hr.HeaderSent() {
		return nil
	}
	return r.sendHeader()
}

// HeadersSent implements ngxshim.Request.
func (r *request) HeadersSent() bool { return r.hr.HeaderSent() }

// Status implements ngxshim.Request.
func (r *request) Status() int { return r.hr.Out.Status }

// SetStatus implements ngxshim.Request.
func (r *request) SetStatus(code int) { r.hr.Out.Status = code }

// Header implements ngxshim.Request.
func (r *request) Header() ngxshim.ResponseHeader { return respHeader{r} }

// SeenEOF implements ngxshim.Request.
func (r *request) SeenEOF() bool { return r.eof }

// Exit implements ngxshim.Request.
func (r *request) Exit(status int) { r.exitStatus, r.exited = status, true }

// Exec implements ngxshim.Request.
func (r *request) Exec(uri, args string) {
	r.exec = &execTarget{uri: uri, args: args, named: strings.HasPrefix(uri, "@")}
}

// Internal implements ngxshim.Request.
func (r *request) Internal() bool { return r.internal }

// sendHeader runs the header filters (header_filter_by_lua, add_header, the
// default content type) and hands the header to the front.
func (r *request) sendHeader() error {
	out := &r.hr.Out
	if out.Status == 0 {
		out.Status = 200
	}
	if hf := r.loc.Lua.HeaderFilter; hf != nil && !r.filtering {
		r.runFilter(hf, ngxshim.PhaseHeaderFilter, nil)
	}
	r.addHeaders()
	if out.ContentType == "" && r.loc.Lua.UseDefaultType && !r.ctypeCleared && out.Status != 304 {
		out.ContentType = r.loc.DefaultType
	}
	if err := r.hr.SendHeader(); err != nil && !errors.Is(err, http1.ErrHeaderSent) {
		return errors.New("nginx output filter error")
	}
	return nil
}

// addHeaders applies add_header for the final status.
func (r *request) addHeaders() {
	st := r.hr.Out.Status
	for _, h := range r.loc.AddHeaders {
		if !h.Always {
			switch st {
			case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308:
			default:
				continue
			}
		}
		v := h.Value.Eval(r)
		if v == "" {
			continue
		}
		r.hr.Out.Headers = append(r.hr.Out.Headers, http1.Header{Name: h.Name, Value: v})
	}
}

// ---- the response header as ngx.header sees it ----

// respHeader is ngx.header over the front's outgoing header, with nginx's
// special slots (Content-Type, Content-Length, Server, Date).
type respHeader struct{ r *request }

func (h respHeader) Get(name string) []string {
	out := &h.r.hr.Out
	switch {
	case strings.EqualFold(name, "Content-Type"):
		if out.ContentType == "" {
			return nil
		}
		return []string{out.ContentType}
	case strings.EqualFold(name, "Content-Length"):
		if out.ContentLength < 0 {
			return nil
		}
		return []string{strconv.FormatInt(out.ContentLength, 10)}
	}
	var vals []string
	for _, f := range out.Headers {
		if strings.EqualFold(f.Name, name) {
			vals = append(vals, f.Value)
		}
	}
	return vals
}

func (h respHeader) Set(name string, vals []string) {
	out := &h.r.hr.Out
	switch {
	case strings.EqualFold(name, "Content-Type"):
		if len(vals) == 0 {
			out.ContentType = ""
			h.r.ctypeCleared = true
			return
		}
		out.ContentType = vals[len(vals)-1]
		return
	case strings.EqualFold(name, "Content-Length"):
		if len(vals) == 0 {
			out.ContentLength = -1
			return
		}
		if n, err := strconv.ParseInt(vals[len(vals)-1], 10, 64); err == nil {
			out.ContentLength = n
		}
		return
	case strings.EqualFold(name, "Server"):
		out.NoServer = true
	case strings.EqualFold(name, "Date"):
		out.NoDate = true
	}
	// The first header of that name keeps its place; later ones go.
	kept := out.Headers[:0]
	pos := -1
	for _, f := range out.Headers {
		if strings.EqualFold(f.Name, name) {
			if pos < 0 {
				pos = len(kept)
			}
			continue
		}
		kept = append(kept, f)
	}
	out.Headers = kept
	if len(vals) == 0 {
		return
	}
	add := make([]http1.Header, len(vals))
	for i, v := range vals {
		add[i] = http1.Header{Name: name, Value: v}
	}
	if pos < 0 {
		out.Headers = append(out.Headers, add...)
		return
	}
	out.Headers = append(out.Headers[:pos], append(add, out.Headers[pos:]...)...)
}

func (h respHeader) Names() []string {
	out := &h.r.hr.Out
	var names []string
	if out.ContentType != "" {
		names = append(names, "Content-Type")
	}
	if out.ContentLength >= 0 {
		names = append(names, "Content-Length")
	}
	for _, f := range out.Headers {
		names = append(names, f.Name)
	}
	return names
}

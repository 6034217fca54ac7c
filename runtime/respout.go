package runtime

import (
	"errors"
	"strings"

	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// The response's way out: nginx's header filters (headers-more,
// header_filter_by_lua, the echo filter, add_header) and body filters
// (body_filter_by_lua, echo_before_body/echo_after_body), then the postpone
// filter that keeps the output of a request and its inline subrequests in
// order, and the front (the main request) or the capture buffer
// (ngx.location.capture).

// subState is what a subrequest has of its own: its response header and,
// for a captured one, its body.
type subState struct {
	out        http1.HeadersOut
	headerSent bool
	headerOnly bool
	// capture is set for ngx.location.capture: the output is kept in body
	// instead of going to the parent.
	capture bool
	body    []byte
	// truncated is set when the subrequest failed after its header
	// (res.truncated).
	truncated bool
	// done is set when the subrequest and all of its own inline
	// subrequests have finished (guarded by main.outMu).
	done bool
	// finished is closed when the subrequest has finished.
	finished chan struct{}
	// status is what the subrequest was finalized with.
	status int
}

// ppNode is one entry of a request's postponed output: data the request
// produced after an inline subrequest that is still running, or that
// subrequest with what it produced so far.
type ppNode struct {
	data  []byte
	child *request
}

// out is the response header being built.
func (r *request) out() *http1.HeadersOut {
	if r.sub != nil {
		return &r.sub.out
	}
	return &r.hr.Out
}

// headerSent reports whether the response header went through the header
// filters.
func (r *request) headerSent() bool {
	if r.sub != nil {
		return r.sub.headerSent
	}
	return r.hr.HeaderSent()
}

// headerOnly reports whether the response has no body (HEAD, 204, 304).
func (r *request) headerOnly() bool {
	if r.sub != nil {
		return r.sub.headerOnly
	}
	return r.hr.HeaderOnly()
}

// sendHeader runs the header filters (headers-more, header_filter_by_lua,
// the echo filter, add_header, the default content type) and hands the
// header to the front, or keeps it for a subrequest.
func (r *request) sendHeader() error {
	r.luaHeaderFilterDebug()
	out := r.out()
	if r.errStatus != 0 {
		// an error_page response keeps the error's status
		out.Status = r.errStatus
		out.StatusLine = ""
	}
	if out.Status == 0 {
		out.Status = 200
	}
	r.setDefaultType()
	r.moreHeadersOut()
	if err := r.luaHeaderFilter(); err != nil {
		return err
	}
	r.echoHeaderFilter()
	if r.sub != nil {
		r.sub.headerSent = true
		if r.method() == "HEAD" {
			r.sub.headerOnly = true
		}
		return nil
	}
	if code := r.notModified(); code != 0 {
		r.filterFinalize(code)
		return errFilterFinalized
	}
	r.charsetFilter()
	r.addHeaders()
	r.gzipHeader()
	r.absoluteLocation()
	if err := r.hr.SendHeader(); err != nil && !errors.Is(err, http1.ErrHeaderSent) {
		return errors.New("nginx output filter error")
	}
	if r.postponeOutput() <= 1 {
		// the header alone is output enough
		if err := r.hr.Flush(); err != nil {
			return r.writeFailed(err)
		}
	}
	return nil
}

// postponeOutput is postpone_output (1460).
func (r *request) postponeOutput() int { return r.extra().postpone }

// postponeOutputOf reads postpone_output.
func postponeOutputOf(loc *config.Location) int {
	if d := loc.Lookup("postpone_output"); d != nil && len(d.Args) > 0 {
		if n, ok := config.ParseSize(d.Args[0]); ok {
			return int(n)
		}
	}
	return 1460
}

// writeFailed records a failed write to the client: the response cannot
// be completed.
func (r *request) writeFailed(err error) error {
	m := r.main
	if m.outputFailed.CompareAndSwap(false, true) {
		r.logAt(ngxshim.LogInfo, "writev() failed ("+errnoText(err)+")")
	}
	return errors.New("nginx output filter error")
}

// setDefaultType gives the response default_type unless a type was set or
// cleared (ngx_http_set_content_type as ngx_lua calls it).
func (r *request) setDefaultType() {
	if r.ctypeSet {
		return
	}
	r.ctypeSet = true
	out := r.out()
	if out.ContentType == "" && r.loc.Lua.UseDefaultType && !r.ctypeCleared && out.Status != 304 {
		out.ContentType = r.loc.DefaultType
	}
}

// addHeaders applies add_header for the final status.
func (r *request) addHeaders() {
	st := r.out().Status
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
		r.out().Headers = append(r.out().Headers, http1.Header{Name: h.Name, Value: v})
	}
}

// writeBody passes p through the body filters (body_filter_by_lua, the
// echo filter) and the postpone filter.
func (r *request) writeBody(p []byte, last bool) error {
	if r.eof {
		return nil
	}
	r.luaBodyFilterDebug()
	if bf := r.loc.Lua.BodyFilter; bf != nil && !r.filtering {
		var err error
		p, last, err = r.bodyFilter(bf, p, last)
		if err != nil {
			r.main.outputFailed.Store(true)
			return err
		}
	}
	p = r.echoBodyFilter(p, last)
	if len(p) > 0 && !r.headerOnly() {
		if err := r.emit(p); err != nil {
			return err
		}
	}
	if last {
		r.eof = true
	}
	return nil
}

// emit is the postpone filter: the data goes down at once unless an
// inline subrequest issued earlier has not finished.
func (r *request) emit(p []byte) error {
	m := r.main
	m.outMu.Lock()
	defer m.outMu.Unlock()
	if len(r.pp) > 0 {
		r.pp = append(r.pp, &ppNode{data: append([]byte(nil), p...)})
		return nil
	}
	return r.down(p)
}

// down hands output the postpone filter let through to what is below the
// request: the front, the capture buffer, or the parent's postponed list.
// The caller holds main.outMu.
func (r *request) down(p []byte) error {
	switch {
	case r.sub == nil && r.gz != nil:
		if _, err := r.gz.Write(p); err != nil {
			return err
		}
		return nil
	case r.sub == nil:
		return r.downFront(p)
	case r.sub.capture:
		r.sub.body = append(r.sub.body, p...)
		return nil
	}
	par := r.parent
	for i, n := range par.pp {
		if n.child != r {
			continue
		}
		if i == 0 {
			return par.down(p)
		}
		n.data = append(n.data, p...)
		return nil
	}
	// not postponed: the parent waits for this subrequest
	return par.down(p)
}

// downFront writes the main request's output to the front. The caller
// holds main.outMu.
func (r *request) downFront(p []byte) error {
	if _, err := r.hr.Write(p); err != nil {
		return r.writeFailed(err)
	}
	// nginx's write filter holds output until postpone_output bytes are
	// pending
	r.pending += len(p)
	if r.pending >= r.postponeOutput() {
		r.pending = 0
		if err := r.hr.Flush(); err != nil {
			return r.writeFailed(err)
		}
	}
	return nil
}

// flushPostponed lets through what waited for inline subrequests that have
// finished. The caller holds main.outMu.
func (r *request) flushPostponed() {
	for len(r.pp) > 0 {
		n := r.pp[0]
		if len(n.data) > 0 {
			r.down(n.data)
			n.data = nil
		}
		if n.child != nil && !n.child.sub.done {
			return
		}
		r.pp[0] = nil
		r.pp = r.pp[1:]
	}
}

// flushOut sends what is buffered to the client (ngx.flush, echo_flush).
func (r *request) flushOut() error {
	m := r.main
	m.outMu.Lock()
	defer m.outMu.Unlock()
	if r.sub != nil || len(r.pp) > 0 {
		return nil
	}
	if r.gz != nil {
		if err := r.gz.Flush(); err != nil {
			return errors.New("connection broken")
		}
	}
	r.pending = 0
	if err := r.hr.Flush(); err != nil {
		r.writeFailed(err)
		return errors.New("connection broken")
	}
	return nil
}

// finishOut ends the response: the main request's goes out with its last
// chunk; a subrequest's is complete.
func (r *request) finishOut() error {
	r.children.Wait()
	m := r.main
	m.outMu.Lock()
	defer m.outMu.Unlock()
	r.flushPostponed()
	if r.sub != nil {
		return nil
	}
	if r.gz != nil {
		gz := r.gz
		r.gz = nil
		if err := gz.Close(); err != nil {
			return errors.New("nginx output filter error")
		}
	}
	if err := r.hr.Finish(); err != nil {
		return errors.New("nginx output filter error")
	}
	return nil
}

// sendSpecial answers with nginx's built-in page for status (error_page
// having been tried): the front does it for the main request; a
// subrequest's page is produced as its output.
func (r *request) sendSpecial(status int) {
	if r.sub == nil {
		// the page goes through nginx's filters
		r.luaHeaderFilterDebug()
		r.luaBodyFilterDebug()
		r.hr.SendSpecial(status)
		return
	}
	out := r.out()
	out.Status = status
	out.ContentType = ""
	out.ContentLength = 0
	page := http1.ErrorPage(status, r.pageProduct())
	if page != "" {
		out.ContentType = "text/html"
		out.ContentLength = int64(len(page))
	}
	r.ctypeSet = true
	r.sendHeader()
	if page != "" {
		r.writeBody([]byte(page), false)
	}
	r.writeBody(nil, true)
}

// filteredSpecial is nginx's special response for the main request sent
// through the header and body filters (header_filter_by_lua may change its
// status, body_filter_by_lua sees the page).
func (r *request) filteredSpecial(status int) {
	hr := r.hr
	switch status {
	case 400, 413, 414, 495, 496, 497, 500, 501:
		hr.SetKeepalive(false)
	}
	if err := hr.DiscardBody(); err != nil {
		hr.SetKeepalive(false)
	}
	out := r.out()
	out.StatusLine = ""
	out.Status = status
	if status >= 494 && status <= 497 {
		out.Status = 400
	}
	for _, name := range []string{"Content-Length", "Accept-Ranges", "Last-Modified", "ETag", "E-Tag"} {
		out.Headers = dropHeader(out.Headers, name)
	}
	out.ContentLengthInHeaders = false
	page := http1.ErrorPage(status, r.pageProduct())
	out.ContentType, out.ContentLength = "", 0
	if page != "" {
		out.ContentType = "text/html"
		out.ContentLength = int64(len(page))
	}
	r.ctypeSet = true
	if r.sendHeader() != nil {
		return
	}
	if page != "" {
		r.writeBody([]byte(page), false)
	}
	r.writeBody(nil, true)
	r.finishOut()
}

// pageProduct is the product an error page names (without its version
// under server_tokens off).
func (r *request) pageProduct() string {
	conf := r.hr.Config()
	if conf.ServerTokens {
		return conf.Product
	}
	name, _, _ := strings.Cut(conf.Product, "/")
	return name
}

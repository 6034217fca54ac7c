package runtime

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// ngx_http_proxy_module's proxy_pass, for plain HTTP/1.x upstreams: the
// request line and header nginx builds (proxy_set_header over nginx's
// default set, the client's header after it), the request body, and the
// upstream's status line, header and body passed back through the
// request's filters, with nginx's status codes and error_log lines for
// what fails. OpenResty apps proxy from locations next to their Lua ones,
// and the upstream suites use proxy_pass to loop back into the server.
// Not emulated: response buffering to temp files, the cache, SSL to the
// upstream, proxy_redirect rewriting, upstream keepalive pools.

// proxyConf is a location's proxy settings.
type proxyConf struct {
	// line is the proxy_pass directive's line (the last content handler
	// directive of a location wins).
	line int
	pass *config.ComplexValue
	// url is the parsed proxy_pass URL when it has no variables.
	url *proxyURL
	// locName is the prefix location's name that a URI part replaces.
	locName string
	headers []proxyHeader
	// headerSet is headers' names, lower case: the client header lines
	// they replace.
	headerSet map[string]bool
	// version is proxy_http_version.
	version         string
	passHeaders     bool
	passBody        bool
	connectTimeout  time.Duration
	sendTimeout     time.Duration
	readTimeout     time.Duration
	hide            map[string]bool
	interceptErrors bool
	// buffering is proxy_buffering: the body is held in buffers of
	// proxyBufferSize and passed on a full buffer at a time.
	buffering bool
}

// proxyBufferSize is nginx's default proxy buffer, one memory page.
const proxyBufferSize = 4096

// proxyHeader is one proxy_set_header.
type proxyHeader struct {
	name  string
	value *config.ComplexValue
}

// proxyURL is a parsed proxy_pass URL.
type proxyURL struct {
	scheme string // "http://"
	// host is the host and port as written ($proxy_host), or the
	// upstream block's name.
	host string
	// addr is host:port to dial, "" for an upstream block or unix socket.
	addr string
	unix string
	// uri is the URI part, hasURI set when one was written (even "/").
	uri    string
	hasURI bool
}

// proxyDefaultHeaders are nginx's proxy_set_header defaults, added after
// the configured ones; an empty value drops the header.
var proxyDefaultHeaders = []struct{ name, value string }{
	{"Host", "$proxy_host"},
	{"Connection", "close"},
	{"Content-Length", "$proxy_internal_body_length"},
	{"Transfer-Encoding", ""},
	{"TE", ""},
	{"Keep-Alive", ""},
	{"Expect", ""},
	{"Upgrade", ""},
}

// proxyHiddenHeaders are the upstream header lines nginx does not pass to
// the client by default (proxy_hide_header's defaults), plus the
// hop-by-hop ones the upstream module handles itself.
var proxyHiddenHeaders = []string{"date", "server", "x-pad", "x-accel-expires",
	"x-accel-redirect", "x-accel-limit-rate", "x-accel-buffering", "x-accel-charset",
	"connection", "keep-alive", "transfer-encoding"}

// proxyConfOf reads loc's proxy settings; nil when the location (or the
// location an if block is in) has no proxy_pass.
func proxyConfOf(loc *config.Location) *proxyConf {
	var d *config.Directive
	owner := loc
	for l := loc; l != nil; l = l.Parent {
		if own := l.Own("proxy_pass"); len(own) > 0 {
			d, owner = own[len(own)-1], l
			break
		}
		if l.Kind != config.LocIf && l.Kind != config.LocLimitExcept {
			break
		}
	}
	if d == nil || len(d.Args) == 0 {
		return nil
	}
	pc := &proxyConf{line: d.Line, version: "1.0", passHeaders: true, passBody: true,
		connectTimeout: 60 * time.Second, sendTimeout: 60 * time.Second, readTimeout: 60 * time.Second}
	cv, err := config.ParseComplex(d.Args[0])
	if err != nil {
		return nil
	}
	pc.pass = cv
	if cv.Static() {
		if u, err := parseProxyURL(d.Args[0]); err == nil {
			pc.url = u
		}
	}
	if owner.Kind == config.LocPrefix || owner.Kind == config.LocExact || owner.Kind == config.LocPrefixNoRegex {
		pc.locName = owner.Name
	}
	set := map[string]bool{}
	for _, h := range loc.LookupAll("proxy_set_header") {
		if len(h.Args) < 2 {
			continue
		}
		v, _ := config.ParseComplex(h.Args[1])
		pc.headers = append(pc.headers, proxyHeader{name: h.Args[0], value: v})
		set[strings.ToLower(h.Args[0])] = true
	}
	for _, h := range proxyDefaultHeaders {
		if set[strings.ToLower(h.name)] {
			continue
		}
		set[strings.ToLower(h.name)] = true
		v, _ := config.ParseComplex(h.value)
		pc.headers = append(pc.headers, proxyHeader{name: h.name, value: v})
	}
	pc.headerSet = set
	if d := loc.Lookup("proxy_http_version"); d != nil && len(d.Args) > 0 {
		pc.version = d.Args[0]
	}
	if d := loc.Lookup("proxy_pass_request_headers"); d != nil && len(d.Args) > 0 {
		pc.passHeaders = d.Args[0] == "on"
	}
	if d := loc.Lookup("proxy_pass_request_body"); d != nil && len(d.Args) > 0 {
		pc.passBody = d.Args[0] == "on"
	}
	pc.buffering = true
	if d := loc.Lookup("proxy_buffering"); d != nil && len(d.Args) > 0 {
		pc.buffering = d.Args[0] == "on"
	}
	if d := loc.Lookup("proxy_intercept_errors"); d != nil && len(d.Args) > 0 {
		pc.interceptErrors = d.Args[0] == "on"
	}
	for name, dst := range map[string]*time.Duration{"proxy_connect_timeout": &pc.connectTimeout,
		"proxy_send_timeout": &pc.sendTimeout, "proxy_read_timeout": &pc.readTimeout} {
		if d := loc.Lookup(name); d != nil && len(d.Args) > 0 {
			if ms, ok := config.ParseMsec(d.Args[0]); ok {
				*dst = time.Duration(ms) * time.Millisecond
			}
		}
	}
	pc.hide = map[string]bool{}
	for _, h := range proxyHiddenHeaders {
		pc.hide[h] = true
	}
	for _, d := range loc.LookupAll("proxy_hide_header") {
		pc.hide[strings.ToLower(d.Args[0])] = true
	}
	for _, d := range loc.LookupAll("proxy_pass_header") {
		delete(pc.hide, strings.ToLower(d.Args[0]))
	}
	return pc
}

// errProxyURL is an unusable proxy_pass URL.
var errProxyURL = errors.New("invalid URL prefix")

// parseProxyURL splits a proxy_pass URL as ngx_parse_url does.
func parseProxyURL(s string) (*proxyURL, error) {
	u := &proxyURL{}
	switch {
	case len(s) > 7 && strings.EqualFold(s[:7], "http://"):
		u.scheme, s = "http://", s[7:]
	case len(s) > 8 && strings.EqualFold(s[:8], "https://"):
		u.scheme, s = "https://", s[8:]
	default:
		return nil, errProxyURL
	}
	if len(s) > 5 && strings.EqualFold(s[:5], "unix:") {
		path := s[5:]
		if i := strings.IndexByte(path, ':'); i >= 0 {
			u.uri, u.hasURI = path[i+1:], true
			path = path[:i]
		}
		u.unix, u.host = path, "localhost"
		return u, nil
	}
	host := s
	if i := strings.IndexAny(s, "/?"); i >= 0 {
		host, u.uri, u.hasURI = s[:i], s[i:], true
		if u.uri[0] == '?' {
			u.uri = "/" + u.uri
		}
	}
	if host == "" {
		return nil, errors.New("no host")
	}
	u.host = host
	if _, _, err := net.SplitHostPort(host); err == nil {
		u.addr = host
	} else if !strings.Contains(host, ":") {
		// a bare name is an upstream block, else host:80
		u.addr = ""
	}
	return u, nil
}

// proxyUpstream is an upstream block's peers with nginx's smooth weighted
// round robin state, shared by the requests of all workers.
type proxyUpstream struct {
	mu    sync.Mutex
	peers []*proxyPeer
}

// proxyPeer is one server of an upstream block.
type proxyPeer struct {
	addr    string
	weight  int
	current int
}

// proxyUpstreams holds the state of each upstream block.
var proxyUpstreams sync.Map // *config.Upstream -> *proxyUpstream

// upstreamOf returns the state of up, made on first use.
func upstreamOf(up *config.Upstream) *proxyUpstream {
	if v, ok := proxyUpstreams.Load(up); ok {
		return v.(*proxyUpstream)
	}
	pu := &proxyUpstream{}
	for _, d := range up.Own("server") {
		if len(d.Args) == 0 {
			continue
		}
		p := &proxyPeer{addr: d.Args[0], weight: 1}
		if !strings.HasPrefix(p.addr, "unix:") {
			if _, _, err := net.SplitHostPort(p.addr); err != nil {
				p.addr = net.JoinHostPort(p.addr, "80")
			}
		}
		down := false
		for _, a := range d.Args[1:] {
			switch {
			case strings.HasPrefix(a, "weight="):
				if n, err := strconv.Atoi(a[7:]); err == nil && n > 0 {
					p.weight = n
				}
			case a == "down", a == "backup":
				down = true
			}
		}
		if !down {
			pu.peers = append(pu.peers, p)
		}
	}
	v, _ := proxyUpstreams.LoadOrStore(up, pu)
	return v.(*proxyUpstream)
}

// pick chooses the next peer not yet tried by the request, as
// ngx_http_upstream_get_peer does; "" when none is left.
func (pu *proxyUpstream) pick(tried map[string]bool) string {
	pu.mu.Lock()
	defer pu.mu.Unlock()
	var best *proxyPeer
	total := 0
	for _, p := range pu.peers {
		if tried[p.addr] {
			continue
		}
		p.current += p.weight
		total += p.weight
		if best == nil || p.current > best.current {
			best = p
		}
	}
	if best == nil {
		return ""
	}
	best.current -= total
	return best.addr
}

// findUpstream returns the upstream block u names, nil for a plain host.
func (r *request) findUpstream(u *proxyURL) *config.Upstream {
	if u.unix != "" || u.addr != "" {
		return nil
	}
	for _, up := range r.e.cfg.HTTP.Upstreams {
		if up.Name == u.host {
			return up
		}
	}
	return nil
}

// proxyVars resolves the proxy module's own variables over the request's.
type proxyVars struct {
	r         *request
	u         *proxyURL
	bodyLen   int64
	hasLength bool
}

func (v proxyVars) Var(name string) (string, bool) {
	switch name {
	case "proxy_host":
		return v.u.host, true
	case "proxy_port":
		if _, p, err := net.SplitHostPort(v.u.addr); err == nil {
			return p, true
		}
		return "80", true
	case "proxy_internal_body_length":
		if !v.hasLength {
			return "", false
		}
		return strconv.FormatInt(v.bodyLen, 10), true
	case "proxy_add_x_forwarded_for":
		addr := v.r.hr.Conn().RemoteAddr()
		if xff, ok := v.r.headerIn("X-Forwarded-For"); ok {
			return xff + ", " + addr, true
		}
		return addr, true
	}
	return v.r.Var(name)
}

func (v proxyVars) Capture(n int) (string, bool) { return v.r.Capture(n) }

// proxyTestMode is cosocket's test-mode switch: only loopback upstreams.
const proxyTestMode = "GRESTY_TEST_MODE"

// runProxy is the proxy content handler.
func (r *request) runProxy(pc *proxyConf) int {
	if st := r.ReadBody(); st != 0 {
		return st
	}
	u := pc.url
	if u == nil {
		raw := pc.pass.Eval(r)
		var err error
		if u, err = parseProxyURL(raw); err != nil {
			r.logErr("invalid URL prefix in \"" + raw + "\"")
			return 500
		}
	}
	if u.scheme != "http://" {
		r.logErr("gresty does not proxy to \"" + u.scheme + "\" upstreams")
		return 502
	}
	uri := r.proxyURI(pc, u)
	body, hasBody := r.body.bytes()
	if !pc.passBody {
		body = nil
	}
	vars := proxyVars{r: r, u: u}
	if cl, ok := r.headerIn("Content-Length"); ok && pc.passBody {
		vars.bodyLen, vars.hasLength = int64(len(body)), true
		if !hasBody {
			if n, err := strconv.ParseInt(strings.TrimSpace(cl), 10, 64); err == nil {
				vars.bodyLen = n
			}
		}
	} else if hasBody && len(body) > 0 {
		vars.bodyLen, vars.hasLength = int64(len(body)), true
	}
	r.proxyVars = &vars
	req := r.proxyRequest(pc, vars, uri, body)
	up := r.findUpstream(u)
	if up == nil {
		peer := u.addr
		switch {
		case u.unix != "":
			peer = "unix:" + u.unix
		case peer == "":
			peer = net.JoinHostPort(u.host, "80")
		}
		st, _ := r.proxyTo(pc, u, peer, uri, req)
		r.upstream = ""
		return st
	}
	pu := upstreamOf(up)
	tries := len(pu.peers)
	tried := map[string]bool{}
	var bal *balancerState
	if up.BalancerByLua != nil {
		bal = &balancerState{}
		r.balancer = bal
		defer func() { r.balancer = nil }()
	}
	for {
		peer := ""
		conf := pc
		if bal != nil {
			bal.peer, bal.moreTries = "", 0
			if st := r.runBalancer(up.BalancerByLua, u); st != statusNext {
				return st
			}
			peer = bal.peer
			tries += bal.moreTries
			if bal.connect+bal.send+bal.read > 0 {
				c := *pc
				if bal.connect > 0 {
					c.connectTimeout = bal.connect
				}
				if bal.send > 0 {
					c.sendTimeout = bal.send
				}
				if bal.read > 0 {
					c.readTimeout = bal.read
				}
				conf = &c
			}
		}
		if peer == "" {
			peer = pu.pick(tried)
			if peer == "" {
				r.upstream = u.scheme + u.host + uri
				r.logErr("no live upstreams while connecting to upstream")
				r.upstream = ""
				return 502
			}
			tried[peer] = true
		}
		st, retry := r.proxyTo(conf, u, peer, uri, req)
		r.upstream = ""
		tries--
		if !retry || tries <= 0 {
			return st
		}
		if bal != nil {
			bal.lastState, bal.lastStatus = "failed", st
		}
	}
}

// balancerState is what balancer_by_lua set for the current attempt, and
// what it may read of the previous one.
type balancerState struct {
	peer                string
	moreTries           int
	connect, send, read time.Duration
	lastState           string
	lastStatus          int
}

// runBalancer runs balancer_by_lua before an attempt; statusNext goes on
// to connect.
func (r *request) runBalancer(h *config.LuaHandler, u *proxyURL) int {
	r.logAction = "connecting to upstream"
	defer func() { r.logAction = "" }()
	savedStatus, savedExited := r.exitStatus, r.exited
	r.exitStatus, r.exited = 0, false
	_, res := r.runFilter(h, ngxshim.PhaseBalancer, nil)
	code, exited := r.exitStatus, res.Exited || r.exited
	r.exitStatus, r.exited = savedStatus, savedExited
	switch {
	case res.Err != nil, exited && code == statusError:
		return 500
	case exited && code >= 300:
		// OpenResty's nginx lets ngx.exit(status) answer from the balancer
		return code
	case exited && code > 0:
		return 500
	}
	return statusNext
}

// SetCurrentPeer implements ngxshim.Balancer.
func (r *request) SetCurrentPeer(addr string, port int) string {
	b := r.balancer
	if b == nil {
		return "no upstream found"
	}
	host, p := addr, strconv.Itoa(port)
	if h, hp, err := net.SplitHostPort(addr); err == nil {
		host, p = h, hp
	} else if strings.HasPrefix(addr, "[") && strings.HasSuffix(addr, "]") {
		host = addr[1 : len(addr)-1]
	}
	if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 65535 {
		return "invalid port"
	}
	if net.ParseIP(host) == nil {
		return "no host allowed"
	}
	b.peer = net.JoinHostPort(host, p)
	return ""
}

// SetMoreTries implements ngxshim.Balancer.
func (r *request) SetMoreTries(n int) string {
	if r.balancer != nil {
		r.balancer.moreTries = n
	}
	return ""
}

// LastFailure implements ngxshim.Balancer.
func (r *request) LastFailure() (string, int) {
	if r.balancer == nil {
		return "", 0
	}
	return r.balancer.lastState, r.balancer.lastStatus
}

// SetTimeouts implements ngxshim.Balancer.
func (r *request) SetTimeouts(connect, send, read time.Duration) {
	if b := r.balancer; b != nil {
		b.connect, b.send, b.read = connect, send, read
	}
}

// RecreateRequest implements ngxshim.Balancer: gresty builds the request
// from the same settings for every attempt already.
func (r *request) RecreateRequest() string { return "" }

var _ ngxshim.Balancer = (*request)(nil)

// proxyURI is the URI of the upstream request line, as
// ngx_http_proxy_create_request builds it.
func (r *request) proxyURI(pc *proxyConf, u *proxyURL) string {
	if pc.url == nil && u.hasURI {
		return u.uri
	}
	if !u.hasURI && r.isMain() && !r.internal && r.uri == r.hr.URI() && r.args == r.hr.Args() {
		return r.hr.RequestURI()
	}
	rest := r.uri
	if u.hasURI && pc.locName != "" && strings.HasPrefix(rest, pc.locName) {
		rest = rest[len(pc.locName):]
	}
	if r.internal || !r.isMain() || r.QuotedURI() {
		rest = escapeProxyURI(rest)
	}
	s := u.uri + rest
	if r.args != "" {
		s += "?" + r.args
	}
	return s
}

// escapeProxyURI escapes as ngx_escape_uri(NGX_ESCAPE_URI).
func escapeProxyURI(s string) string {
	return percentEscape(s, func(c byte) bool {
		return c <= 0x20 || c >= 0x7f || c == '#' || c == '%' || c == '?'
	})
}

// percentEscape writes the bytes esc selects as %XX, as ngx_escape_uri does
// with one of its tables.
func percentEscape(s string, esc func(c byte) bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if esc(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// proxyRequest builds the upstream request.
func (r *request) proxyRequest(pc *proxyConf, vars proxyVars, uri string, body []byte) []byte {
	b := make([]byte, 0, 512+len(body))
	b = append(b, r.method()...)
	b = append(b, ' ')
	b = append(b, uri...)
	b = append(b, " HTTP/"...)
	b = append(b, pc.version...)
	b = append(b, "\r\n"...)
	line := func(name, value string) {
		b = append(b, name...)
		b = append(b, ": "...)
		b = append(b, value...)
		b = append(b, "\r\n"...)
	}
	for _, h := range pc.headers {
		if h.value == nil {
			continue
		}
		if v := h.value.Eval(vars); v != "" {
			line(h.name, v)
		}
	}
	if pc.passHeaders {
		for _, h := range r.headersIn() {
			if !pc.headerSet[strings.ToLower(h.Name)] {
				line(h.Name, h.Value)
			}
		}
	}
	b = append(b, "\r\n"...)
	return append(b, body...)
}

// proxyTo sends the request to one peer and passes its response on; retry
// says the next peer may be tried (nothing was sent to the client).
func (r *request) proxyTo(pc *proxyConf, u *proxyURL, peer, uri string, req []byte) (st int, retry bool) {
	r.upstream = u.scheme + peer + uri
	if strings.HasPrefix(peer, "unix:") {
		r.upstream = u.scheme + "unix:" + u.unix + ":" + uri
	}
	network, address := "tcp", peer
	if strings.HasPrefix(peer, "unix:") {
		network, address = "unix", peer[5:]
	} else if r.e.opts.LoopbackOnly || os.Getenv(proxyTestMode) != "" {
		host, _, _ := net.SplitHostPort(peer)
		ips, err := net.LookupIP(host)
		if err != nil || len(ips) == 0 || !ips[0].IsLoopback() {
			r.logErr("connecting to non-loopback upstream " + peer + " is not allowed in test mode while connecting to upstream")
			return 502, false
		}
	}
	start := time.Now()
	conn, err := net.DialTimeout(network, address, pc.connectTimeout)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			r.logErr("upstream timed out (110: Connection timed out) while connecting to upstream")
			return 504, true
		}
		r.logErr("connect() failed (" + errnoText(err) + ") while connecting to upstream")
		return 502, true
	}
	defer conn.Close()
	r.upstreamAddr = peer
	conn.SetWriteDeadline(time.Now().Add(pc.sendTimeout))
	if _, err := conn.Write(req); err != nil {
		r.logErr("writev() failed (" + errnoText(err) + ") while sending request to upstream")
		return 502, true
	}
	br := bufio.NewReaderSize(&deadlineReader{conn, pc.readTimeout}, 4096)
	resp, err := readProxyHeader(br)
	if err != nil {
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout():
			r.logErr("upstream timed out (110: Connection timed out) while reading response header from upstream")
			return 504, true
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			r.logErr("upstream prematurely closed connection while reading response header from upstream")
			return 502, true
		case errors.Is(err, errUpstreamHeader):
			r.logErr("upstream sent invalid header while reading response header from upstream")
			return 502, true
		}
		r.logErr("recv() failed (" + errnoText(err) + ") while reading response header from upstream")
		return 502, true
	}
	r.upstreamStatus = strconv.Itoa(resp.status)
	r.upstreamTime = time.Since(start)
	if pc.interceptErrors && resp.status >= 300 && r.hasErrorPage(resp.status) {
		return resp.status, false
	}
	out := r.out()
	out.Status = resp.status
	out.StatusLine = resp.statusLine
	out.ContentLength = -1
	for _, h := range resp.headers {
		lname := strings.ToLower(h.Name)
		if pc.hide[lname] {
			continue
		}
		switch lname {
		case "content-type":
			out.ContentType = h.Value
			r.ctypeSet = true
			continue
		case "content-length":
			if n, err := strconv.ParseInt(h.Value, 10, 64); err == nil {
				out.ContentLength = n
			}
			continue
		}
		if lname == "date" {
			out.NoDate = true
		}
		if lname == "server" {
			out.NoServer = true
		}
		out.Headers = append(out.Headers, http1.Header{Name: h.Name, Value: h.Value})
	}
	if !r.ctypeSet {
		// no Content-Type from the upstream: none is added
		r.ctypeSet = true
		r.ctypeCleared = true
	}
	if err := r.sendHeader(); err != nil {
		return statusDone, false
	}
	noBody := r.method() == "HEAD" || resp.status == 204 || resp.status == 304 || resp.status < 200
	if noBody {
		return statusDone, false
	}
	var src io.Reader = br
	switch {
	case resp.chunked:
		src = newChunkedReader(br)
	case resp.length >= 0:
		src = io.LimitReader(br, resp.length)
	}
	buf := make([]byte, 16<<10)
	var got int64
	// held is what a buffered response has read but not passed on: a
	// buffer goes out when it is full or the response ends, and is lost
	// when the upstream fails (nginx's event pipe).
	var held []byte
	pass := func(p []byte) error {
		if !pc.buffering {
			return r.writeBody(p, false)
		}
		held = append(held, p...)
		for len(held) >= proxyBufferSize {
			if err := r.writeBody(held[:proxyBufferSize:proxyBufferSize], false); err != nil {
				return err
			}
			held = held[proxyBufferSize:]
		}
		return nil
	}
	flush := func() error {
		if len(held) == 0 {
			return nil
		}
		p := held
		held = nil
		return r.writeBody(p, false)
	}
	action := "reading upstream"
	if !pc.buffering {
		action = "sending to client"
	}
	for {
		n, err := src.Read(buf)
		if n > 0 {
			got += int64(n)
			if werr := pass(buf[:n]); werr != nil {
				return statusDone, false
			}
		}
		if err == io.EOF {
			if flush() != nil {
				return statusDone, false
			}
			if resp.length >= 0 && got < resp.length {
				r.logErr("upstream prematurely closed connection while " + action)
				return r.proxyTruncated(), false
			}
			return statusDone, false
		}
		if err != nil {
			var ne net.Error
			switch {
			case errors.As(err, &ne) && ne.Timeout():
				r.logErr("upstream timed out (110: Connection timed out) while " + action)
			case errors.Is(err, io.ErrUnexpectedEOF):
				// what arrived before the close still goes out
				flush()
				r.logErr("upstream prematurely closed connection while " + action)
			default:
				r.logErr("recv() failed (" + errnoText(err) + ") while " + action)
			}
			return r.proxyTruncated(), false
		}
	}
}

// proxyTruncated ends a response the upstream cut short: without its last
// buffer, so a capture says truncated and the client's connection closes.
func (r *request) proxyTruncated() int {
	r.upstream = ""
	if r.isMain() {
		// what was passed on stays sent
		r.flushBuffered()
		r.flushOut()
	}
	return statusError
}

// hasErrorPage reports whether error_page handles status in the location.
func (r *request) hasErrorPage(status int) bool {
	for _, ep := range r.loc.ErrorPages {
		if ep.Status == status {
			return true
		}
	}
	return false
}

// deadlineReader sets the read timeout before each read, as nginx's
// proxy_read_timeout runs between two successive reads.
type deadlineReader struct {
	c net.Conn
	d time.Duration
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	d.c.SetReadDeadline(time.Now().Add(d.d))
	return d.c.Read(p)
}

// proxyResponse is an upstream's status line and header.
type proxyResponse struct {
	status     int
	statusLine string
	headers    []http1.Header
	chunked    bool
	length     int64
}

// errUpstreamHeader is an upstream header nginx cannot parse.
var errUpstreamHeader = errors.New("upstream sent invalid header")

// readProxyHeader reads the status line and header; an HTTP/0.9-style
// response without a status line is refused.
func readProxyHeader(br *bufio.Reader) (*proxyResponse, error) {
	line, err := readProxyLine(br)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(line, "HTTP/") || len(line) < 12 {
		return nil, errUpstreamHeader
	}
	sp := strings.IndexByte(line, ' ')
	if sp < 0 {
		return nil, errUpstreamHeader
	}
	rest := strings.TrimLeft(line[sp+1:], " ")
	if len(rest) < 3 {
		return nil, errUpstreamHeader
	}
	code, err := strconv.Atoi(rest[:3])
	if err != nil || code < 100 || code > 999 {
		return nil, errUpstreamHeader
	}
	resp := &proxyResponse{status: code, statusLine: rest, length: -1}
	for {
		line, err := readProxyLine(br)
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" {
			return nil, errUpstreamHeader
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(name) {
		case "transfer-encoding":
			if strings.EqualFold(value, "chunked") {
				resp.chunked = true
			}
		case "content-length":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 {
				return nil, errUpstreamHeader
			}
			resp.length = n
		}
		resp.headers = append(resp.headers, http1.Header{Name: name, Value: value})
	}
	if resp.chunked {
		resp.length = -1
	}
	return resp, nil
}

// readProxyLine reads one header line without its CRLF or LF.
func readProxyLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		if err == io.EOF && line != "" {
			return "", io.ErrUnexpectedEOF
		}
		return "", err
	}
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r"), nil
}

// chunkedReader decodes a chunked upstream body.
type chunkedReader struct {
	br   *bufio.Reader
	left int64
	done bool
}

func newChunkedReader(br *bufio.Reader) *chunkedReader { return &chunkedReader{br: br} }

func (c *chunkedReader) Read(p []byte) (int, error) {
	if c.done {
		return 0, io.EOF
	}
	if c.left == 0 {
		line, err := readProxyLine(c.br)
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
		if i := strings.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		n, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("upstream sent invalid chunked response")
		}
		if n == 0 {
			for {
				l, err := readProxyLine(c.br)
				if err != nil || l == "" {
					break
				}
			}
			c.done = true
			return 0, io.EOF
		}
		c.left = n
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.br.Read(p)
	c.left -= int64(n)
	if c.left == 0 && err == nil {
		if _, err := readProxyLine(c.br); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return n, err
		}
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// proxyVar is a proxy module variable: not found until proxy_pass ran.
func proxyVar(name string) func(r *request) (string, bool) {
	return func(r *request) (string, bool) {
		if r.proxyVars == nil {
			return "", false
		}
		return r.proxyVars.Var(name)
	}
}

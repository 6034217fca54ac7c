package runtime

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
	"gresty/runtime/config"
)

// ssl_client_hello_by_lua and ssl_certificate_by_lua: OpenSSL's client
// hello and certificate callbacks become crypto/tls's GetConfigForClient
// and GetCertificate. They run on the connection's goroutine in the
// middle of the handshake, so the handler runs there as the entry thread
// of a run on a worker VM (taking its baton like a request): a handler
// that sleeps or talks to a cosocket holds the handshake back, as
// ngx_lua's suspended callback does, and other connections run meanwhile.
//
// What Go cannot do: session-ID caches and ssl_session_*_by_lua; a
// version set with gaps (set_protocols {"TLSv1", "TLSv1.2"}) becomes the
// range between its ends; SSLv2 and SSLv3 do not exist.

// errCertCb and errHelloCb are the failures of the callbacks, named as
// OpenSSL 1.1.1 names them in the handshake's error line.
var (
	errCertCb  = errors.New("error:1417A179:SSL routines:tls_post_process_client_hello:cert cb error")
	errHelloCb = errors.New("error:142090EA:SSL routines:tls_early_post_process_client_hello:callback failed")
	errNoCert  = errors.New("error:1417A0C1:SSL routines:tls_post_process_client_hello:no shared cipher")
)

// recordConn keeps what the client sends until the client hello has been
// read: crypto/tls gives the callbacks the parsed hello, not its
// extensions' bytes, which ngx.ssl.clienthello returns.
type recordConn struct {
	net.Conn
	mu        sync.Mutex
	recording bool
	buf       []byte
}

// Read implements net.Conn.
func (c *recordConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.mu.Lock()
	if c.recording && n > 0 && len(c.buf) < 1<<18 {
		c.buf = append(c.buf, b[:n]...)
	}
	c.mu.Unlock()
	return n, err
}

// stop ends the recording and returns what was read.
func (c *recordConn) stop() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recording = false
	b := c.buf
	c.buf = nil
	return b
}

// parseHelloExtensions finds the extensions of the client hello at the
// start of the TLS records in data.
func parseHelloExtensions(data []byte) map[int][]byte {
	var msg []byte
	for len(data) >= 5 {
		n := int(data[3])<<8 | int(data[4])
		if data[0] != 22 || len(data) < 5+n {
			break
		}
		msg = append(msg, data[5:5+n]...)
		data = data[5+n:]
	}
	if len(msg) < 4 || msg[0] != 1 {
		return nil
	}
	n := int(msg[1])<<16 | int(msg[2])<<8 | int(msg[3])
	if len(msg) < 4+n {
		return nil
	}
	p := msg[4 : 4+n]
	// legacy_version, random
	if len(p) < 34 {
		return nil
	}
	p = p[34:]
	skip := func(lenBytes int) bool {
		if len(p) < lenBytes {
			return false
		}
		l := 0
		for i := 0; i < lenBytes; i++ {
			l = l<<8 | int(p[i])
		}
		if len(p) < lenBytes+l {
			return false
		}
		p = p[lenBytes+l:]
		return true
	}
	// session id, cipher suites, compression methods
	if !skip(1) || !skip(2) || !skip(1) || len(p) < 2 {
		return nil
	}
	l := int(p[0])<<8 | int(p[1])
	p = p[2:]
	if len(p) < l {
		return nil
	}
	p = p[:l]
	exts := map[int][]byte{}
	for len(p) >= 4 {
		typ, el := int(p[0])<<8|int(p[1]), int(p[2])<<8|int(p[3])
		if len(p) < 4+el {
			break
		}
		if _, dup := exts[typ]; !dup {
			exts[typ] = p[4 : 4+el]
		}
		p = p[4+el:]
	}
	return exts
}

// sslHandshake is one TLS handshake of a listening address with Lua
// callbacks; it is what ngx.ssl works on while they run.
type sslHandshake struct {
	st   *serverTLS
	conn *recordConn
	// cfg is the configuration the handshake goes on with.
	cfg   *tls.Config
	hello *tls.ClientHelloInfo
	exts  map[int][]byte
	phase ngxshim.Phase

	// certs are the server's certificates, which clear_certs drops.
	certs []tls.Certificate
	// chain and key are set by set_der_cert, set_cert and their key
	// setters.
	chain []*x509.Certificate
	key   crypto.Signer
	// protocols is set_protocols' mask, 0 when not called.
	protocols int
	// verify is the check verify_client asked for.
	verify *serverTLSConf

	exited   bool
	exitCode int
}

// hasLua reports whether a server listening on the address has a Lua
// handshake callback.
func (st *serverTLS) hasLua() bool {
	for s := range st.confs {
		if s.SSLClientHelloByLua != nil || s.SSLCertificateByLua != nil {
			return true
		}
	}
	return false
}

// configForClient is the handshake's GetConfigForClient: the client
// hello callback of the address's default server, then the choice of the
// server by SNI, whose certificate callback runs from GetCertificate.
func (hs *sslHandshake) configForClient(hello *tls.ClientHelloInfo) (*tls.Config, error) {
	st := hs.st
	hs.hello = hello
	hs.exts = parseHelloExtensions(hs.conn.stop())
	if h := st.def.SSLClientHelloByLua; h != nil {
		// the callback sits on the default server's SSL_CTX and finds
		// its handler in the connection's (still default) server
		hs.cfg = st.confs[st.def].tls
		if log := st.e.log; log.Enabled(ngxshim.LogDebug) {
			log.Write(ngxshim.LogDebug, "ssl client hello: connection reusable: 0", hs.connLog("SSL handshaking"))
		}
		if !hs.runCallback(ngxshim.PhaseSSLClientHello, st.def, h) {
			return nil, errHelloCb
		}
	}
	sni := st.def
	if hello.ServerName != "" {
		if x := st.e.cfg.HTTP.FindServer(st.addr, hello.ServerName); x != nil {
			sni = x
		}
	}
	// nginx switches to the SSL_CTX of the SNI server when it has one
	ctxSrv := sni
	if st.confs[ctxSrv] == nil {
		ctxSrv = st.def
	}
	cfg := st.confs[ctxSrv].tls.Clone()
	hs.cfg = cfg
	if hs.protocols != 0 {
		hs.applyProtocols(cfg)
	}
	if hs.verify != nil {
		cfg.ClientAuth = tls.RequestClientCert
	}
	if ctxSrv.SSLCertificateByLua == nil {
		return cfg, nil
	}
	hs.certs = cfg.Certificates
	cfg.Certificates = nil
	cfg.GetCertificate = func(h *tls.ClientHelloInfo) (*tls.Certificate, error) {
		return hs.certCallback(sni, h)
	}
	return cfg, nil
}

// applyProtocols narrows cfg's versions to set_protocols' choice.
func (hs *sslHandshake) applyProtocols(cfg *tls.Config) {
	bits := []struct {
		bit int
		v   uint16
	}{{0x0008, tls.VersionTLS10}, {0x0010, tls.VersionTLS11}, {0x0020, tls.VersionTLS12}, {0x0040, tls.VersionTLS13}}
	var lo, hi uint16
	for _, b := range bits {
		if hs.protocols&b.bit != 0 {
			if lo == 0 {
				lo = b.v
			}
			hi = b.v
		}
	}
	if lo == 0 {
		// no version Go speaks is left: the handshake fails on versions
		lo, hi = tls.VersionTLS13, tls.VersionTLS10
	}
	cfg.MinVersion, cfg.MaxVersion = lo, hi
}

// certCallback is the certificate callback: ssl_certificate_by_lua of the
// SNI server, then the certificate it leaves.
func (hs *sslHandshake) certCallback(sni *config.Server, hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	log := hs.st.e.log
	if log.Enabled(ngxshim.LogDebug) {
		log.Write(ngxshim.LogDebug, "ssl cert: connection reusable: 0", hs.connLog("SSL handshaking"))
	}
	h := sni.SSLCertificateByLua
	if h == nil {
		if log.Enabled(ngxshim.LogAlert) {
			log.Write(ngxshim.LogAlert, "no ssl_certificate_by_lua* defined in server "+serverName(sni),
				hs.connLog("loading SSL certificate by lua"))
		}
		return nil, errCertCb
	}
	if !hs.runCallback(ngxshim.PhaseSSLCert, sni, h) {
		return nil, errCertCb
	}
	if hs.chain != nil {
		if hs.key == nil {
			return nil, errNoCert
		}
		c := &tls.Certificate{PrivateKey: hs.key, Leaf: hs.chain[0]}
		for _, x := range hs.chain {
			c.Certificate = append(c.Certificate, x.Raw)
		}
		return c, nil
	}
	if len(hs.certs) == 0 {
		return nil, errNoCert
	}
	for i := range hs.certs {
		if hello.SupportsCertificate(&hs.certs[i]) == nil {
			return &hs.certs[i], nil
		}
	}
	return &hs.certs[0], nil
}

// serverName is how nginx names a server in its messages: its first
// server_name as written.
func serverName(s *config.Server) string {
	if len(s.Names) == 0 {
		return ""
	}
	if s.Names[0].Kind == config.NameRegex {
		return "~" + s.Names[0].Name
	}
	return s.Names[0].Name
}

// connSuffix is the end of a line logged for the connection: its client
// and the listening address.
func (hs *sslHandshake) connSuffix() string {
	return ", client: " + hostOf(hs.conn.RemoteAddr()) + ", server: " + hs.st.addr
}

// connLog is the context of a line logged for the connection while it
// does action, as ngx_http_log_error writes it.
func (hs *sslHandshake) connLog(action string) LogContext {
	return LogContext{Suffix: " while " + action + hs.connSuffix()}
}

// callbackNames are the phases' names in ngx_lua's debug lines, their
// context and the connection's action while they run.
var callbackNames = map[ngxshim.Phase][4]string{
	ngxshim.PhaseSSLCert: {"lua_certificate_by_lua", "cert cb", "ssl_certificate_by_lua*",
		"loading SSL certificate by lua"},
	ngxshim.PhaseSSLClientHello: {"lua_client_hello_by_lua", "client hello cb", "ssl_client_hello_by_lua*",
		"loading SSL client hello by lua"},
}

// runCallback runs handler h of server s for the handshake and reports
// whether the handshake goes on (ngx_lua's callback exit code 1).
func (hs *sslHandshake) runCallback(phase ngxshim.Phase, s *config.Server, h *config.LuaHandler) bool {
	e := hs.st.e
	names := callbackNames[phase]
	suffix := ", context: " + names[2] + hs.connSuffix()
	lc := func() LogContext { return LogContext{Suffix: suffix} }
	pr, err := e.protos.proto(h, nil, true)
	if err != nil {
		e.log.Write(ngxshim.LogErr, err.Error(), lc())
		return false
	}
	hs.phase = phase
	hs.exited, hs.exitCode = false, 0
	w := e.pickWorker()
	ctx := &ngxshim.Ctx{Phase: phase}
	ngxshim.SetSSLConn(ctx, hs)
	defer ngxshim.SetSSLConn(ctx, nil)
	w.b.take()
	gives := w.b.gives
	var env *lua.LTable
	if w.cfg.RequestGlobals {
		env = w.requestEnv(w.L)
	}
	res := w.runLocked(ctx, kindEntry, lc, w.handlerFunc(pr, env), nil)
	yielded := w.b.gives != gives
	w.endCosockets(ctx)
	w.b.give()
	// the handler's return value as ngx_http_lua_run_thread gives it
	rc := 0
	switch {
	case res.Err != nil:
		rc = 500
	case res.Exited && hs.exited:
		rc = hs.exitCode
	}
	code := 1
	if rc == -1 || rc >= 300 {
		code = 0
	}
	if e.log.Enabled(ngxshim.LogDebug) {
		if yielded {
			// ngx_lua's callback returned -1 and is called again once
			// the handler is done
			hsLog := hs.connLog("SSL handshaking")
			if phase == ngxshim.PhaseSSLCert {
				e.log.Write(ngxshim.LogDebug, "ssl cert: connection reusable: 0", hsLog)
			} else {
				e.log.Write(ngxshim.LogDebug, "ssl client hello: connection reusable: 0", hsLog)
			}
			e.log.Write(ngxshim.LogDebug, fmt.Sprintf("%s: %s exit code: %d", names[0], names[1], code), hsLog)
		} else {
			e.log.Write(ngxshim.LogDebug, fmt.Sprintf("%s: handler return value: %d, %s exit code: %d", names[0], rc, names[1], code),
				hs.connLog(names[3]))
		}
	}
	return code == 1
}

// SSLConn implements ngxshim.SSLHost.
func (w *Worker) SSLConn(L *lua.LState) ngxshim.SSLConn {
	ctx := w.Current(L)
	if ctx == nil {
		return nil
	}
	if sc := ngxshim.RunningSSLConn(ctx); sc != nil {
		return sc
	}
	if r, ok := ctx.Req.(*request); ok {
		if c, ok := r.main.hr.Conn().NetConn().(*tlsConn); ok {
			return &connSSL{c: c}
		}
	}
	return nil
}

// ServerName implements ngxshim.SSLConn.
func (hs *sslHandshake) ServerName() (string, bool) {
	return hs.hello.ServerName, hs.hello.ServerName != ""
}

// LocalAddr implements ngxshim.SSLConn.
func (hs *sslHandshake) LocalAddr() net.Addr { return hs.conn.LocalAddr() }

// RemoteAddr implements ngxshim.SSLConn.
func (hs *sslHandshake) RemoteAddr() net.Addr { return hs.conn.RemoteAddr() }

// TLSVersion implements ngxshim.SSLConn: the version the handshake
// picks, the highest both sides speak.
func (hs *sslHandshake) TLSVersion() int {
	lo, hi := hs.cfg.MinVersion, hs.cfg.MaxVersion
	if lo == 0 {
		lo = tls.VersionTLS12
	}
	if hi == 0 {
		hi = tls.VersionTLS13
	}
	best := 0
	for _, v := range hs.hello.SupportedVersions {
		if v >= lo && v <= hi && int(v) > best {
			best = int(v)
		}
	}
	return best
}

// ClearCerts implements ngxshim.SSLConn.
func (hs *sslHandshake) ClearCerts() {
	hs.certs, hs.chain, hs.key = nil, nil, nil
}

// SetCert implements ngxshim.SSLConn.
func (hs *sslHandshake) SetCert(chain []*x509.Certificate) {
	hs.chain = chain
	if hs.key != nil && !keyMatches(chain[0], hs.key) {
		// SSL_use_certificate drops a key that does not match
		hs.key = nil
	}
}

// keyMatches reports whether key is the private key of cert.
func keyMatches(cert *x509.Certificate, key crypto.Signer) bool {
	pub, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(key.Public())
}

// SetPrivKey implements ngxshim.SSLConn.
func (hs *sslHandshake) SetPrivKey(key crypto.Signer) string {
	if hs.chain != nil && !keyMatches(hs.chain[0], key) {
		return "SSL_use_PrivateKey() failed"
	}
	hs.key = key
	return ""
}

// VerifyClient implements ngxshim.SSLConn: the client is asked for a
// certificate, which the request checks as under ssl_verify_client.
func (hs *sslHandshake) VerifyClient(cas []*x509.Certificate, depth int) string {
	sc := &serverTLSConf{verify: "optional", depth: depth}
	if base := hs.st.confs[hs.st.def]; base != nil && base.clientCAs != nil && cas == nil {
		sc.clientCAs = base.clientCAs
	} else if cas != nil {
		sc.clientCAs = x509.NewCertPool()
		for _, c := range cas {
			sc.clientCAs.AddCert(c)
		}
	}
	hs.verify = sc
	if hs.cfg != nil && hs.phase == ngxshim.PhaseSSLCert {
		hs.cfg.ClientAuth = tls.RequestClientCert
	}
	return ""
}

// ExitCode implements ngxshim.SSLConn.
func (hs *sslHandshake) ExitCode(status int) { hs.exited, hs.exitCode = true, status }

// ClientHello implements ngxshim.SSLConn.
func (hs *sslHandshake) ClientHello() ngxshim.SSLClientHello {
	if hs.phase != ngxshim.PhaseSSLClientHello {
		return nil
	}
	return (*sslHello)(hs)
}

// sslHello is the client hello of a handshake.
type sslHello sslHandshake

// Extension implements ngxshim.SSLClientHello.
func (h *sslHello) Extension(typ int) ([]byte, bool) {
	b, ok := h.exts[typ]
	return b, ok
}

// SetProtocols implements ngxshim.SSLClientHello.
func (h *sslHello) SetProtocols(mask int) { h.protocols = mask }

// connSSL is the TLS connection of a request, which ngx.ssl reads.
type connSSL struct{ c *tlsConn }

// ServerName implements ngxshim.SSLConn.
func (s *connSSL) ServerName() (string, bool) {
	n := s.c.ConnectionState().ServerName
	return n, n != ""
}

// LocalAddr implements ngxshim.SSLConn.
func (s *connSSL) LocalAddr() net.Addr { return s.c.LocalAddr() }

// RemoteAddr implements ngxshim.SSLConn.
func (s *connSSL) RemoteAddr() net.Addr { return s.c.RemoteAddr() }

// TLSVersion implements ngxshim.SSLConn.
func (s *connSSL) TLSVersion() int { return int(s.c.ConnectionState().Version) }

// ClearCerts implements ngxshim.SSLConn; the handshake is over.
func (s *connSSL) ClearCerts() {}

// SetCert implements ngxshim.SSLConn; the handshake is over.
func (s *connSSL) SetCert([]*x509.Certificate) {}

// SetPrivKey implements ngxshim.SSLConn; the handshake is over.
func (s *connSSL) SetPrivKey(crypto.Signer) string { return "" }

// VerifyClient implements ngxshim.SSLConn; the handshake is over.
func (s *connSSL) VerifyClient([]*x509.Certificate, int) string { return "" }

// ExitCode implements ngxshim.SSLConn.
func (s *connSSL) ExitCode(int) {}

// ClientHello implements ngxshim.SSLConn.
func (s *connSSL) ClientHello() ngxshim.SSLClientHello { return nil }

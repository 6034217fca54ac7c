package cosocket

import (
	"bytes"
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"strings"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/lua51compat/ffi"
)

// TLS over a connected cosocket: sslhandshake (lua-resty-core's wrapper of
// ngx_http_lua_ffi_socket_tcp_sslhandshake), the newer tlshandshake and
// setclientcert, on Go's crypto/tls. Verification is done here, against
// lua_ssl_trusted_certificate, so that failures can be reported with
// OpenSSL's codes and texts as nginx reports them.

// sslState is the TLS side of a connection.
type sslState struct {
	// session is the session the handshake saved.
	session *tls.ClientSessionState
}

// Session is a TLS session returned by sslhandshake, for a later
// handshake to resume.
type Session struct {
	state *tls.ClientSessionState
}

// ClientCert is what setclientcert takes: a certificate chain and its
// private key, as ngx.ssl parses them.
type ClientCert struct {
	Chain []*x509.Certificate
	Key   crypto.Signer
}

// Slots of the client certificate set by setclientcert.
const (
	slotClientCert = 6
	slotClientKey  = 7
)

// handshakeArgs are the options of one handshake.
type handshakeArgs struct {
	reused     lua.LValue
	serverName string
	verify     bool
	statusReq  bool
}

// tcpSSLHandshake is sock:sslhandshake(reused_session?, server_name?,
// ssl_verify?, send_status_req?).
func (vm *VM) tcpSSLHandshake(L *lua.LState) int {
	top := L.GetTop()
	self, _ := L.Get(1).(*lua.LTable)
	if top < 1 || L.Get(1) == lua.LNil || top > 5 {
		seen := 0
		if top >= 1 && L.Get(1) != lua.LNil {
			seen = 5 + max(0, top-5)
		}
		raiseCore(L, 187, sprintf("ngx.socket sslhandshake: expecting 1 ~ 5 arguments (including the object), but seen %d", seen))
	}
	a := handshakeArgs{reused: L.Get(2)}
	if v, ok := L.Get(3).(lua.LString); ok {
		a.serverName = string(v)
	} else if v, ok := L.Get(3).(lua.LNumber); ok {
		a.serverName = formatNumber(float64(v))
	}
	a.verify = lua.LVAsBool(L.Get(4))
	a.statusReq = lua.LVAsBool(L.Get(5))
	return vm.handshake(L, self, a)
}

// tcpTLSHandshake is sock:tlshandshake(opts?) of newer lua-resty-core:
// the same handshake with its options in a table (reused_session,
// server_name, verify, ocsp_status_req, client_cert, client_priv_key).
func (vm *VM) tcpTLSHandshake(L *lua.LState) int {
	self, _ := L.Get(1).(*lua.LTable)
	var a handshakeArgs
	switch opts := L.Get(2).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		a.reused = opts.RawGetString("reused_session")
		if v, ok := opts.RawGetString("server_name").(lua.LString); ok {
			a.serverName = string(v)
		}
		a.verify = lua.LVAsBool(opts.RawGetString("verify"))
		a.statusReq = lua.LVAsBool(opts.RawGetString("ocsp_status_req"))
		cert, key := opts.RawGetString("client_cert"), opts.RawGetString("client_priv_key")
		if self != nil && (cert != lua.LNil || key != lua.LNil) {
			if msg := setClientCert(self, cert, key); msg != "" {
				return pushNilErr(L, msg)
			}
		}
	default:
		L.Error(lua.LString(lua51compat.CallerSite(L).Where+"bad options arg: table expected"), 0)
	}
	if a.reused == nil {
		a.reused = lua.LNil
	}
	return vm.handshake(L, self, a)
}

// tcpSetClientCert is sock:setclientcert(cert, pkey).
func (vm *VM) tcpSetClientCert(L *lua.LState) int {
	self := checkTable(L, 1)
	if msg := setClientCert(self, L.Get(2), L.Get(3)); msg != "" {
		return pushNilErr(L, msg)
	}
	L.Push(lua.LTrue)
	return 1
}

// setClientCert checks and keeps a client certificate and key; it returns
// resty.core's error text, "" on success.
func setClientCert(self *lua.LTable, cert, key lua.LValue) string {
	if cert == lua.LNil && key == lua.LNil {
		self.RawSetInt(slotClientCert, lua.LNil)
		self.RawSetInt(slotClientKey, lua.LNil)
		return ""
	}
	if cert == lua.LNil || key == lua.LNil {
		return "client certificate must be supplied with corresponding private key"
	}
	if _, ok := certOf(cert); !ok {
		return "bad cert arg: cdata expected, got " + cert.Type().String()
	}
	if _, ok := keyOf(key); !ok {
		return "bad pkey arg: cdata expected, got " + key.Type().String()
	}
	self.RawSetInt(slotClientCert, cert)
	self.RawSetInt(slotClientKey, key)
	return ""
}

// certOf returns the chain of a cdata of ngx.ssl.parse_pem_cert.
func certOf(v lua.LValue) ([]*x509.Certificate, bool) {
	switch c := ffi.ObjectOf(v).(type) {
	case []*x509.Certificate:
		return c, true
	case *ClientCert:
		return c.Chain, true
	}
	return nil, false
}

// keyOf returns the key of a cdata of ngx.ssl.parse_pem_priv_key.
func keyOf(v lua.LValue) (crypto.Signer, bool) {
	switch k := ffi.ObjectOf(v).(type) {
	case crypto.Signer:
		return k, true
	case *ClientCert:
		return k.Key, true
	}
	return nil, false
}

// handshake runs the TLS handshake on a connected socket.
func (vm *VM) handshake(L *lua.LState, self *lua.LTable, a handshakeArgs) int {
	owner := vm.host.Owner(L, false)
	if owner == nil {
		L.Error(lua.LString(lua51compat.CallerSite(L).Where+"no request found"), 0)
	}
	if self == nil {
		raiseCore(L, 81, "socket is never created nor connected")
	}
	s := tcpOf(self)
	if s == nil {
		raiseCore(L, 81, "socket is never created nor connected")
	}
	if s.conn == nil || s.readClosed || s.writeClosed {
		return pushNilErr(L, "closed")
	}
	if s.owner != owner {
		return pushNilErr(L, "bad request")
	}
	if msg := s.busy(true, true, true); msg != "" {
		return pushNilErr(L, msg)
	}
	if s.kind != kindUpstream {
		return pushNilErr(L, "not supported for downstream sockets")
	}
	reuse, _ := ffi.ObjectOf(a.reused).(*Session)
	if _, ok := s.conn.(*tls.Conn); ok {
		if reuse != nil {
			L.Push(a.reused)
			return 1
		}
		return vm.handshakeResult(L, s, a)
	}
	cfg, err := vm.tlsConfig(s.conf, a, reuse)
	if err != nil {
		return pushNilErr(L, "failed to create ssl connection")
	}
	if cert, ok := certOf(self.RawGetInt(slotClientCert)); ok {
		key, _ := keyOf(self.RawGetInt(slotClientKey))
		if len(cert) < 1 {
			return pushNilErr(L, "invalid client certificate chain")
		}
		c := tls.Certificate{PrivateKey: key, Leaf: cert[0]}
		for _, x := range cert {
			c.Certificate = append(c.Certificate, x.Raw)
		}
		cfg.Certificates = []tls.Certificate{c}
	}
	if a.serverName != "" {
		vm.debug(L, "lua ssl server name: \"%s\"", a.serverName)
	}
	if reuse != nil {
		vm.debug(L, "lua ssl set session: %s", ptr(reuse))
	}
	cache := &sessionCache{reuse: reuse}
	cfg.ClientSessionCache = cache
	tc := tls.Client(s.plain, cfg)
	var herr error
	s.connWaiting = true
	killed := true
	func() {
		defer func() {
			s.connWaiting = false
			if killed {
				s.finalize()
			}
		}()
		vm.host.Block(L, func(cancel <-chan struct{}) {
			ctx, stop := context.WithTimeout(context.Background(), s.connectTimeout)
			defer stop()
			halt := onCancel(cancel, stop)
			herr = tc.HandshakeContext(ctx)
			halt()
		})
		killed = false
	}()
	if herr != nil {
		msg := "handshake failed"
		if errors.Is(herr, context.DeadlineExceeded) || isTimeout(herr) {
			msg = "timeout"
		} else {
			level, text := sslHandshakeError(herr)
			vm.host.Log(L, level, "SSL_do_handshake() failed (SSL: "+text+")")
		}
		s.finalize()
		return pushNilErr(L, msg)
	}
	if vm.host.DebugEnabled() {
		// ngx_ssl_handshake's lines
		cs := tc.ConnectionState()
		vm.debug(L, "%s", HandshakeLine(cs))
		if cs.DidResume {
			vm.debug(L, "SSL reused session")
		}
	}
	if a.verify {
		if code, msg := vm.verifyPeer(s.conf, tc.ConnectionState(), a.serverName); code != 0 {
			if vm.socketErrors(L) {
				if code < 0 {
					vm.host.Log(L, LogErr, sprintf("lua ssl certificate does not match host \"%s\"", a.serverName))
				} else {
					vm.host.Log(L, LogErr, sprintf("lua ssl certificate verify error: (%d: %s)", code, msg))
				}
			}
			s.finalize()
			if code < 0 {
				return pushNilErr(L, msg)
			}
			return pushNilErr(L, sprintf("%d: %s", code, msg))
		}
	}
	s.conn = tc
	s.raw = nil
	s.ssl = &sslState{session: cache.saved}
	return vm.handshakeResult(L, s, a)
}

// sslHandshakeError is the level and OpenSSL's text nginx logs a failed
// handshake of an upstream connection with, where crypto/tls's failure
// has an OpenSSL counterpart: the reasons ngx_ssl_connection_error counts
// as the peer's doing are errors, the rest critical.
func sslHandshakeError(err error) (int, string) {
	var rh tls.RecordHeaderError
	switch {
	case errors.As(err, &rh):
		// a peer that does not speak TLS
		return LogErr, "error:1408F10B:SSL routines:ssl3_get_record:wrong version number"
	case strings.Contains(err.Error(), "protocol version not supported"):
		return LogErr, "error:1425F102:SSL routines:ssl_choose_client_version:unsupported protocol"
	}
	return LogCrit, err.Error()
}

// handshakeResult returns what a successful handshake returns: true when
// sessions are not wanted (reused_session false), else the session.
func (vm *VM) handshakeResult(L *lua.LState, s *tcpSock, a handshakeArgs) int {
	if a.reused == lua.LFalse {
		L.Push(lua.LTrue)
		return 1
	}
	sess := &Session{}
	if s.ssl != nil {
		sess.state = s.ssl.session
	}
	vm.debug(L, "lua ssl save session: %s", ptr(sess))
	// a cdata freed by the collector, as resty.core's ffi.gc'd
	// ngx_ssl_session_t pointer
	L.Push(ffi.BoxObject(L, sess, vm.freeSession))
	return 1
}

// sessionFinalizer is the collector's end of a session
// (ngx_http_lua_ffi_ssl_free_session).
func (vm *VM) sessionFinalizer(L *lua.LState) int {
	if sess, ok := ffi.ObjectOf(L.Get(1)).(*Session); ok {
		vm.debugGlobal("lua ssl free session: %s", ptr(sess))
		sess.state = nil
	}
	return 0
}

// sessionCache hands a handshake the session to resume and keeps the one
// the server gives.
type sessionCache struct {
	mu    sync.Mutex
	reuse *Session
	saved *tls.ClientSessionState
}

// Get implements tls.ClientSessionCache: the session to resume.
func (c *sessionCache) Get(string) (*tls.ClientSessionState, bool) {
	if c.reuse != nil && c.reuse.state != nil {
		return c.reuse.state, true
	}
	return nil, false
}

// Put implements tls.ClientSessionCache: the session the server gave.
func (c *sessionCache) Put(_ string, cs *tls.ClientSessionState) {
	c.mu.Lock()
	c.saved = cs
	c.mu.Unlock()
}

// tlsConfig builds the client configuration of a handshake: the
// protocols of lua_ssl_protocols (ngx_lua's default stops at TLSv1.2) and
// the ciphers of lua_ssl_ciphers. Verification is verifyPeer's.
func (vm *VM) tlsConfig(conf *Config, a handshakeArgs, reuse *Session) (*tls.Config, error) {
	cfg := &tls.Config{
		ServerName:         a.serverName,
		InsecureSkipVerify: true,
		MinVersion:         tls.VersionTLS10,
		MaxVersion:         tls.VersionTLS12,
	}
	if lo, hi, ok := TLSVersions(conf.SSL.Protocols); ok {
		cfg.MinVersion, cfg.MaxVersion = lo, hi
	}
	if conf.SSL.Ciphers != "" {
		cfg.CipherSuites = CipherSuites(conf.SSL.Ciphers)
	}
	return cfg, nil
}

// OpenSSL's verification results (X509_verify_cert_error_string).
const (
	x509NoCRL             = 3
	x509CRLSignature      = 8
	x509NotYetValid       = 9
	x509Expired           = 10
	x509CRLExpired        = 12
	x509SelfSigned        = 18
	x509SelfSignedInChain = 19
	x509NoLocalIssuer     = 20
	x509ChainTooLong      = 22
	x509Revoked           = 23
)

// The texts are OpenSSL 1.1.1's, the library OpenResty 0.10.23 ships with
// (OpenSSL 3 spells "self-signed").
var x509Texts = map[int]string{
	x509NoCRL:             "unable to get certificate CRL",
	x509CRLSignature:      "CRL signature failure",
	x509NotYetValid:       "certificate is not yet valid",
	x509Expired:           "certificate has expired",
	x509CRLExpired:        "CRL has expired",
	x509SelfSigned:        "self signed certificate",
	x509SelfSignedInChain: "self signed certificate in certificate chain",
	x509NoLocalIssuer:     "unable to get local issuer certificate",
	x509ChainTooLong:      "certificate chain too long",
	x509Revoked:           "certificate revoked",
}

// verifyPeer checks the server's chain against lua_ssl_trusted_certificate
// and its name against serverName. It returns OpenSSL's code and text, a
// negative code with "certificate host mismatch", or 0.
func (vm *VM) verifyPeer(conf *Config, st tls.ConnectionState, serverName string) (int, string) {
	certs := st.PeerCertificates
	if len(certs) == 0 {
		return x509NoLocalIssuer, x509Texts[x509NoLocalIssuer]
	}
	roots := trustedRoots(conf.SSL.TrustedCertificate)
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	leaf := certs[0]
	chains, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil {
		code := x509NoLocalIssuer
		var ie x509.CertificateInvalidError
		switch {
		case errors.As(err, &ie) && ie.Reason == x509.Expired:
			code = x509Expired
			if time.Now().Before(ie.Cert.NotBefore) {
				code = x509NotYetValid
			}
		case isSelfSigned(leaf):
			code = x509SelfSigned
		case len(certs) > 1 && isSelfSigned(certs[len(certs)-1]):
			code = x509SelfSignedInChain
		}
		return code, x509Texts[code]
	}
	depth := conf.SSL.VerifyDepth
	if depth <= 0 {
		depth = 1
	}
	chain := chains[0]
	for _, ch := range chains {
		if len(ch) < len(chain) {
			chain = ch
		}
	}
	// As nginx's verify callback lets the check go on after an error,
	// OpenSSL reports the last error found: revocation comes after depth.
	code := 0
	if len(chain)-2 > depth {
		code = x509ChainTooLong
	}
	if conf.SSL.CRL != "" {
		if c := checkCRLs(loadCRLs(conf.SSL.CRL), chain); c != 0 {
			code = c
		}
	}
	if code != 0 {
		return code, x509Texts[code]
	}
	if serverName != "" && !hostMatches(leaf, serverName) {
		return -1, "certificate host mismatch"
	}
	return 0, ""
}

// hostMatches is X509_check_host: the DNS names of the subject alternative
// names, or, when there are none, the subject's common name (which
// crypto/x509 no longer looks at).
func hostMatches(c *x509.Certificate, host string) bool {
	if c.VerifyHostname(host) == nil {
		return true
	}
	if len(c.DNSNames) > 0 || c.Subject.CommonName == "" {
		return false
	}
	return nameMatches(c.Subject.CommonName, host)
}

// nameMatches compares a certificate name with a host name: ignoring case,
// with a leading "*." standing for one whole label.
func nameMatches(pattern, host string) bool {
	pattern, host = strings.ToLower(strings.TrimSuffix(pattern, ".")), strings.ToLower(strings.TrimSuffix(host, "."))
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		i := strings.IndexByte(host, '.')
		return i > 0 && host[i+1:] == rest
	}
	return pattern == host
}

// checkCRLs checks every certificate of a verified chain against the
// CRLs of lua_ssl_crl, as OpenSSL with X509_V_FLAG_CRL_CHECK_ALL (which
// nginx sets): a certificate whose issuer has no CRL fails, and the last
// error found is the result.
func checkCRLs(crls []*x509.RevocationList, chain []*x509.Certificate) int {
	code := 0
	now := time.Now()
	for i, c := range chain {
		issuer := c
		if i+1 < len(chain) {
			issuer = chain[i+1]
		}
		var crl *x509.RevocationList
		for _, l := range crls {
			if bytes.Equal(l.RawIssuer, c.RawIssuer) {
				crl = l
				break
			}
		}
		if crl == nil {
			code = x509NoCRL
			continue
		}
		if crl.CheckSignatureFrom(issuer) != nil {
			code = x509CRLSignature
		}
		if !crl.NextUpdate.IsZero() && now.After(crl.NextUpdate) {
			code = x509CRLExpired
		}
		for _, e := range crl.RevokedCertificateEntries {
			if e.SerialNumber != nil && e.SerialNumber.Cmp(c.SerialNumber) == 0 {
				code = x509Revoked
				break
			}
		}
	}
	return code
}

// crls caches the parsed lua_ssl_crl files.
var crls sync.Map // path -> []*x509.RevocationList

// loadCRLs returns the CRLs of a PEM (or DER) file; none when it cannot
// be read, which fails every check as a missing CRL does.
func loadCRLs(path string) []*x509.RevocationList {
	if l, ok := crls.Load(path); ok {
		return l.([]*x509.RevocationList)
	}
	var out []*x509.RevocationList
	if data, err := os.ReadFile(path); err == nil {
		rest := data
		for {
			var b *pem.Block
			b, rest = pem.Decode(rest)
			if b == nil {
				break
			}
			if b.Type == "X509 CRL" {
				if l, err := x509.ParseRevocationList(b.Bytes); err == nil {
					out = append(out, l)
				}
			}
		}
		if len(out) == 0 {
			if l, err := x509.ParseRevocationList(data); err == nil {
				out = append(out, l)
			}
		}
	}
	crls.Store(path, out)
	return out
}

// isSelfSigned reports whether c is issued by itself and signed with its
// own key, as OpenSSL's check is (whatever its CA flags say).
func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// trusted caches the parsed lua_ssl_trusted_certificate files.
var trusted sync.Map // path -> *x509.CertPool

// trustedRoots returns the pool of a trusted certificate file (empty when
// none is configured: every chain then fails, as in nginx).
func trustedRoots(path string) *x509.CertPool {
	if path == "" {
		return x509.NewCertPool()
	}
	if p, ok := trusted.Load(path); ok {
		return p.(*x509.CertPool)
	}
	pool := x509.NewCertPool()
	if pem, err := os.ReadFile(path); err == nil {
		pool.AppendCertsFromPEM(pem)
	}
	trusted.Store(path, pool)
	return pool
}

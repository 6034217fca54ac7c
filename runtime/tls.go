package runtime

import (
	"bytes"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gresty/cosocket"
	"gresty/ngxshim"
	"gresty/runtime/config"
)

// "listen ... ssl": the HTTP front over crypto/tls. Each server on the
// address brings its ssl_certificate, ssl_protocols, ssl_ciphers and
// ssl_verify_client; the client's SNI name picks the server as nginx's
// servername callback does, and the request's checks of the client
// certificate happen once its header is read, as in
// ngx_http_process_request (a handshake never fails for a bad client
// certificate: nginx answers 495 or 496 instead).

// serverTLS is the TLS side of one listening address.
type serverTLS struct {
	e    *Engine
	addr string
	def  *config.Server
	// confs are the configurations of the servers on the address that
	// have a certificate.
	confs map[*config.Server]*serverTLSConf
}

// serverTLSConf is one server's TLS settings.
type serverTLSConf struct {
	tls *tls.Config
	// verify is ssl_verify_client: "off", "on", "optional" or
	// "optional_no_ca".
	verify string
	depth  int
	// clientCAs is ssl_client_certificate (with ssl_trusted_certificate).
	clientCAs *x509.CertPool
}

// nginx 1.22's ssl_protocols default: TLSv1.3 only came with 1.23.4.
var defaultServerProtocols = []string{"TLSv1", "TLSv1.1", "TLSv1.2"}

// newServerTLS loads the certificates of the servers listening on addr
// with ssl, failing as nginx fails to start when one cannot be loaded.
func (e *Engine) newServerTLS(addr string, def *config.Server) (*serverTLS, error) {
	st := &serverTLS{e: e, addr: addr, def: def, confs: map[*config.Server]*serverTLSConf{}}
	for _, s := range e.cfg.HTTP.Servers {
		on := false
		for _, l := range s.Listens {
			if l.Addr == addr {
				on = true
			}
		}
		if !on || s.Lookup("ssl_certificate") == nil {
			continue
		}
		c, err := e.serverTLSConf(s)
		if err != nil {
			return nil, err
		}
		st.confs[s] = c
	}
	if st.confs[def] == nil {
		// config checks already refused an ssl listen whose default server
		// has no certificate; ssl_reject_handshake leaves it without one
		st.confs[def] = &serverTLSConf{tls: &tls.Config{GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return nil, errors.New("tlsv1 unrecognized name")
		}}}
	}
	return st, nil
}

// confPrefixed resolves a path as ngx_conf_full_name(cycle, name, 1):
// against the folder of the configuration file.
func (e *Engine) confPrefixed(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.cfg.ConfPrefix, p)
}

// serverTLSConf builds one server's configuration.
func (e *Engine) serverTLSConf(s *config.Server) (*serverTLSConf, error) {
	c := &serverTLSConf{tls: &tls.Config{}, verify: "off", depth: 1}
	certs, keys := s.LookupAll("ssl_certificate"), s.LookupAll("ssl_certificate_key")
	for i, d := range certs {
		if len(d.Args) == 0 || i >= len(keys) || len(keys[i].Args) == 0 {
			continue
		}
		certFile, keyFile := e.confPrefixed(d.Args[0]), e.confPrefixed(keys[i].Args[0])
		certPEM, err := os.ReadFile(certFile)
		if err != nil {
			return nil, fmt.Errorf("cannot load certificate %q: BIO_new_file() failed (SSL: %s)", certFile, fopenError(certFile, err))
		}
		keyPEM, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, fmt.Errorf("cannot load certificate key %q: BIO_new_file() failed (SSL: %s)", keyFile, fopenError(keyFile, err))
		}
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("cannot load certificate %q: %v", certFile, err)
		}
		c.tls.Certificates = append(c.tls.Certificates, pair)
	}
	protos := defaultServerProtocols
	if d := s.Lookup("ssl_protocols"); d != nil {
		protos = d.Args
	}
	if lo, hi, ok := cosocket.TLSVersions(protos); ok {
		c.tls.MinVersion, c.tls.MaxVersion = lo, hi
	}
	if d := s.Lookup("ssl_ciphers"); d != nil && len(d.Args) > 0 {
		c.tls.CipherSuites = cosocket.CipherSuites(d.Args[0])
	}
	if d := s.Lookup("ssl_session_tickets"); d != nil && len(d.Args) > 0 && d.Args[0] == "off" {
		c.tls.SessionTicketsDisabled = true
	}
	if d := s.Lookup("ssl_verify_client"); d != nil && len(d.Args) > 0 {
		c.verify = d.Args[0]
	}
	if d := s.Lookup("ssl_verify_depth"); d != nil && len(d.Args) > 0 {
		fmt.Sscan(d.Args[0], &c.depth)
	}
	if c.verify != "off" {
		// the client's certificate is asked for and checked by the
		// request, never by the handshake
		c.tls.ClientAuth = tls.RequestClientCert
		c.clientCAs = x509.NewCertPool()
		for _, name := range []string{"ssl_client_certificate", "ssl_trusted_certificate"} {
			d := s.Lookup(name)
			if d == nil || len(d.Args) == 0 {
				continue
			}
			file := e.confPrefixed(d.Args[0])
			data, err := os.ReadFile(file)
			if err != nil {
				return nil, fmt.Errorf("SSL_CTX_load_verify_locations(\"%s\") failed (SSL: %s)", file, fopenError(file, err))
			}
			c.clientCAs.AppendCertsFromPEM(data)
		}
	}
	return c, nil
}

// fopenError is OpenSSL's report of a file it cannot open.
func fopenError(file string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "error:02001002:system library:fopen:No such file or directory:fopen('" + file +
			"','r') error:2006D080:BIO routines:BIO_new_file:no such file"
	}
	return err.Error()
}

// config picks the configuration of the server a client hello names.
func (st *serverTLS) config(hello *tls.ClientHelloInfo) (*tls.Config, error) {
	s := st.def
	if hello.ServerName != "" {
		if x := st.e.cfg.HTTP.FindServer(st.addr, hello.ServerName); x != nil && st.confs[x] != nil {
			s = x
		}
	}
	return st.confs[s].tls, nil
}

// server wraps an accepted connection; the handshake runs on its first
// read, on the connection's own goroutine.
func (st *serverTLS) server(c net.Conn) net.Conn {
	if st.hasLua() {
		// the Lua callbacks need the client hello's bytes
		rc := &recordConn{Conn: c, recording: true}
		hs := &sslHandshake{st: st, conn: rc}
		cfg := &tls.Config{GetConfigForClient: hs.configForClient}
		return &tlsConn{Conn: tls.Server(rc, cfg), st: st, hs: hs}
	}
	cfg := &tls.Config{GetConfigForClient: st.config}
	return &tlsConn{Conn: tls.Server(c, cfg), st: st}
}

// tlsConn is a client connection over TLS.
type tlsConn struct {
	*tls.Conn
	st *serverTLS
	// hs is the handshake's state when Lua callbacks run in it.
	hs   *sslHandshake
	once sync.Once
	err  error
}

// Read implements net.Conn, doing the handshake first.
func (c *tlsConn) Read(b []byte) (int, error) {
	c.once.Do(c.handshake)
	if c.err != nil {
		return 0, c.err
	}
	return c.Conn.Read(b)
}

// Write implements net.Conn, doing the handshake first.
func (c *tlsConn) Write(b []byte) (int, error) {
	c.once.Do(c.handshake)
	if c.err != nil {
		return 0, c.err
	}
	return c.Conn.Write(b)
}

// handshake runs the handshake and logs it as ngx_ssl_handshake does.
func (c *tlsConn) handshake() {
	log := c.st.e.log
	if log.Enabled(ngxshim.LogDebug) {
		// ngx_http_ssl_handshake takes the connection off the reusable
		// list once it sees a TLS record
		log.Write(ngxshim.LogDebug, "reusable connection: 0", LogContext{})
	}
	c.err = c.Conn.Handshake()
	if c.err != nil {
		if log.Enabled(ngxshim.LogInfo) && !errors.Is(c.err, net.ErrClosed) {
			log.Write(ngxshim.LogInfo, "SSL_do_handshake() failed (SSL: "+sslErrorText(c.err)+") while SSL handshaking, client: "+
				hostOf(c.RemoteAddr())+", server: "+c.st.addr, LogContext{})
		}
		return
	}
	if log.Enabled(ngxshim.LogDebug) {
		cs := c.ConnectionState()
		log.Write(ngxshim.LogDebug, cosocket.HandshakeLine(cs), LogContext{})
		if cs.DidResume {
			log.Write(ngxshim.LogDebug, "SSL reused session", LogContext{})
		}
	}
}

// sslErrorText names a handshake failure the way OpenSSL does where the
// reason is one OpenSSL reports for the same situation.
func sslErrorText(err error) string {
	var rh tls.RecordHeaderError
	switch {
	case errors.As(err, &rh):
		return "error:1408F09C:SSL routines:ssl3_get_record:http request"
	case strings.Contains(err.Error(), "no cipher suite supported"):
		return "error:1417A0C1:SSL routines:tls_post_process_client_hello:no shared cipher"
	case strings.Contains(err.Error(), "unsupported versions"):
		return "error:1417102B:SSL routines:tls_process_client_hello:unsupported protocol"
	}
	return err.Error()
}

// hostOf is the address part of a connection's peer, as $remote_addr.
func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	if a.Network() == "unix" {
		return "unix:"
	}
	return a.String()
}

// tlsState returns the TLS state of the request's connection, nil for a
// plain one.
func (r *request) tlsState() *tls.ConnectionState {
	c, ok := r.hr.Conn().NetConn().(*tlsConn)
	if !ok {
		return nil
	}
	cs := c.ConnectionState()
	return &cs
}

// tlsConf returns the settings of the server that the request's TLS
// connection was made to, nil for a plain connection.
func (r *request) tlsConf() *serverTLSConf {
	c, ok := r.hr.Conn().NetConn().(*tlsConn)
	if !ok {
		return nil
	}
	if c.hs != nil && c.hs.verify != nil {
		// ngx.ssl.verify_client asked for the client's certificate:
		// the variables check it, the request is not refused for it
		sc := *c.hs.verify
		if base := c.st.confs[r.srv]; base != nil {
			sc.verify = base.verify
		}
		return &sc
	}
	if sc := c.st.confs[r.srv]; sc != nil {
		return sc
	}
	return c.st.confs[c.st.def]
}

// checkClientCert is ngx_http_process_request's check of the client
// certificate under ssl_verify_client: 496 when a required one is
// missing, 495 when it does not verify, else 0.
func (r *request) checkClientCert() int {
	sc := r.tlsConf()
	if sc == nil || sc.verify == "off" {
		return 0
	}
	cs := r.tlsState()
	if code, text := sc.verifyClient(cs); code != 0 {
		r.logInfo(fmt.Sprintf("client SSL certificate verify error: (%d:%s) while reading client request headers", code, text))
		return 495
	}
	if len(cs.PeerCertificates) == 0 && sc.verify == "on" {
		r.logInfo("client sent no required SSL certificate while reading client request headers")
		return 496
	}
	return 0
}

// logInfo writes an info line with the request's context.
func (r *request) logInfo(msg string) {
	if r.e.log.Enabled(ngxshim.LogInfo) {
		r.e.log.Write(ngxshim.LogInfo, msg, r.logContext())
	}
}

// verifyClient checks the client's chain against ssl_client_certificate
// and returns OpenSSL's code and text, 0 when it verifies (or is absent,
// or optional_no_ca lets any through).
func (sc *serverTLSConf) verifyClient(cs *tls.ConnectionState) (int, string) {
	if len(cs.PeerCertificates) == 0 || sc.verify == "optional_no_ca" {
		return 0, ""
	}
	certs := cs.PeerCertificates
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := certs[0].Verify(x509.VerifyOptions{Roots: sc.clientCAs, Intermediates: inter,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err == nil {
		return 0, ""
	}
	var ie x509.CertificateInvalidError
	if errors.As(err, &ie) && ie.Reason == x509.Expired {
		if time.Now().Before(ie.Cert.NotBefore) {
			return 9, "certificate is not yet valid"
		}
		return 10, "certificate has expired"
	}
	if bytes.Equal(certs[0].RawIssuer, certs[0].RawSubject) {
		return 18, "self signed certificate"
	}
	return 20, "unable to get local issuer certificate"
}

// sslVar returns the $ssl_* variables and $https of the request.
func (r *request) sslVar(name string) (string, bool) {
	cs := r.tlsState()
	if name == "https" {
		if cs != nil {
			return "on", true
		}
		return "", true
	}
	if cs == nil {
		return "", false
	}
	var leaf *x509.Certificate
	if len(cs.PeerCertificates) > 0 {
		leaf = cs.PeerCertificates[0]
	}
	switch name {
	case "ssl_protocol":
		return cosocket.TLSVersionName(cs.Version), true
	case "ssl_cipher":
		return cosocket.CipherName(cs.CipherSuite), true
	case "ssl_server_name":
		return cs.ServerName, cs.ServerName != ""
	case "ssl_session_reused":
		if cs.DidResume {
			return "r", true
		}
		return ".", true
	case "ssl_client_verify":
		if leaf == nil {
			return "NONE", true
		}
		if sc := r.tlsConf(); sc != nil {
			if code, text := sc.verifyClient(cs); code != 0 {
				return "FAILED:" + text, true
			}
		}
		return "SUCCESS", true
	}
	if leaf == nil {
		return "", true
	}
	switch name {
	case "ssl_client_s_dn":
		return rfc2253(leaf.RawSubject, leaf.Subject.String()), true
	case "ssl_client_i_dn":
		return rfc2253(leaf.RawIssuer, leaf.Issuer.String()), true
	case "ssl_client_serial":
		return strings.ToUpper(leaf.SerialNumber.Text(16)), true
	case "ssl_client_fingerprint":
		sum := sha1.Sum(leaf.Raw)
		return hex.EncodeToString(sum[:]), true
	case "ssl_client_raw_cert":
		return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Raw})), true
	case "ssl_client_cert":
		raw := strings.TrimRight(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Raw})), "\n")
		return strings.ReplaceAll(raw, "\n", "\n\t"), true
	}
	return "", false
}

// rfc2253 is OpenSSL's X509_NAME_print_ex(XN_FLAG_RFC2253) of a name,
// which crypto/x509's String already is (most specific first, escaped);
// the raw name is kept for names it cannot parse.
func rfc2253(raw []byte, s string) string {
	if s == "" && len(raw) > 0 {
		return hex.EncodeToString(raw)
	}
	return s
}

// sslVarNames are the variables sslVar serves.
var sslVarNames = []string{"https", "ssl_protocol", "ssl_cipher", "ssl_server_name", "ssl_session_reused",
	"ssl_client_verify", "ssl_client_s_dn", "ssl_client_i_dn", "ssl_client_serial",
	"ssl_client_fingerprint", "ssl_client_raw_cert", "ssl_client_cert"}

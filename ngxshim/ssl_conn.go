package ngxshim

import (
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"net"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat/ffi"
)

// ngx.ssl's functions on a TLS connection and ngx.ssl.clienthello. In
// ngx_lua they work on r->connection->ssl: the handshake of an
// ssl_certificate_by_lua or ssl_client_hello_by_lua handler's fake
// request, or the TLS connection of a real request. The engine serves
// them through SSLHost.

// SSLConn is the TLS connection (or handshake in progress) ngx.ssl works
// on. The setters only take effect while the handshake is in progress.
type SSLConn interface {
	// ServerName is the SNI name the client sent, false when none.
	ServerName() (string, bool)
	// LocalAddr and RemoteAddr are the connection's addresses.
	LocalAddr() net.Addr
	RemoteAddr() net.Addr
	// TLSVersion is the protocol version (0x0303 for TLSv1.2).
	TLSVersion() int
	// ClearCerts drops the certificates the server would present.
	ClearCerts()
	// SetCert makes chain (leaf first) the certificate presented.
	SetCert(chain []*x509.Certificate)
	// SetPrivKey sets the private key of the certificate presented.
	SetPrivKey(key crypto.Signer) string
	// VerifyClient asks the client for a certificate and checks it
	// against cas (all the system's when nil) to depth; it returns
	// ngx_lua's error text or "".
	VerifyClient(cas []*x509.Certificate, depth int) string
	// ExitCode records ngx.exit's status in an ssl_*_by_lua handler.
	ExitCode(status int)
	// ClientHello is the client hello of an ssl_client_hello_by_lua
	// handler, nil elsewhere.
	ClientHello() SSLClientHello
}

// SSLClientHello is the client hello ngx.ssl.clienthello reads.
type SSLClientHello interface {
	// Extension returns the body of the extension of type typ as the
	// client sent it, false when absent.
	Extension(typ int) ([]byte, bool)
	// SetProtocols restricts the versions the handshake may pick to the
	// set bits of mask (ngx_lua's NGX_SSL_* bits: 0x0008 TLSv1 ...
	// 0x0040 TLSv1.3).
	SetProtocols(mask int)
}

// SSLHost is implemented by hosts whose Lua threads can work on TLS
// connections.
type SSLHost interface {
	// SSLConn returns the TLS connection L's thread works on, nil when
	// its request (if any) is not over TLS.
	SSLConn(L *lua.LState) SSLConn
}

// sslConnFuncs are ngx.ssl's functions on the current connection.
func (a *api) sslConnFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"clear_certs":          a.sslClearCerts,
		"set_der_cert":         a.sslSetDERCert,
		"set_der_priv_key":     a.sslSetDERPrivKey,
		"set_cert":             a.sslSetCert,
		"set_priv_key":         a.sslSetPrivKey,
		"server_name":          a.sslServerName,
		"server_port":          a.sslServerPort,
		"raw_server_addr":      a.sslRawServerAddr,
		"raw_client_addr":      a.sslRawClientAddr,
		"get_tls1_version":     a.sslGetTLS1Version,
		"get_tls1_version_str": a.sslGetTLS1VersionStr,
		"verify_client":        a.sslVerifyClient,
	}
}

// sslConn returns the connection L works on, raising resty.core's "no
// request found" where there is no request at all; ok is false (with the
// error pushed as ngx_lua's "bad request") when the request is not over
// TLS.
func (a *api) sslConn(L *lua.LState) (SSLConn, bool) {
	c := a.h.Current(L)
	if c == nil || c.Req == nil && c.Phase&(PhaseSSLCert|PhaseSSLClientHello|PhaseSSLSessFetch|PhaseSSLSessStore) == 0 {
		raiseC(L, "no request found")
	}
	if sh, ok := a.h.(SSLHost); ok {
		if sc := sh.SSLConn(L); sc != nil {
			return sc, true
		}
	}
	return nil, false
}

// sslOK returns true, or nil and "bad request" without a connection.
func sslOK(L *lua.LState, ok bool) int {
	if !ok {
		return sslFail(L, "bad request")
	}
	L.Push(lua.LTrue)
	return 1
}

// sslClearCerts is ngx.ssl.clear_certs().
func (a *api) sslClearCerts(L *lua.LState) int {
	sc, ok := a.sslConn(L)
	if ok {
		sc.ClearCerts()
	}
	return sslOK(L, ok)
}

// splitDER splits concatenated DER values, as d2i_X509_bio reads them
// one after the other.
func splitDER(data []byte) ([][]byte, bool) {
	var out [][]byte
	for len(data) > 0 {
		var v asn1.RawValue
		rest, err := asn1.Unmarshal(data, &v)
		if err != nil {
			return nil, false
		}
		out = append(out, data[:len(data)-len(rest)])
		data = rest
	}
	return out, len(out) > 0
}

// sslSetDERCert is ngx.ssl.set_der_cert(der): the certificate and its chain.
func (a *api) sslSetDERCert(L *lua.LState) int {
	data := L.CheckString(1)
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	ders, ok := splitDER([]byte(data))
	if !ok {
		return sslFail(L, "d2i_X509_bio() failed")
	}
	var chain []*x509.Certificate
	for _, d := range ders {
		c, err := x509.ParseCertificate(d)
		if err != nil {
			return sslFail(L, "d2i_X509_bio() failed")
		}
		chain = append(chain, c)
	}
	sc.SetCert(chain)
	return sslOK(L, true)
}

// parseDERPrivKey reads a DER private key in any of the encodings
// d2i_PrivateKey_bio accepts.
func parseDERPrivKey(der []byte) (crypto.Signer, bool) {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, true
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, true
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		if s, ok := k.(crypto.Signer); ok {
			return s, true
		}
	}
	return nil, false
}

// sslSetDERPrivKey is ngx.ssl.set_der_priv_key(der).
func (a *api) sslSetDERPrivKey(L *lua.LState) int {
	data := L.CheckString(1)
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	key, ok := parseDERPrivKey([]byte(data))
	if !ok {
		return sslFail(L, "d2i_PrivateKey_bio() failed")
	}
	if msg := sc.SetPrivKey(key); msg != "" {
		return sslFail(L, msg)
	}
	return sslOK(L, true)
}

// sslSetCert is ngx.ssl.set_cert(chain) with a parse_pem_cert handle.
func (a *api) sslSetCert(L *lua.LState) int {
	chain, _ := ffi.ObjectOf(L.Get(1)).([]*x509.Certificate)
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	if len(chain) == 0 {
		// ngx_http_lua_ffi_set_cert's first step on an empty chain
		return sslFail(L, "sk_X509_value() failed")
	}
	sc.SetCert(chain)
	return sslOK(L, true)
}

// sslSetPrivKey is ngx.ssl.set_priv_key(key) with a parse_pem_priv_key handle.
func (a *api) sslSetPrivKey(L *lua.LState) int {
	key, _ := ffi.ObjectOf(L.Get(1)).(crypto.Signer)
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	if key == nil {
		return sslFail(L, "SSL_use_PrivateKey() failed")
	}
	if msg := sc.SetPrivKey(key); msg != "" {
		return sslFail(L, msg)
	}
	return sslOK(L, true)
}

// sslServerName is ngx.ssl.server_name(): the SNI name, nil without one.
func (a *api) sslServerName(L *lua.LState) int {
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	name, ok := sc.ServerName()
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LString(name))
	return 1
}

// sslServerPort is ngx.ssl.server_port().
func (a *api) sslServerPort(L *lua.LState) int {
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	ta, isTCP := sc.LocalAddr().(*net.TCPAddr)
	if !isTCP {
		return sslFail(L, "unix domain has no port")
	}
	L.Push(lua.LNumber(ta.Port))
	return 1
}

// rawAddr is ngx_lua's raw form of an address: the IP's bytes (4 for
// IPv4) or a unix socket's path, and its type.
func rawAddr(a net.Addr) (string, string) {
	switch v := a.(type) {
	case *net.TCPAddr:
		if ip4 := v.IP.To4(); ip4 != nil {
			return string(ip4), "inet"
		}
		return string(v.IP.To16()), "inet6"
	case *net.UnixAddr:
		// an accepted unix connection's peer has no path; nginx's
		// sockaddr then ends before sun_path
		return strings.TrimPrefix(v.Name, "@"), "unix"
	}
	return "", "unix"
}

// sslRawAddr is raw_server_addr (local) and raw_client_addr.
func (a *api) sslRawAddr(L *lua.LState, local bool) int {
	sc, ok := a.sslConn(L)
	if !ok {
		L.Push(lua.LNil)
		L.Push(lua.LNil)
		L.Push(lua.LString("bad request"))
		return 3
	}
	addr := sc.RemoteAddr()
	if local {
		addr = sc.LocalAddr()
	}
	raw, typ := rawAddr(addr)
	L.Push(lua.LString(raw))
	L.Push(lua.LString(typ))
	return 2
}

func (a *api) sslRawServerAddr(L *lua.LState) int { return a.sslRawAddr(L, true) }
func (a *api) sslRawClientAddr(L *lua.LState) int { return a.sslRawAddr(L, false) }

// sslGetTLS1Version is ngx.ssl.get_tls1_version().
func (a *api) sslGetTLS1Version(L *lua.LState) int {
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	L.Push(lua.LNumber(sc.TLSVersion()))
	return 1
}

// tls1VersionNames are get_tls1_version_str's names.
var tls1VersionNames = map[int]string{0x0300: "SSLv3", 0x0301: "TLSv1", 0x0302: "TLSv1.1",
	0x0303: "TLSv1.2", 0x0304: "TLSv1.3"}

// sslGetTLS1VersionStr is ngx.ssl.get_tls1_version_str().
func (a *api) sslGetTLS1VersionStr(L *lua.LState) int {
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	name, known := tls1VersionNames[sc.TLSVersion()]
	if !known {
		return sslFail(L, "unknown version")
	}
	L.Push(lua.LString(name))
	return 1
}

// sslVerifyClient is ngx.ssl.verify_client(ca_certs, depth).
func (a *api) sslVerifyClient(L *lua.LState) int {
	var cas []*x509.Certificate
	if v := L.Get(1); v != lua.LNil {
		cas, _ = ffi.ObjectOf(v).([]*x509.Certificate)
	}
	depth := -1
	if v, isNum := L.Get(2).(lua.LNumber); isNum {
		depth = int(v)
	}
	sc, ok := a.sslConn(L)
	if !ok {
		return sslOK(L, ok)
	}
	if c := a.h.Current(L); c == nil || c.Phase != PhaseSSLCert {
		return sslFail(L, "API disabled in the current context")
	}
	if msg := sc.VerifyClient(cas, depth); msg != "" {
		return sslFail(L, msg)
	}
	return sslOK(L, true)
}

// sslClientHelloModule builds ngx.ssl.clienthello.
func (a *api) sslClientHelloModule(L *lua.LState) *lua.LTable {
	t := unsupportedModule("ngx.ssl.clienthello", nil, nil)(L)
	for name, fn := range map[string]lua.LGFunction{
		"get_client_hello_server_name": a.helloServerName,
		"get_client_hello_ext":         a.helloExt,
		"get_supported_versions":       a.helloSupportedVersions,
		"set_protocols":                a.helloSetProtocols,
	} {
		t.RawSetString(name, L.NewFunction(fn))
	}
	return t
}

// clientHello returns the client hello of an ssl_client_hello_by_lua
// handler, raising resty.core's errors elsewhere.
func (a *api) clientHello(L *lua.LState) (SSLClientHello, bool) {
	sc, ok := a.sslConn(L)
	if c := a.h.Current(L); c.Phase != PhaseSSLClientHello {
		raiseC(L, "API disabled in the current context")
	}
	if !ok || sc.ClientHello() == nil {
		return nil, false
	}
	return sc.ClientHello(), true
}

// helloExtension returns extension typ of the client hello; when there is
// none it returns nil and the number of values it pushed: nil (absent), or
// nil and an error.
func (a *api) helloExtension(L *lua.LState, typ int) ([]byte, int) {
	ch, ok := a.clientHello(L)
	if !ok {
		return nil, sslFail(L, "bad request")
	}
	ext, found := ch.Extension(typ)
	if !found {
		L.Push(lua.LNil)
		return nil, 1
	}
	return ext, 0
}

// helloServerName is get_client_hello_server_name(), read from the extension
// itself as ngx_lua does.
func (a *api) helloServerName(L *lua.LState) int {
	ext, n := a.helloExtension(L, 0)
	if ext == nil {
		return n
	}
	// ngx_lua's walk of the server_name extension (from OpenSSL's
	// client_hello_select_server_ctx)
	const bad = "Bad SSL Client Hello Extension"
	if len(ext) <= 2 || int(ext[0])<<8|int(ext[1]) != len(ext)-2 {
		return sslFail(L, bad)
	}
	p := ext[2:]
	if len(p) == 0 || p[0] != 0 {
		return sslFail(L, bad)
	}
	p = p[1:]
	if len(p) <= 2 {
		return sslFail(L, bad)
	}
	n2 := int(p[0])<<8 | int(p[1])
	if n2+2 > len(p) {
		return sslFail(L, bad)
	}
	L.Push(lua.LString(p[2 : 2+n2]))
	return 1
}

// helloExt is get_client_hello_ext(type).
func (a *api) helloExt(L *lua.LState) int {
	typ := L.CheckInt(1)
	ext, n := a.helloExtension(L, typ)
	if ext == nil {
		return n
	}
	L.Push(lua.LString(ext))
	return 1
}

// helloVersionNames are get_supported_versions' names.
var helloVersionNames = map[int]string{0x0002: "SSLv2", 0x0300: "SSLv3", 0x0301: "TLSv1",
	0x0302: "TLSv1.1", 0x0303: "TLSv1.2", 0x0304: "TLSv1.3"}

// helloSupportedVersions is get_supported_versions().
func (a *api) helloSupportedVersions(L *lua.LState) int {
	ext, n := a.helloExtension(L, 43)
	if ext == nil {
		return n
	}
	if len(ext) == 0 || int(ext[0]) != len(ext)-1 {
		L.Push(lua.LNil)
		return 1
	}
	// lua-resty-core walks the list from its end
	t := L.NewTable()
	for i := len(ext) - 2; i >= 1; i -= 2 {
		if name, ok := helloVersionNames[int(ext[i])<<8|int(ext[i+1])]; ok {
			t.Append(lua.LString(name))
		}
	}
	L.Push(t)
	return 1
}

// helloProtocolBits are set_protocols' names.
var helloProtocolBits = map[string]int{"SSLv2": 0x0002, "SSLv3": 0x0004, "TLSv1": 0x0008,
	"TLSv1.1": 0x0010, "TLSv1.2": 0x0020, "TLSv1.3": 0x0040}

// helloSetProtocols is set_protocols(list).
func (a *api) helloSetProtocols(L *lua.LState) int {
	protos := L.CheckTable(1)
	ch, ok := a.clientHello(L)
	mask := 0
	for i := 1; i <= protos.Len(); i++ {
		bit, known := helloProtocolBits[lua.LVAsString(protos.RawGetInt(i))]
		if !known {
			return sslFail(L, "invalid protocols failed")
		}
		mask |= bit
	}
	if !ok {
		return sslFail(L, "bad request")
	}
	ch.SetProtocols(mask)
	L.Push(lua.LTrue)
	return 1
}

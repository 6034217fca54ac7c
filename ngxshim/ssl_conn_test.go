package ngxshim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat/ffi"
)

// fakeSSL is a handshake in progress as the engine would present it.
type fakeSSL struct {
	sni       string
	exts      map[int][]byte
	cleared   bool
	chain     []*x509.Certificate
	key       crypto.Signer
	protocols int
	exit      *int
	hello     bool
}

func (f *fakeSSL) ServerName() (string, bool) { return f.sni, f.sni != "" }
func (f *fakeSSL) LocalAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2), Port: 8443}
}
func (f *fakeSSL) RemoteAddr() net.Addr                         { return &net.UnixAddr{Net: "unix"} }
func (f *fakeSSL) TLSVersion() int                              { return 0x0303 }
func (f *fakeSSL) ClearCerts()                                  { f.cleared = true }
func (f *fakeSSL) SetCert(chain []*x509.Certificate)            { f.chain = chain }
func (f *fakeSSL) SetPrivKey(key crypto.Signer) string          { f.key = key; return "" }
func (f *fakeSSL) VerifyClient([]*x509.Certificate, int) string { return "" }
func (f *fakeSSL) ExitCode(status int)                          { f.exit = &status }
func (f *fakeSSL) Extension(typ int) ([]byte, bool)             { b, ok := f.exts[typ]; return b, ok }
func (f *fakeSSL) SetProtocols(mask int)                        { f.protocols = mask }
func (f *fakeSSL) ClientHello() SSLClientHello {
	if !f.hello {
		return nil
	}
	return f
}

// sslHost is a core host whose threads work on one handshake.
type sslHost struct {
	*coreHost
	conn *fakeSSL
}

func (h *sslHost) SSLConn(*lua.LState) SSLConn { return h.conn }

func TestSSLCertPhaseFunctions(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "a"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	keyDER, _ := x509.MarshalECPrivateKey(key)
	core := newCoreHost(&Ctx{Phase: PhaseSSLCert})
	conn := &fakeSSL{sni: "test.com"}
	vm := newCoreVMWith(t, core, &sslHost{core, conn})
	vm.L.SetGlobal("DER", lua.LString(der))
	vm.L.SetGlobal("KEYDER", lua.LString(keyDER))
	got := vm.run(t, `
local ssl = require "ngx.ssl"
ngx.say(ssl.server_name(), " ", ssl.server_port(), " ", ssl.get_tls1_version_str())
local addr, typ = ssl.raw_server_addr()
ngx.say(#addr, " ", typ, " ", addr:byte(1), ".", addr:byte(4))
local addr, typ = ssl.raw_client_addr()
ngx.say("[", addr, "] ", typ)
ngx.say(ssl.clear_certs())
ngx.say(ssl.set_der_cert("junk"))
ngx.say(ssl.set_der_cert(DER .. DER))
ngx.say(ssl.set_der_priv_key("junk"))
ngx.say(ssl.set_der_priv_key(KEYDER))
ngx.say(pcall(require("ngx.ssl.clienthello").get_client_hello_server_name))
ngx.exit(ngx.ERROR)
`)
	want := "test.com 8443 TLSv1.2\n4 inet 127.2\n[] unix\ntrue\nnild2i_X509_bio() failed\ntrue\n" +
		"nild2i_PrivateKey_bio() failed\ntrue\nfalseAPI disabled in the current context\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if !conn.cleared || len(conn.chain) != 2 || conn.key == nil {
		t.Errorf("cleared %v, chain %d, key %v", conn.cleared, len(conn.chain), conn.key)
	}
	if conn.exit == nil || *conn.exit != -1 {
		t.Errorf("exit code not recorded: %v", conn.exit)
	}
}

func TestSSLClientHelloFunctions(t *testing.T) {
	core := newCoreHost(&Ctx{Phase: PhaseSSLClientHello})
	conn := &fakeSSL{hello: true, exts: map[int][]byte{
		0:  {0, 11, 0, 0, 8, 't', 'e', 's', 't', '.', 'c', 'o', 'm'},
		43: {6, 3, 4, 3, 3, 3, 2},
		99: {1, 2},
	}}
	vm := newCoreVMWith(t, core, &sslHost{core, conn})
	got := vm.run(t, `
local ch = require "ngx.ssl.clienthello"
ngx.say(ch.get_client_hello_server_name())
ngx.say(table.concat(ch.get_supported_versions(), ","))
ngx.say(#ch.get_client_hello_ext(99), " ", ch.get_client_hello_ext(5))
ngx.say(ch.set_protocols({"TLSv1.2", "SSLv4"}))
ngx.say(ch.set_protocols({"TLSv1.2", "TLSv1.3"}))
`)
	want := "test.com\nTLSv1.1,TLSv1.2,TLSv1.3\n2 nil\nnilinvalid protocols failed\ntrue\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if conn.protocols != 0x60 {
		t.Errorf("protocols %#x", conn.protocols)
	}
	conn.exts[0] = []byte{0, 5, 0, 0, 8, 't'}
	if got := vm.run(t, `ngx.say(require("ngx.ssl.clienthello").get_client_hello_server_name())`); got != "nilBad SSL Client Hello Extension\n" {
		t.Errorf("bad server_name extension: %q", got)
	}
}

func TestSSLFFIFunctions(t *testing.T) {
	ctx := &Ctx{Phase: PhaseSSLCert}
	core := newCoreHost(ctx)
	conn := &fakeSSL{sni: "ffi.test"}
	SetSSLConn(ctx, conn)
	defer SetSSLConn(ctx, nil)
	vm := newCoreVMWith(t, core, &sslHost{core, conn})
	ffi.Preload(vm.L)
	got := vm.run(t, `
local ffi = require "ffi"
ffi.cdef[[
int ngx_http_lua_ffi_ssl_clear_certs(void *r, char **err);
int ngx_http_lua_ffi_cert_pem_to_der(const unsigned char *pem, size_t pem_len, unsigned char *der, char **err);
int ngx_http_lua_ffi_ssl_set_der_certificate(void *r, const char *data, size_t len, char **err);
void *ngx_http_lua_ffi_get_req_ssl_pointer(void *r);
const char *SSL_get_servername(const void *, const int);
]]
local errmsg = ffi.new("char *[1]")
local r = require("resty.core.base").get_request()
ngx.say(ffi.C.ngx_http_lua_ffi_ssl_clear_certs(r, errmsg))
local out = ffi.new("char[?]", 10)
ngx.say(ffi.C.ngx_http_lua_ffi_cert_pem_to_der("junk", 4, out, errmsg), " ", ffi.string(errmsg[0]))
ngx.say(ffi.C.ngx_http_lua_ffi_ssl_set_der_certificate(r, "junk", 4, errmsg), " ", ffi.string(errmsg[0]))
ngx.say(ffi.string(ffi.C.SSL_get_servername(ffi.C.ngx_http_lua_ffi_get_req_ssl_pointer(r), 0)))
`)
	want := "0\n-1 PEM_read_bio_X509_AUX() failed\n-1 d2i_X509_bio() failed\nffi.test\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if !conn.cleared {
		t.Error("clear_certs did not reach the connection")
	}
}

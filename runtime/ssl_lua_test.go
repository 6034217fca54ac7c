package runtime

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sslLuaEngine starts an engine with one TLS server on a unix socket
// whose http block ends with extra; it returns the socket and the
// prefix.
func sslLuaEngine(t *testing.T, dir, server string) (string, string) {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "ssl.sock")
	_, _, prefix := startEngine(t, strings.NewReplacer("DIR", dir, "SOCK", sock).Replace(`
error_log logs/error.log debug;
events {}
http {
    server {
        listen unix:SOCK ssl;
        server_name test.com;
        ssl_certificate DIR/server.crt;
        ssl_certificate_key DIR/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        `+server+`
        location /t { return 200 "ok"; }
    }
}`))
	return sock, prefix
}

// handshake dials sock and runs a TLS handshake with cfg.
func handshake(t *testing.T, sock string, cfg *tls.Config) (*tls.ConnectionState, error) {
	t.Helper()
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	tc := tls.Client(c, cfg)
	if err := tc.Handshake(); err != nil {
		return nil, err
	}
	cs := tc.ConnectionState()
	return &cs, nil
}

// sslErrorLog returns the engine's error.log once it contains want.
func sslErrorLog(t *testing.T, prefix, want string) string {
	t.Helper()
	var s string
	for i := 0; i < 100; i++ {
		b, _ := os.ReadFile(filepath.Join(prefix, "logs/error.log"))
		if s = string(b); strings.Contains(s, want) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s
}

func TestSSLCertificateByLuaSetsCertificate(t *testing.T) {
	dir, _ := tlsFiles(t)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "from lua"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	keyDER, _ := x509.MarshalECPrivateKey(key)
	os.WriteFile(filepath.Join(dir, "lua.der"), der, 0o600)
	os.WriteFile(filepath.Join(dir, "lua.key.der"), keyDER, 0o600)
	sock, prefix := sslLuaEngine(t, dir, strings.ReplaceAll(`ssl_certificate_by_lua_block {
            local ssl = require "ngx.ssl"
            ngx.sleep(0.01)
            print("cert phase ", ngx.get_phase(), " sni ", ssl.server_name(), " ", ssl.get_tls1_version_str())
            if ssl.server_name() == "fail.test" then
                ngx.exit(ngx.ERROR)
            end
            if ssl.server_name() == "keep.test" then
                return
            end
            local f = assert(io.open("DIR/lua.der"))
            local cert = f:read("*a")
            f:close()
            f = assert(io.open("DIR/lua.key.der"))
            local key = f:read("*a")
            f:close()
            assert(ssl.clear_certs())
            assert(ssl.set_der_cert(cert))
            assert(ssl.set_der_priv_key(key))
        }`, "DIR", dir))
	cs, err := handshake(t, sock, &tls.Config{InsecureSkipVerify: true, ServerName: "swap.test", MaxVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatal(err)
	}
	if cn := cs.PeerCertificates[0].Subject.CommonName; cn != "from lua" {
		t.Errorf("certificate %q, want the one set by Lua", cn)
	}
	cs, err = handshake(t, sock, &tls.Config{InsecureSkipVerify: true, ServerName: "keep.test"})
	if err != nil {
		t.Fatal(err)
	}
	if cn := cs.PeerCertificates[0].Subject.CommonName; cn != "localhost" {
		t.Errorf("certificate %q, want the server's", cn)
	}
	if _, err := handshake(t, sock, &tls.Config{InsecureSkipVerify: true, ServerName: "fail.test"}); err == nil {
		t.Error("ngx.exit(ngx.ERROR) did not fail the handshake")
	}
	log := sslErrorLog(t, prefix, "cert cb error")
	for _, want := range []string{
		"cert phase ssl_cert sni swap.test TLSv1.2, context: ssl_certificate_by_lua*, client: unix:, server: unix:",
		"cert phase ssl_cert sni keep.test TLSv1.3",
		"lua exit with code -1",
		// the handler slept: ngx_lua's callback ran again to find it done
		"lua_certificate_by_lua: cert cb exit code: 0",
		"SSL_do_handshake() failed (SSL: error:1417A179:SSL routines:tls_post_process_client_hello:cert cb error)",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("error.log lacks %q:\n%s", want, log)
		}
	}
}

func TestSSLClientHelloByLua(t *testing.T) {
	dir, _ := tlsFiles(t)
	sock, prefix := sslLuaEngine(t, dir, `ssl_client_hello_by_lua_block {
            local ch = require "ngx.ssl.clienthello"
            local name = ch.get_client_hello_server_name()
            print("hello from ", name, " versions ", table.concat(ch.get_supported_versions() or {}, ","),
                  " alpn ", #(ch.get_client_hello_ext(16) or ""))
            if name == "old.test" then
                assert(ch.set_protocols({"TLSv1.2"}))
            elseif name == "bad.test" then
                error("bad hello")
            end
        }`)
	cs, err := handshake(t, sock, &tls.Config{InsecureSkipVerify: true, ServerName: "old.test", NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	if cs.Version != tls.VersionTLS12 {
		t.Errorf("version %#x, want TLSv1.2 from set_protocols", cs.Version)
	}
	if _, err := handshake(t, sock, &tls.Config{InsecureSkipVerify: true, ServerName: "bad.test"}); err == nil {
		t.Error("a failing handler did not fail the handshake")
	}
	log := sslErrorLog(t, prefix, "callback failed")
	for _, want := range []string{
		// h2 in ALPN's list: 2 bytes of length, 1 of name length, 2 of name
		"hello from old.test versions TLSv1.2,TLSv1.3 alpn 5, context: ssl_client_hello_by_lua*",
		"ssl_client_hello_by_lua:9: bad hello",
		"lua_client_hello_by_lua: handler return value: 500, client hello cb exit code: 0",
		"tls_early_post_process_client_hello:callback failed",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("error.log lacks %q:\n%s", want, log)
		}
	}
}

func TestSSLCertificateByLuaVerifyClient(t *testing.T) {
	dir, clientCert := tlsFiles(t)
	sock := filepath.Join(t.TempDir(), "verify.sock")
	startEngine(t, strings.NewReplacer("DIR", dir, "SOCK", sock).Replace(`
events {}
http {
    server {
        listen unix:SOCK ssl;
        ssl_certificate DIR/server.crt;
        ssl_certificate_key DIR/server.key;
        ssl_certificate_by_lua_block {
            local ssl = require "ngx.ssl"
            local f = assert(io.open("DIR/ca.crt"))
            local ca = assert(ssl.parse_pem_cert(f:read("*a")))
            f:close()
            assert(ssl.verify_client(ca, 2))
        }
        location /t {
            content_by_lua_block {
                local ssl = require "ngx.ssl"
                ngx.say(ngx.var.ssl_client_verify, " ", ngx.var.ssl_client_s_dn, " ", ssl.server_name())
                ngx.say(ssl.verify_client(nil))
            }
        }
    }
}`))
	get := func(certs []tls.Certificate) string {
		t.Helper()
		c, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		tc := tls.Client(c, &tls.Config{InsecureSkipVerify: true, ServerName: "localhost", Certificates: certs})
		if _, err := tc.Write([]byte("GET /t HTTP/1.0\r\nHost: localhost\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tc)
		_, body, _ := strings.Cut(string(b), "\r\n\r\n")
		return body
	}
	if got, want := get([]tls.Certificate{clientCert}), "SUCCESS CN=client,O=gresty localhost\nnilAPI disabled in the current context\n"; got != want {
		t.Errorf("with a certificate: %q, want %q", got, want)
	}
	if got := get(nil); !strings.HasPrefix(got, "NONE ") {
		t.Errorf("without a certificate: %q", got)
	}
}

package cosocket

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testPKI is a CA and a certificate it issued for "localhost", and a
// self-signed certificate.
type testPKI struct {
	caFile           string
	leaf, selfSigned tls.Certificate
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	caKey, leafKey, selfKey := key(), key(), key()
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	self := &x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
	selfDER, err := x509.CreateCertificate(rand.Reader, self, self, &selfKey.PublicKey, selfKey)
	if err != nil {
		t.Fatal(err)
	}
	p := &testPKI{caFile: filepath.Join(t.TempDir(), "ca.pem"),
		leaf:       tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: leafKey},
		selfSigned: tls.Certificate{Certificate: [][]byte{selfDER}, PrivateKey: selfKey}}
	if err := os.WriteFile(p.caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// tlsEcho is a TLS server answering each line with "tls: line".
func tlsEcho(t *testing.T, cert tls.Certificate) int {
	t.Helper()
	srv := startServer(t, func(c net.Conn) {
		tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}})
		buf := make([]byte, 1024)
		for {
			n, err := tc.Read(buf)
			if err != nil {
				return
			}
			tc.Write(append([]byte("tls: "), buf[:n]...))
		}
	})
	return srv.port
}

func TestSSLHandshake(t *testing.T) {
	pki := newTestPKI(t)
	port := tlsEcho(t, pki.leaf)
	selfPort := tlsEcho(t, pki.selfSigned)
	for _, tc := range []struct {
		name, src, want, log string
		trusted              bool
	}{
		{"no verify", `local s = conn(PORT) local sess = s:sslhandshake() say(type(sess)) s:send("hi\n") say(s:receive())`,
			"userdata\ntls: hi\n", "", false},
		{"no session", `local s = conn(PORT) say(s:sslhandshake(false)) say(s:sslhandshake(false))`, "true\ntrue\n", "", false},
		{"untrusted", `local s = conn(PORT) say(s:sslhandshake(nil, "localhost", true)) say(s:send("x"))`,
			"nil20: unable to get local issuer certificate\nnilclosed\n",
			"lua ssl certificate verify error: (20: unable to get local issuer certificate)", false},
		{"trusted", `local s = conn(PORT) say(type(s:sslhandshake(nil, "localhost", true))) s:send("ok\n") say(s:receive())`,
			"userdata\ntls: ok\n", "", true},
		{"host mismatch", `local s = conn(PORT) say(s:sslhandshake(nil, "example.org", true))`,
			"nilcertificate host mismatch\n", `lua ssl certificate does not match host "example.org"`, true},
		{"self-signed", `local s = conn(SELFPORT) say(s:sslhandshake(nil, "localhost", true))`,
			"nil18: self signed certificate\n", "lua ssl certificate verify error: (18: self signed certificate)", true},
		{"pooled", `local s = conn(PORT) s:sslhandshake(false) s:setkeepalive() s = conn(PORT) say(s:getreusedtimes()) say(s:sslhandshake(false)) s:send("again\n") say(s:receive())`,
			"1\ntrue\ntls: again\n", "", false},
		{"arguments", `local s = conn(PORT) say(pcall(s.sslhandshake, s, 1, 2, 3, 4, 5))`,
			"false" + coreSocketLua + ":187: ngx.socket sslhandshake: expecting 1 ~ 5 arguments (including the object), but seen 6\n", "", false},
		{"not connected", `local s = ngx.socket.tcp() say(pcall(s.sslhandshake, s))`,
			"false" + coreSocketLua + ":81: socket is never created nor connected\n", "", false},
		{"client cert", `local s = ngx.socket.tcp() say(s:setclientcert("a", nil)) say(s:setclientcert("a", "b")) say(s:setclientcert())`,
			"nilclient certificate must be supplied with corresponding private key\nnilbad cert arg: cdata expected, got string\ntrue\n", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newLuaEnv(t)
			if tc.trusted {
				e.h.conf.SSL.TrustedCertificate = pki.caFile
			}
			src := fmt.Sprintf(`local function conn(p) local s = ngx.socket.tcp() assert(s:connect("127.0.0.1", p)) return s end `) +
				strings.NewReplacer("SELFPORT", fmt.Sprint(selfPort), "PORT", fmt.Sprint(port)).Replace(tc.src)
			if got := e.run(t, src); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if tc.log != "" && !e.h.logged(tc.log) {
				t.Errorf("no log line %q in %q", tc.log, e.h.logs)
			}
		})
	}
}

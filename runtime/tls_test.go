package runtime

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tlsFiles writes a CA, a server certificate for localhost and a client
// certificate ("CN=client,O=gresty") it issued; it returns their folder
// and the client's key pair.
func tlsFiles(t *testing.T) (string, tls.Certificate) {
	t.Helper()
	dir := t.TempDir()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	now := time.Now()
	caKey := key()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gresty test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	issue := func(serial int64, name pkix.Name, usage x509.ExtKeyUsage) ([]byte, *ecdsa.PrivateKey) {
		k := key()
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: name, DNSNames: []string{"localhost"},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{usage}}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		return der, k
	}
	write := func(name, typ string, der []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	srvDER, srvKey := issue(2, pkix.Name{CommonName: "localhost"}, x509.ExtKeyUsageServerAuth)
	cliDER, cliKey := issue(3, pkix.Name{CommonName: "client", Organization: []string{"gresty"}}, x509.ExtKeyUsageClientAuth)
	srvKeyDER, _ := x509.MarshalECPrivateKey(srvKey)
	write("ca.crt", "CERTIFICATE", caDER)
	write("server.crt", "CERTIFICATE", srvDER)
	write("server.key", "EC PRIVATE KEY", srvKeyDER)
	return dir, tls.Certificate{Certificate: [][]byte{cliDER}, PrivateKey: cliKey}
}

func TestListenSSL(t *testing.T) {
	dir, clientCert := tlsFiles(t)
	sock := filepath.Join(t.TempDir(), "required.sock")
	_, base, _ := startEngine(t, strings.NewReplacer("DIR", dir, "SOCK", sock).Replace(`
events {}
http {
    server {
        listen 127.0.0.1:PORT ssl;
        ssl_certificate DIR/server.crt;
        ssl_certificate_key DIR/server.key;
        ssl_client_certificate DIR/ca.crt;
        ssl_verify_client optional;
        location /t {
            return 200 "$scheme $https $ssl_protocol $ssl_client_verify $ssl_client_s_dn";
        }
    }
    server {
        listen unix:SOCK ssl;
        ssl_certificate DIR/server.crt;
        ssl_certificate_key DIR/server.key;
        ssl_client_certificate DIR/ca.crt;
        ssl_verify_client on;
        location /t { return 200 "in"; }
    }
}`))
	url := strings.Replace(base, "http:", "https:", 1) + "/t"
	fetch := func(c *http.Client, url string) (int, string) {
		t.Helper()
		resp, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	client := func(certs []tls.Certificate, dial func(context.Context, string, string) (net.Conn, error)) *http.Client {
		return &http.Client{Transport: &http.Transport{DialContext: dial,
			TLSClientConfig: &tls.Config{InsecureSkipVerify: true, Certificates: certs, MaxVersion: tls.VersionTLS12}}}
	}
	if st, body := fetch(client(nil, nil), url); st != 200 || body != "https on TLSv1.2 NONE " {
		t.Errorf("without a client certificate: %d %q", st, body)
	}
	if st, body := fetch(client([]tls.Certificate{clientCert}, nil), url); st != 200 || body != "https on TLSv1.2 SUCCESS CN=client,O=gresty" {
		t.Errorf("with a client certificate: %d %q", st, body)
	}
	unix := func(context.Context, string, string) (net.Conn, error) { return net.Dial("unix", sock) }
	if st, body := fetch(client(nil, unix), "https://localhost/t"); st != 400 || !strings.Contains(body, "No required SSL certificate was sent") {
		t.Errorf("ssl_verify_client on, no certificate: %d %q", st, body)
	}
	if st, body := fetch(client([]tls.Certificate{clientCert}, unix), "https://localhost/t"); st != 200 || body != "in" {
		t.Errorf("ssl_verify_client on, certificate: %d %q", st, body)
	}
}

func TestListenSSLMissingCertificate(t *testing.T) {
	prefix := t.TempDir() + "/"
	os.MkdirAll(filepath.Join(prefix, "conf"), 0o755)
	os.MkdirAll(filepath.Join(prefix, "logs"), 0o755)
	conf := "events {}\nhttp { server { listen unix:" + filepath.Join(prefix, "x.sock") +
		" ssl; ssl_certificate none.crt; ssl_certificate_key none.key; } }\n"
	if err := os.WriteFile(filepath.Join(prefix, "conf/nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := NewProcess(Options{Prefix: prefix, ConfFile: "conf/nginx.conf"})
	want := `cannot load certificate "` + prefix + `conf/none.crt": BIO_new_file() failed`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}

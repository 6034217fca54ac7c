package ngxshim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"gresty/lua51compat/ffi"
)

func TestSSLPEMFunctions(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "pem"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	certPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	// the handles are cdata where ffi is loaded, as in the worker VMs
	ffi.Preload(vm.L)
	src := `
local ssl = require "ngx.ssl"
local cert, err = ssl.parse_pem_cert(CERT)
ngx.say(type(cert), " ", err)
ngx.say(ssl.parse_pem_cert("junk"))
local key = ssl.parse_pem_priv_key(KEY)
ngx.say(type(key))
ngx.say(ssl.parse_pem_priv_key(CERT))
ngx.say(#ssl.cert_pem_to_der(CERT) == DERLEN, " ", #ssl.priv_key_pem_to_der(KEY) > 0)
-- the request is not over TLS
ngx.say(pcall(ssl.set_cert, cert))
`
	src = strings.NewReplacer("CERT", "[["+certPEM+"]]", "KEY", "[["+keyPEM+"]]",
		"DERLEN", itoa(len(der))).Replace(src)
	want := "cdata nil\nnilPEM_read_bio_X509_AUX() failed\ncdata\nnilPEM_read_bio_PrivateKey() failed\ntrue true\n" +
		"truenilbad request\n"
	if got := vm.run(t, src); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

package ngxshim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat/ffi"
)

// ngx.ssl's PEM functions, which work in any phase: parse_pem_cert and
// parse_pem_priv_key give the cdata handles that tcpsock:setclientcert
// and tlshandshake take, cert_pem_to_der and priv_key_pem_to_der convert
// to DER. The functions working on a TLS connection (server_name,
// set_der_cert ...) act on the handshake an ssl_certificate_by_lua or
// ssl_client_hello_by_lua handler runs for, or on the TLS connection of
// a request, through the SSLHost the engine implements.

// sslPEMFuncs are the ngx.ssl functions this file implements.
var sslPEMFuncs = map[string]lua.LGFunction{
	"parse_pem_cert":      sslParsePEMCert,
	"parse_pem_priv_key":  sslParsePEMPrivKey,
	"cert_pem_to_der":     sslCertPEMToDER,
	"priv_key_pem_to_der": sslPrivKeyPEMToDER,
}

// sslModule builds ngx.ssl.
func (a *api) sslModule(L *lua.LState) *lua.LTable {
	t := unsupportedModule("ngx.ssl", nil, sslConsts)(L)
	for name, fn := range sslPEMFuncs {
		t.RawSetString(name, L.NewFunction(fn))
	}
	for name, fn := range a.sslConnFuncs() {
		t.RawSetString(name, L.NewFunction(fn))
	}
	return t
}

// parseCertChain reads the certificates of a PEM text with
// ngx_http_lua_ffi_parse_pem_cert's errors: the first must be there, the
// rest are its chain.
func parseCertChain(data []byte) ([]*x509.Certificate, string) {
	var chain []*x509.Certificate
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" && b.Type != "TRUSTED CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			if len(chain) == 0 {
				return nil, "PEM_read_bio_X509_AUX() failed"
			}
			return nil, "PEM_read_bio_X509() failed"
		}
		chain = append(chain, c)
	}
	if len(chain) == 0 {
		return nil, "PEM_read_bio_X509_AUX() failed"
	}
	return chain, ""
}

// parsePrivKey reads the first private key of a PEM text.
func parsePrivKey(data []byte) (crypto.Signer, string) {
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return nil, "PEM_read_bio_PrivateKey() failed"
		}
		var k any
		var err error
		switch b.Type {
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "EC PRIVATE KEY":
			k, err = x509.ParseECPrivateKey(b.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, "PEM_read_bio_PrivateKey() failed"
		}
		switch key := k.(type) {
		case *rsa.PrivateKey:
			return key, ""
		case *ecdsa.PrivateKey:
			return key, ""
		case ed25519.PrivateKey:
			return key, ""
		}
		return nil, "PEM_read_bio_PrivateKey() failed"
	}
}

// sslFail returns nil and msg, as resty.core's ngx.ssl does on failure.
func sslFail(L *lua.LState, msg string) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(msg))
	return 2
}

// sslParsePEMCert is ngx.ssl.parse_pem_cert(pem): the chain as a cdata
// the collector frees.
func sslParsePEMCert(L *lua.LState) int {
	chain, msg := parseCertChain([]byte(L.CheckString(1)))
	if msg != "" {
		return sslFail(L, msg)
	}
	L.Push(ffi.BoxObject(L, chain, nil))
	return 1
}

// sslParsePEMPrivKey is ngx.ssl.parse_pem_priv_key(pem).
func sslParsePEMPrivKey(L *lua.LState) int {
	key, msg := parsePrivKey([]byte(L.CheckString(1)))
	if msg != "" {
		return sslFail(L, msg)
	}
	L.Push(ffi.BoxObject(L, key, nil))
	return 1
}

// sslCertPEMToDER is ngx.ssl.cert_pem_to_der(pem): the DER of every
// certificate, one after the other.
func sslCertPEMToDER(L *lua.LState) int {
	chain, msg := parseCertChain([]byte(L.CheckString(1)))
	if msg != "" {
		return sslFail(L, msg)
	}
	var der []byte
	for _, c := range chain {
		der = append(der, c.Raw...)
	}
	L.Push(lua.LString(der))
	return 1
}

// sslPrivKeyPEMToDER is ngx.ssl.priv_key_pem_to_der(pem).
func sslPrivKeyPEMToDER(L *lua.LState) int {
	key, msg := parsePrivKey([]byte(L.CheckString(1)))
	if msg != "" {
		return sslFail(L, msg)
	}
	var der []byte
	var err error
	switch k := key.(type) {
	case *rsa.PrivateKey:
		der = x509.MarshalPKCS1PrivateKey(k)
	case *ecdsa.PrivateKey:
		der, err = x509.MarshalECPrivateKey(k)
	default:
		der, err = x509.MarshalPKCS8PrivateKey(k)
	}
	if err != nil {
		return sslFail(L, "i2d_PrivateKey() failed")
	}
	L.Push(lua.LString(der))
	return 1
}

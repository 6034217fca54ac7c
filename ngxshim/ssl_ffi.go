package ngxshim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"sync"

	"gresty/lua51compat/ffi"
)

// ngx_lua's C functions behind ngx.ssl, for code that calls them through
// ffi.C as lua-resty-core does: the request argument is what
// resty.core.base.get_request returns, errors are static strings stored
// through the char **err argument, and the certificate and key handles
// are the cdata parse_pem_cert and parse_pem_priv_key return.

// sslConns are the handshakes of the ssl_*_by_lua handlers running now,
// by their context.
var sslConns sync.Map // *Ctx -> SSLConn

// SetSSLConn makes sc the connection the ssl_*_by_lua handler running
// with ctx works on; nil forgets it once the handler is done.
func SetSSLConn(ctx *Ctx, sc SSLConn) {
	if sc == nil {
		sslConns.Delete(ctx)
		return
	}
	sslConns.Store(ctx, sc)
}

// RunningSSLConn returns the connection of the ssl_*_by_lua handler
// running with ctx, nil for any other context.
func RunningSSLConn(ctx *Ctx) SSLConn {
	if sc, ok := sslConns.Load(ctx); ok {
		return sc.(SSLConn)
	}
	return nil
}

func init() {
	ffi.Register("ngx_http_lua_ffi_cert_pem_to_der", ffiCertPEMToDER)
	ffi.Register("ngx_http_lua_ffi_priv_key_pem_to_der", ffiPrivKeyPEMToDER)
	ffi.Register("ngx_http_lua_ffi_parse_pem_cert", ffiParsePEMCert)
	ffi.Register("ngx_http_lua_ffi_parse_pem_priv_key", ffiParsePEMPrivKey)
	ffi.Register("ngx_http_lua_ffi_free_cert", ffiFree)
	ffi.Register("ngx_http_lua_ffi_free_priv_key", ffiFree)
	ffi.Register("ngx_http_lua_ffi_ssl_clear_certs", ffiClearCerts)
	ffi.Register("ngx_http_lua_ffi_ssl_set_der_certificate", ffiSetDERCert)
	ffi.Register("ngx_http_lua_ffi_ssl_set_der_private_key", ffiSetDERPrivKey)
	ffi.Register("ngx_http_lua_ffi_set_cert", ffiSetCert)
	ffi.Register("ngx_http_lua_ffi_set_priv_key", ffiSetPrivKey)
	ffi.Register("ngx_http_lua_ffi_ssl_verify_client", ffiVerifyClient)
	ffi.Register("ngx_http_lua_ffi_get_req_ssl_pointer", ffiReqSSLPointer)
	ffi.Register("SSL_get_servername", ffiSSLGetServername)
}

// ffiError stores msg through the err argument and returns NGX_ERROR.
func ffiError(c *ffi.Call, errArg int, msg string) (ffi.Value, error) {
	if p := c.Pointer(errArg); !p.IsNull() {
		if err := p.StorePointer(ffi.NewCString(msg)); err != nil {
			return ffi.Void, err
		}
	}
	return ffi.Int(-1), nil
}

// ffiBytes reads the (pointer, length) arguments at i and i+1.
func ffiBytes(c *ffi.Call, i int) ([]byte, error) {
	n := int(c.Uint(i + 1))
	if n == 0 {
		return nil, nil
	}
	return c.Pointer(i).Read(n)
}

// ffiSSLConn returns the connection of the request handle argument i.
func ffiSSLConn(c *ffi.Call, i int) SSLConn {
	h, ok := c.Pointer(i).Object().(requestHandle)
	if !ok {
		return nil
	}
	return RunningSSLConn(h.ctx)
}

// ffiOut copies b to the output buffer argument i and returns its length.
func ffiOut(c *ffi.Call, i int, b []byte) (ffi.Value, error) {
	out, err := c.Pointer(i).Write(len(b))
	if err != nil {
		return ffi.Void, err
	}
	copy(out, b)
	return ffi.Int(int64(len(b))), nil
}

func ffiCertPEMToDER(c *ffi.Call) (ffi.Value, error) {
	pemData, err := ffiBytes(c, 0)
	if err != nil {
		return ffi.Void, err
	}
	chain, msg := parseCertChain(pemData)
	if msg != "" {
		return ffiError(c, 3, msg)
	}
	var der []byte
	for _, x := range chain {
		der = append(der, x.Raw...)
	}
	return ffiOut(c, 2, der)
}

// decryptPEMKey reads a private key PEM, decrypting a legacy encrypted
// block ("Proc-Type: 4,ENCRYPTED") with passphrase as
// PEM_read_bio_PrivateKey's password callback would.
func decryptPEMKey(data []byte, passphrase []byte) (crypto.Signer, string) {
	if passphrase == nil {
		return parsePrivKey(data)
	}
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return nil, "PEM_read_bio_PrivateKey() failed"
		}
		// the legacy PEM encryption, deprecated in Go, is what such key
		// files use
		if !x509.IsEncryptedPEMBlock(b) {
			return parsePrivKey(pem.EncodeToMemory(b))
		}
		der, err := x509.DecryptPEMBlock(b, passphrase)
		if err != nil {
			return nil, "PEM_read_bio_PrivateKey() failed"
		}
		return parsePrivKey(pem.EncodeToMemory(&pem.Block{Type: b.Type, Bytes: der}))
	}
}

func ffiPrivKeyPEMToDER(c *ffi.Call) (ffi.Value, error) {
	pemData, err := ffiBytes(c, 0)
	if err != nil {
		return ffi.Void, err
	}
	var pass []byte
	if p := c.Pointer(2); !p.IsNull() {
		s, err := p.CString()
		if err != nil {
			return ffi.Void, err
		}
		pass = []byte(s)
	}
	key, msg := decryptPEMKey(pemData, pass)
	if msg != "" {
		return ffiError(c, 4, msg)
	}
	var der []byte
	switch k := key.(type) {
	case *rsa.PrivateKey:
		der = x509.MarshalPKCS1PrivateKey(k)
	case *ecdsa.PrivateKey:
		der, err = x509.MarshalECPrivateKey(k)
	default:
		der, err = x509.MarshalPKCS8PrivateKey(k)
	}
	if err != nil {
		return ffiError(c, 4, "i2d_PrivateKey() failed")
	}
	return ffiOut(c, 3, der)
}

func ffiParsePEMCert(c *ffi.Call) (ffi.Value, error) {
	pemData, err := ffiBytes(c, 0)
	if err != nil {
		return ffi.Void, err
	}
	chain, msg := parseCertChain(pemData)
	if msg != "" {
		ffiError(c, 2, msg)
		return ffi.Ptr(ffi.Null), nil
	}
	return ffi.Ptr(ffi.NewObject(chain, 1)), nil
}

func ffiParsePEMPrivKey(c *ffi.Call) (ffi.Value, error) {
	pemData, err := ffiBytes(c, 0)
	if err != nil {
		return ffi.Void, err
	}
	key, msg := parsePrivKey(pemData)
	if msg != "" {
		ffiError(c, 2, msg)
		return ffi.Ptr(ffi.Null), nil
	}
	return ffi.Ptr(ffi.NewObject(key, 1)), nil
}

// ffiFree is the free functions: the collector owns the handles.
func ffiFree(*ffi.Call) (ffi.Value, error) { return ffi.Void, nil }

func ffiClearCerts(c *ffi.Call) (ffi.Value, error) {
	sc := ffiSSLConn(c, 0)
	if sc == nil {
		return ffiError(c, 1, "bad request")
	}
	sc.ClearCerts()
	return ffi.Int(0), nil
}

func ffiSetDERCert(c *ffi.Call) (ffi.Value, error) {
	sc := ffiSSLConn(c, 0)
	if sc == nil {
		return ffiError(c, 3, "bad request")
	}
	data, err := ffiBytes(c, 1)
	if err != nil {
		return ffi.Void, err
	}
	ders, ok := splitDER(data)
	if !ok {
		return ffiError(c, 3, "d2i_X509_bio() failed")
	}
	var chain []*x509.Certificate
	for _, d := range ders {
		x, err := x509.ParseCertificate(d)
		if err != nil {
			return ffiError(c, 3, "d2i_X509_bio() failed")
		}
		chain = append(chain, x)
	}
	sc.SetCert(chain)
	return ffi.Int(0), nil
}

func ffiSetDERPrivKey(c *ffi.Call) (ffi.Value, error) {
	sc := ffiSSLConn(c, 0)
	if sc == nil {
		return ffiError(c, 3, "bad request")
	}
	data, err := ffiBytes(c, 1)
	if err != nil {
		return ffi.Void, err
	}
	key, ok := parseDERPrivKey(data)
	if !ok {
		return ffiError(c, 3, "d2i_PrivateKey_bio() failed")
	}
	if msg := sc.SetPrivKey(key); msg != "" {
		return ffiError(c, 3, msg)
	}
	return ffi.Int(0), nil
}

func ffiSetCert(c *ffi.Call) (ffi.Value, error) {
	sc := ffiSSLConn(c, 0)
	if sc == nil {
		return ffiError(c, 2, "bad request")
	}
	chain, _ := c.Pointer(1).Object().([]*x509.Certificate)
	if len(chain) == 0 {
		return ffiError(c, 2, "sk_X509_value() failed")
	}
	sc.SetCert(chain)
	return ffi.Int(0), nil
}

func ffiSetPrivKey(c *ffi.Call) (ffi.Value, error) {
	sc := ffiSSLConn(c, 0)
	if sc == nil {
		return ffiError(c, 2, "bad request")
	}
	key, _ := c.Pointer(1).Object().(crypto.Signer)
	if key == nil {
		return ffiError(c, 2, "SSL_use_PrivateKey() failed")
	}
	if msg := sc.SetPrivKey(key); msg != "" {
		return ffiError(c, 2, msg)
	}
	return ffi.Int(0), nil
}

func ffiVerifyClient(c *ffi.Call) (ffi.Value, error) {
	if h, ok := c.Pointer(0).Object().(requestHandle); ok && h.ctx.Phase != PhaseSSLCert {
		return ffiError(c, 3, "API disabled in the current context")
	}
	sc := ffiSSLConn(c, 0)
	if sc == nil {
		return ffiError(c, 3, "bad request")
	}
	var cas []*x509.Certificate
	if p := c.Pointer(1); !p.IsNull() {
		cas, _ = p.Object().([]*x509.Certificate)
	}
	if msg := sc.VerifyClient(cas, int(c.Int(2))); msg != "" {
		return ffiError(c, 3, msg)
	}
	return ffi.Int(0), nil
}

// sslHandle is the SSL * that ngx_http_lua_ffi_get_req_ssl_pointer
// hands out: the connection, for the few OpenSSL functions gresty
// implements over it.
type sslHandle struct{ sc SSLConn }

func ffiReqSSLPointer(c *ffi.Call) (ffi.Value, error) {
	sc := ffiSSLConn(c, 0)
	if sc == nil {
		return ffi.Ptr(ffi.Null), nil
	}
	return ffi.Ptr(ffi.NewObject(sslHandle{sc}, 1)), nil
}

// ffiSSLGetServername is OpenSSL's SSL_get_servername(ssl, type): the
// SNI name for TLSEXT_NAMETYPE_host_name (0), else NULL.
func ffiSSLGetServername(c *ffi.Call) (ffi.Value, error) {
	h, ok := c.Pointer(0).Object().(sslHandle)
	if !ok || c.Int(1) != 0 {
		return ffi.Ptr(ffi.Null), nil
	}
	name, ok := h.sc.ServerName()
	if !ok {
		return ffi.Ptr(ffi.Null), nil
	}
	return ffi.Ptr(ffi.NewCString(name)), nil
}

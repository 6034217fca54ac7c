package cosocket

import (
	"crypto/tls"
	"strings"
)

// OpenSSL's names for what crypto/tls negotiates. nginx names ciphers and
// protocols the OpenSSL way in its configuration (ssl_ciphers,
// lua_ssl_ciphers, ssl_protocols) and in its debug lines, so gresty
// translates both ways here.

// cipherInfo is one cipher suite as OpenSSL 1.1.1 describes it
// (SSL_CIPHER_description, with nginx's run of spaces squeezed to one).
type cipherInfo struct {
	name string
	// desc follows the name in the description: the minimum protocol, key
	// exchange, authentication, encryption and MAC.
	desc string
}

var cipherInfos = map[uint16]cipherInfo{
	tls.TLS_RSA_WITH_RC4_128_SHA:                      {"RC4-SHA", "SSLv3 Kx=RSA Au=RSA Enc=RC4(128) Mac=SHA1"},
	tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA:                 {"DES-CBC3-SHA", "SSLv3 Kx=RSA Au=RSA Enc=3DES(168) Mac=SHA1"},
	tls.TLS_RSA_WITH_AES_128_CBC_SHA:                  {"AES128-SHA", "SSLv3 Kx=RSA Au=RSA Enc=AES(128) Mac=SHA1"},
	tls.TLS_RSA_WITH_AES_256_CBC_SHA:                  {"AES256-SHA", "SSLv3 Kx=RSA Au=RSA Enc=AES(256) Mac=SHA1"},
	tls.TLS_RSA_WITH_AES_128_CBC_SHA256:               {"AES128-SHA256", "TLSv1.2 Kx=RSA Au=RSA Enc=AES(128) Mac=SHA256"},
	tls.TLS_RSA_WITH_AES_128_GCM_SHA256:               {"AES128-GCM-SHA256", "TLSv1.2 Kx=RSA Au=RSA Enc=AESGCM(128) Mac=AEAD"},
	tls.TLS_RSA_WITH_AES_256_GCM_SHA384:               {"AES256-GCM-SHA384", "TLSv1.2 Kx=RSA Au=RSA Enc=AESGCM(256) Mac=AEAD"},
	tls.TLS_ECDHE_ECDSA_WITH_RC4_128_SHA:              {"ECDHE-ECDSA-RC4-SHA", "SSLv3 Kx=ECDH Au=ECDSA Enc=RC4(128) Mac=SHA1"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:          {"ECDHE-ECDSA-AES128-SHA", "TLSv1 Kx=ECDH Au=ECDSA Enc=AES(128) Mac=SHA1"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:          {"ECDHE-ECDSA-AES256-SHA", "TLSv1 Kx=ECDH Au=ECDSA Enc=AES(256) Mac=SHA1"},
	tls.TLS_ECDHE_RSA_WITH_RC4_128_SHA:                {"ECDHE-RSA-RC4-SHA", "SSLv3 Kx=ECDH Au=RSA Enc=RC4(128) Mac=SHA1"},
	tls.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA:           {"ECDHE-RSA-DES-CBC3-SHA", "SSLv3 Kx=ECDH Au=RSA Enc=3DES(168) Mac=SHA1"},
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:            {"ECDHE-RSA-AES128-SHA", "TLSv1 Kx=ECDH Au=RSA Enc=AES(128) Mac=SHA1"},
	tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:            {"ECDHE-RSA-AES256-SHA", "TLSv1 Kx=ECDH Au=RSA Enc=AES(256) Mac=SHA1"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256:       {"ECDHE-ECDSA-AES128-SHA256", "TLSv1.2 Kx=ECDH Au=ECDSA Enc=AES(128) Mac=SHA256"},
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256:         {"ECDHE-RSA-AES128-SHA256", "TLSv1.2 Kx=ECDH Au=RSA Enc=AES(128) Mac=SHA256"},
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:         {"ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2 Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:       {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.2 Kx=ECDH Au=ECDSA Enc=AESGCM(128) Mac=AEAD"},
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:         {"ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2 Kx=ECDH Au=RSA Enc=AESGCM(256) Mac=AEAD"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:       {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLSv1.2 Kx=ECDH Au=ECDSA Enc=AESGCM(256) Mac=AEAD"},
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:   {"ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2 Kx=ECDH Au=RSA Enc=CHACHA20/POLY1305(256) Mac=AEAD"},
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLSv1.2 Kx=ECDH Au=ECDSA Enc=CHACHA20/POLY1305(256) Mac=AEAD"},
	tls.TLS_AES_128_GCM_SHA256:                        {"TLS_AES_128_GCM_SHA256", "TLSv1.3 Kx=any Au=any Enc=AESGCM(128) Mac=AEAD"},
	tls.TLS_AES_256_GCM_SHA384:                        {"TLS_AES_256_GCM_SHA384", "TLSv1.3 Kx=any Au=any Enc=AESGCM(256) Mac=AEAD"},
	tls.TLS_CHACHA20_POLY1305_SHA256:                  {"TLS_CHACHA20_POLY1305_SHA256", "TLSv1.3 Kx=any Au=any Enc=CHACHA20/POLY1305(256) Mac=AEAD"},
}

// TLSVersionName is SSL_get_version's name of a protocol version.
func TLSVersionName(v uint16) string {
	switch v {
	case tls.VersionSSL30: //nolint:staticcheck // named for log lines only
		return "SSLv3"
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return "unknown"
}

// CipherName is OpenSSL's name of a cipher suite.
func CipherName(id uint16) string {
	if c, ok := cipherInfos[id]; ok {
		return c.name
	}
	return tls.CipherSuiteName(id)
}

// HandshakeLine is the debug line ngx_ssl_handshake_log writes after a
// handshake: the protocol and OpenSSL's description of the cipher.
func HandshakeLine(st tls.ConnectionState) string {
	desc := CipherName(st.CipherSuite)
	if c, ok := cipherInfos[st.CipherSuite]; ok {
		desc += " " + c.desc
	}
	return "SSL: " + TLSVersionName(st.Version) + ", cipher: \"" + desc + "\""
}

// TLSVersions returns the lowest and highest of the protocols named as
// ssl_protocols names them ("TLSv1", "TLSv1.2", ...); crypto/tls cannot
// leave a hole in the range. ok is false when none is one crypto/tls has.
func TLSVersions(names []string) (lo, hi uint16, ok bool) {
	for _, p := range names {
		v, known := tlsVersions[p]
		if !known {
			continue
		}
		if lo == 0 || v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	return lo, hi, lo != 0
}

var tlsVersions = map[string]uint16{
	"TLSv1": tls.VersionTLS10, "TLSv1.1": tls.VersionTLS11, "TLSv1.2": tls.VersionTLS12, "TLSv1.3": tls.VersionTLS13,
}

// CipherSuites turns an OpenSSL cipher list ("HIGH:!aNULL:!MD5",
// "ECDHE-RSA-AES256-SHA", "DEFAULT") into crypto/tls's TLS 1.0-1.2 suites.
// Names of single ciphers are taken as they are, in their order; a list
// of nothing but groups ("DEFAULT", "HIGH", ...) leaves crypto/tls's
// choice (nil), less what it excludes by name. The TLS 1.3 suites are
// not configurable in crypto/tls, as they are not by this directive in
// OpenSSL.
func CipherSuites(spec string) []uint16 {
	byName := make(map[string]uint16, len(cipherInfos))
	for id, c := range cipherInfos {
		byName[c.name] = id
	}
	var picked []uint16
	excluded := map[uint16]bool{}
	for _, tok := range strings.FieldsFunc(spec, func(r rune) bool { return r == ':' || r == ',' || r == ' ' }) {
		neg := strings.HasPrefix(tok, "!") || strings.HasPrefix(tok, "-")
		name := strings.TrimLeft(tok, "!-+")
		id, ok := byName[name]
		if !ok {
			continue
		}
		if neg {
			excluded[id] = true
			continue
		}
		picked = append(picked, id)
	}
	if len(picked) == 0 {
		if len(excluded) == 0 {
			return nil
		}
		for _, cs := range tls.CipherSuites() {
			if !excluded[cs.ID] {
				picked = append(picked, cs.ID)
			}
		}
		return picked
	}
	out := picked[:0]
	for _, id := range picked {
		if !excluded[id] {
			out = append(out, id)
		}
	}
	return out
}

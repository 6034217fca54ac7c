package config

// gresty does not read certificates while loading, but it makes the
// configuration checks nginx makes about them.

// hasCertificate reports whether ssl_certificate is in effect for a
// server, or it rejects handshakes.
func (s *Server) hasCertificate() bool {
	return s.Lookup("ssl_certificate") != nil || flagOf(&s.Block, "ssl_reject_handshake", false)
}

// checkSSLMerge makes the checks of the ssl and ngx_lua modules' server
// merges, in their order: a certificate needs a key; the ssl_*_by_lua
// handlers need ssl configured.
func checkSSLMerge(h *HTTP) error {
	fail := func(msg string) error {
		return &Error{Diagnostic: Diagnostic{Level: LevelEmerg, Msg: msg}}
	}
	for _, s := range h.Servers {
		certs, keys := s.LookupAll("ssl_certificate"), s.LookupAll("ssl_certificate_key")
		if len(certs) > 0 && len(keys) < len(certs) {
			return fail(`no "ssl_certificate_key" is defined for certificate "` + certs[len(certs)-1].Args[0] + `"`)
		}
	}
	for _, s := range h.Servers {
		if (s.SSLClientHelloByLua != nil || s.SSLCertificateByLua != nil) && s.Lookup("ssl_certificate") == nil {
			return fail("no ssl configured for the server")
		}
	}
	return nil
}

// checkSSLListens is ngx_http_ssl_init's check: the default server of an
// ssl listen needs a certificate.
func checkSSLListens(h *HTTP) error {
	for _, g := range h.addrs {
		for _, a := range g.addrs {
			if !a.listen.SSL || a.defaultS.hasCertificate() {
				continue
			}
			s := a.defaultS
			return &Error{Diagnostic: Diagnostic{Level: LevelEmerg,
				Msg: `no "ssl_certificate" is defined for the "listen ... ssl" directive in ` + s.File + ":" + itoa(s.Line)}}
		}
	}
	return nil
}

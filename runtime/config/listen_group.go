package config

import (
	"net/netip"
	"strings"
)

// listenGroup is the servers bound to one port of one address family (or
// one unix socket), as nginx's ngx_http_conf_port_t.
type listenGroup struct {
	network string // "tcp4", "tcp6" or "unix"
	port    int
	path    string
	addrs   []*listenAddr
}

// listenAddr is one address of a group with its servers, as
// ngx_http_conf_addr_t: the first server is the default unless one says
// default_server.
type listenAddr struct {
	listen   *Listen // the options in effect for the address
	optSet   bool    // options were given explicitly (bind, backlog=...)
	servers  []*Server
	defaultS *Server

	names *serverNames
}

func groupNetwork(l *Listen) string {
	if l.Network == "unix" {
		return "unix"
	}
	if ip, err := netip.ParseAddr(l.Host); err == nil && ip.Is6() {
		return "tcp6"
	}
	return "tcp4"
}

// addListen adds a listen to the server as ngx_http_add_listen does, with
// its duplicate checks.
func (p *parser) addListen(srv *Server, l *Listen) error {
	return p.addListenSet(srv, l, false)
}

func (p *parser) addListenSet(srv *Server, l *Listen, set bool) error {
	h := srv.HTTP
	network := groupNetwork(l)
	var g *listenGroup
	for _, x := range h.addrs {
		if x.network == network && x.port == l.Port && (network != "unix" || x.path == l.Host) {
			g = x
			break
		}
	}
	if g == nil {
		g = &listenGroup{network: network, port: l.Port}
		if network == "unix" {
			g.path = l.Host
		}
		h.addrs = append(h.addrs, g)
	}
	srv.Listens = append(srv.Listens, l)
	for _, a := range g.addrs {
		if a.listen.Addr != l.Addr {
			continue
		}
		for _, s := range a.servers {
			if s == srv {
				return emergf("a duplicate listen %s", a.listen.Addr)
			}
		}
		a.servers = append(a.servers, srv)
		defaultServer := a.listen.DefaultServer
		proxy := l.ProxyProtocol || a.listen.ProxyProtocol
		ssl := l.SSL || a.listen.SSL
		http2 := l.HTTP2 || a.listen.HTTP2
		if set {
			if a.optSet {
				return emergf("duplicate listen options for %s", a.listen.Addr)
			}
			a.optSet = true
			a.listen = l
		}
		if l.DefaultServer {
			if defaultServer {
				return emergf("a duplicate default server for %s", a.listen.Addr)
			}
			defaultServer = true
			a.defaultS = srv
		}
		a.listen.DefaultServer = defaultServer
		a.listen.ProxyProtocol = proxy
		a.listen.SSL = ssl
		a.listen.HTTP2 = http2
		return nil
	}
	opt := *l
	g.addrs = append(g.addrs, &listenAddr{listen: &opt, optSet: set, servers: []*Server{srv}, defaultS: srv})
	return nil
}

// FindServer selects the server for a request as nginx does: among the
// servers listening on the address the connection came in on (listenAddr,
// the local "ip:port" or "unix:/path"; a wildcard listen catches the
// addresses no server listens on explicitly), the one whose server_name
// matches host (exact name, then the longest leading wildcard, then the
// longest trailing wildcard, then the first matching regex), else the
// default server of that address. It returns nil when no server listens
// there. The host is normalized as nginx does (lower case, no port, no
// trailing dot).
func (h *HTTP) FindServer(listenAddr, host string) *Server {
	s, _ := h.MatchServer(listenAddr, host)
	return s
}

// MatchServer is FindServer that also returns the captures of the
// server_name regex that selected the server (nil otherwise), which $1..
// and the named-capture variables then refer to.
func (h *HTTP) MatchServer(listenAddr, host string) (*Server, *Captures) {
	a := h.findAddr(listenAddr)
	if a == nil {
		return nil, nil
	}
	if len(a.servers) == 1 && !a.defaultS.hasRegexCaptures() {
		return a.defaultS, nil
	}
	host = NormalizeHost(host)
	if s, c := a.names.find(host); s != nil {
		return s, c
	}
	return a.defaultS, nil
}

// findAddr finds the address configuration for a local address.
func (h *HTTP) findAddr(local string) *listenAddr {
	if strings.HasPrefix(local, "unix:") {
		for _, g := range h.addrs {
			if g.network == "unix" && "unix:"+g.path == local {
				return g.addrs[0]
			}
		}
		return nil
	}
	ap, err := netip.ParseAddrPort(local)
	if err != nil {
		return nil
	}
	ip := ap.Addr().Unmap()
	network := "tcp4"
	if ip.Is6() {
		network = "tcp6"
	}
	for _, g := range h.addrs {
		if g.network != network || g.port != int(ap.Port()) {
			continue
		}
		var wild *listenAddr
		for _, a := range g.addrs {
			if a.listen.Wildcard {
				wild = a
				continue
			}
			if x, err := netip.ParseAddr(a.listen.Host); err == nil && x.WithZone("") == ip.WithZone("") {
				return a
			}
		}
		return wild
	}
	return nil
}

// NormalizeHost lower-cases a Host value and strips its port and trailing
// dot, as ngx_http_validate_host does for server selection.
func NormalizeHost(host string) string {
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i >= 0 {
			host = host[:i+1]
		}
	} else if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".")
	return strings.ToLower(host)
}

// Addresses returns the addresses the http block listens on, as nginx
// prints them ("0.0.0.0:80", "[::1]:8080", "unix:/path"), each with the
// listen options in effect there, in configuration order.
func (h *HTTP) Addresses() []*Listen {
	var out []*Listen
	for _, g := range h.addrs {
		for _, a := range g.addrs {
			out = append(out, a.listen)
		}
	}
	return out
}

// DefaultServer returns the default server of a listening address as
// Addresses names it, or nil.
func (h *HTTP) DefaultServer(addr string) *Server {
	for _, g := range h.addrs {
		for _, a := range g.addrs {
			if a.listen.Addr == addr {
				return a.defaultS
			}
		}
	}
	return nil
}

package config

import (
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// defaultBacklog is NGX_LISTEN_BACKLOG on Linux.
const defaultBacklog = 511

func itoa(n int) string { return strconv.Itoa(n) }

// defaultListenPort is the port nginx gives a server without listen: 80
// when it runs as root, 8000 otherwise.
func defaultListenPort() int {
	if os.Geteuid() == 0 {
		return 80
	}
	return 8000
}

// setListen is the listen directive, checked as ngx_http_core_listen
// checks it.
func setListen(p *parser, d *Directive) error {
	u, msg := parseListenURL(d.Args[0])
	if msg != "" {
		return emergf(`%s in "%s" of the "listen" directive`, msg, d.Args[0])
	}
	l := Listen{
		Network: u.network, Backlog: defaultBacklog, Rcvbuf: -1, Sndbuf: -1, FastOpen: -1,
		IPv6Only: true, Wildcard: u.wildcard, File: d.File, Line: d.Line,
	}
	set := false
	for _, a := range d.Args[1:] {
		switch {
		case a == "default_server" || a == "default":
			l.DefaultServer = true
		case a == "bind":
			l.Bind, set = true, true
		case strings.HasPrefix(a, "fastopen="):
			l.FastOpen = int(atoi(a[9:]))
			l.Bind, set = true, true
			if l.FastOpen < 0 {
				return emergf(`invalid fastopen "%s"`, a)
			}
		case strings.HasPrefix(a, "backlog="):
			l.Backlog = int(atoi(a[8:]))
			l.Bind, set = true, true
			if l.Backlog <= 0 {
				return emergf(`invalid backlog "%s"`, a)
			}
		case strings.HasPrefix(a, "rcvbuf="):
			n, ok := ParseSize(a[7:])
			l.Rcvbuf, l.Bind, set = n, true, true
			if !ok {
				return emergf(`invalid rcvbuf "%s"`, a)
			}
		case strings.HasPrefix(a, "sndbuf="):
			n, ok := ParseSize(a[7:])
			l.Sndbuf, l.Bind, set = n, true, true
			if !ok {
				return emergf(`invalid sndbuf "%s"`, a)
			}
		case strings.HasPrefix(a, "accept_filter="):
			// Linux has no accept filters: nginx logs this at emerg
			// level but goes on
			p.warn(LevelEmerg, `accept filters "%s" are not supported on this platform, ignored`, a)
		case a == "deferred":
			l.Deferred, l.Bind, set = true, true, true
		case strings.HasPrefix(a, "ipv6only=o"):
			switch a[10:] {
			case "n":
				l.IPv6Only = true
			case "ff":
				l.IPv6Only = false
			default:
				return emergf(`invalid ipv6only flags "%s"`, a[9:])
			}
			l.Bind, set = true, true
		case a == "reuseport":
			l.ReusePort, l.Bind, set = true, true, true
		case a == "ssl":
			l.SSL = true
		case a == "http2":
			l.HTTP2 = true
		case a == "spdy":
			p.warn(LevelWarn, `invalid parameter "spdy": ngx_http_spdy_module was superseded by ngx_http_v2_module`)
		case strings.HasPrefix(a, "so_keepalive="):
			if !validSoKeepalive(a[13:]) {
				return emergf(`invalid so_keepalive value: "%s"`, a[13:])
			}
			l.SoKeepalive = a[13:]
			l.Bind, set = true, true
		case a == "proxy_protocol":
			l.ProxyProtocol = true
		default:
			return emergf(`invalid parameter "%s"`, a)
		}
	}
	srv := p.sc.srv
	if u.network == "unix" {
		x := l
		x.Host, x.Addr = u.path, "unix:"+u.path
		return p.addListenSet(srv, &x, set)
	}
	seen := map[netip.AddrPort]bool{}
	for _, ap := range u.addrs {
		if seen[ap] {
			continue
		}
		seen[ap] = true
		x := l
		x.Host, x.Port, x.Addr = ap.Addr().String(), int(ap.Port()), addrText(ap)
		x.Wildcard = ap.Addr().IsUnspecified()
		if err := p.addListenSet(srv, &x, set); err != nil {
			return err
		}
	}
	return nil
}

// validSoKeepalive checks so_keepalive=on|off|[keepidle]:[keepintvl]:[keepcnt].
func validSoKeepalive(v string) bool {
	if v == "on" || v == "off" {
		return true
	}
	parts := strings.SplitN(v, ":", 3)
	any := false
	for i, s := range parts {
		if s == "" {
			continue
		}
		var n int64
		if i < 2 {
			n = parseTime(s, true)
		} else {
			n = atoi(s)
		}
		if n < 0 {
			return false
		}
		if n > 0 {
			any = true
		}
	}
	return any
}

package cosocket

import (
	"net"
	"strconv"
	"strings"
)

// Destinations as ngx_parse_url reads them for cosockets (no_resolve, no
// URI part): "unix:/path", "[ipv6]:port", "a.b.c.d:port" or a name that the
// resolver looks up.

// dest is a parsed connect destination.
type dest struct {
	// unix is the socket path of a "unix:" destination.
	unix string
	// name is the host as given: the text the resolver looks up when ip
	// is nil.
	name string
	ip   net.IP
	port int
	// text is the address as nginx names the peer in its logs.
	text string
}

// isUnix reports whether s names a unix domain socket.
func isUnix(s string) bool { return len(s) >= 5 && strings.EqualFold(s[:5], "unix:") }

// parseDest parses host with port as the default port. The error is
// ngx_parse_url's text ("invalid port", "no host" ...), or "" when the
// parser gives none.
func parseDest(host string, port int) (dest, string, bool) {
	if isUnix(host) {
		path := host[5:]
		if path == "" {
			return dest{}, "no path in the unix domain socket", false
		}
		if len(path)+1 > 108 {
			return dest{}, "too long path in the unix domain socket", false
		}
		return dest{unix: path, text: host}, "", true
	}
	if strings.HasPrefix(host, "[") {
		return parseDest6(host, port)
	}
	h := host
	if strings.ContainsAny(h, "/?") {
		return dest{}, "invalid host", false
	}
	d := dest{port: port}
	if i := strings.IndexByte(h, ':'); i >= 0 {
		n, ok := atoiPort(h[i+1:])
		if !ok {
			return dest{}, "invalid port", false
		}
		d.port = n
		h = h[:i]
	}
	if h == "" {
		return dest{}, "no host", false
	}
	d.name = h
	if ip := inetAddr(h); ip != nil {
		d.ip = ip
		d.text = ip.String() + ":" + strconv.Itoa(d.port)
	}
	return d, "", true
}

// parseDest6 parses a bracketed IPv6 address with an optional port.
func parseDest6(host string, port int) (dest, string, bool) {
	end := strings.IndexByte(host, ']')
	if end < 0 {
		return dest{}, "invalid host", false
	}
	rest := host[end+1:]
	if strings.ContainsAny(rest, "/?") {
		return dest{}, "invalid host", false
	}
	d := dest{port: port}
	if rest != "" {
		if rest[0] != ':' {
			return dest{}, "invalid host", false
		}
		n, ok := atoiPort(rest[1:])
		if !ok {
			return dest{}, "invalid port", false
		}
		d.port = n
	}
	a := host[1:end]
	if a == "" {
		return dest{}, "no host", false
	}
	ip := net.ParseIP(a)
	if ip == nil || ip.To4() != nil && !strings.Contains(a, ":") {
		return dest{}, "invalid IPv6 address", false
	}
	d.name, d.ip = a, ip
	d.text = "[" + ip.String() + "]:" + strconv.Itoa(d.port)
	return d, "", true
}

// atoiPort is ngx_atoi for a port: digits only, 1 to 65535.
func atoiPort(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
		if n > 65535 {
			return 0, false
		}
	}
	return n, n >= 1
}

// inetAddr is ngx_inet_addr: a dotted quad of decimal octets, nil when s
// is not one.
func inetAddr(s string) net.IP {
	var addr uint32
	octet, dots := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			octet = octet*10 + int(c-'0')
			if octet > 255 {
				return nil
			}
		case c == '.':
			addr = addr<<8 + uint32(octet)
			octet = 0
			dots++
		default:
			return nil
		}
	}
	if dots != 3 {
		return nil
	}
	addr = addr<<8 + uint32(octet)
	return net.IPv4(byte(addr>>24), byte(addr>>16), byte(addr>>8), byte(addr))
}

// parseBindAddr is ngx_http_lua_parse_addr: an IPv4 or IPv6 address
// without a port.
func parseBindAddr(s string) net.IP {
	if ip := inetAddr(s); ip != nil {
		return ip
	}
	if strings.Contains(s, ":") {
		return net.ParseIP(s)
	}
	return nil
}

// hostPort renders ip and port as nginx names a peer ("127.0.0.1:80",
// "[::1]:80").
func hostPort(ip net.IP, port int) string {
	if ip.To4() != nil {
		return ip.String() + ":" + strconv.Itoa(port)
	}
	return "[" + ip.String() + "]:" + strconv.Itoa(port)
}

// offLoopback returns the error for a destination gresty's test mode
// refuses.
func offLoopback(ip net.IP) string {
	return "connecting to non-loopback address " + ip.String() + " is not allowed in test mode"
}

// staysLocal reports whether a destination is this host: loopback, or the
// unspecified address, which Linux connects to the local host.
func staysLocal(ip net.IP) bool { return ip.IsLoopback() || ip.IsUnspecified() }

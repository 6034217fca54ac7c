package config

import (
	"net"
	"net/netip"
	"strings"
)

// listenURL is an address of a listen directive, parsed as ngx_parse_url
// does for listening sockets.
type listenURL struct {
	network  string // "tcp" or "unix"
	addrs    []netip.AddrPort
	path     string
	wildcard bool
}

// lookupHost resolves a listen host name; a variable so tests can stub it.
var lookupHost = net.LookupHost

func parseListenURL(s string) (listenURL, string) {
	if strings.HasPrefix(s, "unix:") {
		path := s[5:]
		if path == "" {
			return listenURL{}, "no path in the unix domain socket"
		}
		if len(path)+1 > 108 {
			return listenURL{}, "too long path in the unix domain socket"
		}
		return listenURL{network: "unix", path: path}, ""
	}
	if strings.HasPrefix(s, "[") {
		return parseListen6(s)
	}
	host := s
	colon := strings.IndexByte(host, ':')
	uri := strings.IndexAny(host, "/?")
	if uri >= 0 {
		return listenURL{}, "invalid host"
	}
	port := 80
	if colon >= 0 {
		n := atoi(host[colon+1:])
		if n < 1 || n > 65535 {
			return listenURL{}, "invalid port"
		}
		port = int(n)
		host = host[:colon]
	} else if n := atoi(host); n >= 0 {
		// a lone number is a port on the wildcard address
		if n < 1 || n > 65535 {
			return listenURL{}, "invalid port"
		}
		return listenURL{network: "tcp", addrs: []netip.AddrPort{netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(n))}, wildcard: true}, ""
	}
	if host == "" {
		return listenURL{}, "no host"
	}
	if host == "*" {
		return listenURL{network: "tcp", addrs: []netip.AddrPort{netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(port))}, wildcard: true}, ""
	}
	if ip, ok := parseInetAddr(host); ok {
		return listenURL{network: "tcp", addrs: []netip.AddrPort{netip.AddrPortFrom(ip, uint16(port))}, wildcard: ip.IsUnspecified()}, ""
	}
	if ip, ok := inetAton(host); ok {
		// getaddrinfo takes the classful and octal/hex forms
		return listenURL{network: "tcp", addrs: []netip.AddrPort{netip.AddrPortFrom(ip, uint16(port))}, wildcard: ip.IsUnspecified()}, ""
	}
	names, err := lookupHost(host)
	if err != nil || len(names) == 0 {
		return listenURL{}, "host not found"
	}
	u := listenURL{network: "tcp"}
	for _, n := range names {
		ip, err := netip.ParseAddr(n)
		if err != nil {
			continue
		}
		u.addrs = append(u.addrs, netip.AddrPortFrom(ip.Unmap(), uint16(port)))
	}
	if len(u.addrs) == 0 {
		return listenURL{}, "host not found"
	}
	u.wildcard = u.addrs[0].Addr().IsUnspecified()
	return u, ""
}

// parseInetAddr parses an IPv4 address as ngx_inet_addr does: four
// decimal octets separated by three dots, where an empty octet is 0
// ("127.0..1" is 127.0.0.1).
func parseInetAddr(s string) (netip.Addr, bool) {
	var b [4]byte
	octet, n := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			octet = octet*10 + int(c-'0')
			if octet > 255 {
				return netip.Addr{}, false
			}
		case c == '.':
			if n == 3 {
				return netip.Addr{}, false
			}
			b[n] = byte(octet)
			octet = 0
			n++
		default:
			return netip.Addr{}, false
		}
	}
	if n != 3 {
		return netip.Addr{}, false
	}
	b[3] = byte(octet)
	return netip.AddrFrom4(b), true
}

// inetAton parses the IPv4 forms inet_aton (and so getaddrinfo) accepts:
// one to four parts, decimal, octal (leading 0) or hex (0x), the last part
// filling the remaining bytes ("127.1" is 127.0.0.1).
func inetAton(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var vals []uint64
	for _, p := range parts {
		if p == "" {
			return netip.Addr{}, false
		}
		base, digits := uint64(10), p
		switch {
		case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
			base, digits = 16, p[2:]
		case len(p) > 1 && p[0] == '0':
			base, digits = 8, p[1:]
		}
		var v uint64
		for i := 0; i < len(digits); i++ {
			c := digits[i]
			var d uint64
			switch {
			case c >= '0' && c <= '9':
				d = uint64(c - '0')
			case base == 16 && c >= 'a' && c <= 'f':
				d = uint64(c-'a') + 10
			case base == 16 && c >= 'A' && c <= 'F':
				d = uint64(c-'A') + 10
			default:
				return netip.Addr{}, false
			}
			if d >= base {
				return netip.Addr{}, false
			}
			v = v*base + d
			if v > 0xffffffff {
				return netip.Addr{}, false
			}
		}
		vals = append(vals, v)
	}
	var ip uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 0xff {
			return netip.Addr{}, false
		}
		ip |= v << (24 - 8*uint(i))
	}
	last := vals[len(vals)-1]
	if last >= 1<<(8*uint(5-len(vals))) {
		return netip.Addr{}, false
	}
	ip |= last
	return netip.AddrFrom4([4]byte{byte(ip >> 24), byte(ip >> 16), byte(ip >> 8), byte(ip)}), true
}

func parseListen6(s string) (listenURL, string) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return listenURL{}, "invalid host"
	}
	rest := s[end+1:]
	if strings.ContainsAny(rest, "/?") {
		return listenURL{}, "invalid host"
	}
	port := 80
	if rest != "" {
		if rest[0] != ':' {
			return listenURL{}, "invalid host"
		}
		n := atoi(rest[1:])
		if n < 1 || n > 65535 {
			return listenURL{}, "invalid port"
		}
		port = int(n)
	}
	host := s[1:end]
	if host == "" {
		return listenURL{}, "no host"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.Is6() {
		return listenURL{}, "invalid IPv6 address"
	}
	return listenURL{network: "tcp", addrs: []netip.AddrPort{netip.AddrPortFrom(ip, uint16(port))}, wildcard: ip.IsUnspecified()}, ""
}

// addrText formats an address as ngx_sock_ntop does with the port.
func addrText(ap netip.AddrPort) string {
	if ap.Addr().Is6() {
		return "[" + ap.Addr().String() + "]:" + itoa(int(ap.Port()))
	}
	return ap.String()
}

package config

import "strings"

func setResolver(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	_, err := parseResolver(d.Args)
	return err
}

func parseResolver(args []string) (*Resolver, error) {
	r := &Resolver{IPv4: true, IPv6: true}
	for _, a := range args {
		switch {
		case strings.HasPrefix(a, "valid="):
			n, ok := ParseSec(a[6:])
			if !ok {
				return nil, emergf("invalid parameter: %s", a)
			}
			r.Valid = secDuration(n)
		case strings.HasPrefix(a, "ipv4="), strings.HasPrefix(a, "ipv6="):
			on, ok := map[string]bool{"on": true, "off": false}[a[5:]]
			if !ok {
				return nil, emergf("invalid parameter: %s", a)
			}
			if a[3] == '4' {
				r.IPv4 = on
			} else {
				r.IPv6 = on
			}
		case strings.HasPrefix(a, "status_zone="):
		default:
			if msg := checkResolverAddr(a); msg != "" {
				return nil, emergf(`%s in resolver "%s"`, msg, a)
			}
			r.Addresses = append(r.Addresses, a)
		}
	}
	if !r.IPv4 && !r.IPv6 {
		return nil, emergf(`"ipv4" and "ipv6" cannot both be "off"`)
	}
	return r, nil
}

// checkResolverAddr parses a name server address as ngx_parse_url does
// (port 53 by default; names must resolve).
func checkResolverAddr(a string) string {
	if strings.HasPrefix(a, "[") {
		_, msg := parseListen6(a)
		return msg
	}
	host := a
	if i := strings.IndexByte(a, ':'); i >= 0 {
		if n := atoi(a[i+1:]); n < 1 || n > 65535 {
			return "invalid port"
		}
		host = a[:i]
	}
	if host == "" {
		return "no host"
	}
	if _, ok := parseInetAddr(host); ok {
		return ""
	}
	if _, ok := inetAton(host); ok {
		return ""
	}
	if names, err := lookupHost(host); err != nil || len(names) == 0 {
		return "host not found"
	}
	return ""
}

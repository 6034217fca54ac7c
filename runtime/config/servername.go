package config

import (
	"strings"
)

// setServerName is the server_name directive, checked as
// ngx_http_core_server_name checks it.
func setServerName(p *parser, d *Directive) error {
	srv := p.sc.srv
	for _, v := range d.Args {
		if v != "" && ((v[0] == '*' && (len(v) < 3 || v[1] != '.')) || (v[0] == '.' && len(v) < 2)) {
			return emergf(`server name "%s" is invalid`, v)
		}
		if strings.ContainsRune(v, '/') {
			p.warn(LevelWarn, `server name "%s" has suspicious symbols`, v)
		}
		sn := ServerName{Name: v}
		if strings.HasPrefix(v, "~") {
			if len(v) == 1 {
				return emergf(`empty regex in server name "%s"`, v)
			}
			// nginx compiles a server name regex with an upper-case
			// letter in it caselessly, since hosts are lower-cased
			caseless := strings.ContainsAny(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
			re, err := p.compileRegex(v[1:], caseless)
			if err != nil {
				return err
			}
			sn.Kind, sn.Name, sn.Regex = NameRegex, v[1:], re
		} else {
			sn.Name = strings.ToLower(v)
			switch {
			case strings.HasPrefix(sn.Name, "*.") || (strings.HasPrefix(sn.Name, ".") && len(sn.Name) > 1):
				sn.Kind = NameLeadingWildcard
			case len(sn.Name) > 2 && strings.HasSuffix(sn.Name, ".*"):
				sn.Kind = NameTrailingWildcard
			}
		}
		srv.Names = append(srv.Names, sn)
	}
	return nil
}

func (s *Server) hasRegexCaptures() bool {
	for _, n := range s.Names {
		if n.Regex != nil && n.Regex.NumCaptures() > 0 {
			return true
		}
	}
	return false
}

// serverNames is the name index of one listening address, as nginx builds
// it in ngx_http_server_names: exact names, leading and trailing
// wildcards, and the regexes in configuration order.
type serverNames struct {
	exact    map[string]*Server
	leading  map[string]*Server // key: the suffix after "*" ("." included)
	trailing map[string]*Server // key: the prefix before "*" ("." included)
	regex    []ServerName
	rserver  []*Server
}

// validWildcard applies ngx_hash_add_key's rules to a server name: at most
// one "*", no "..", and a "*" only as "*." at the start or ".*" at the end.
func validWildcard(n string) bool {
	if strings.Count(n, "*") > 1 || strings.Contains(n, "..") || strings.ContainsRune(n, 0) {
		return false
	}
	if !strings.Contains(n, "*") {
		return true
	}
	return (len(n) > 2 && strings.HasPrefix(n, "*.")) || (len(n) > 2 && strings.HasSuffix(n, ".*"))
}

// buildNames builds an address's name index, warning about names another
// server on the address already has, as ngx_http_server_names does.
func (p *parser) buildNames(a *listenAddr) error {
	sn := &serverNames{exact: map[string]*Server{}, leading: map[string]*Server{}, trailing: map[string]*Server{}}
	a.names = sn
	conflict := func(name string) {
		p.cfg.Warnings = append(p.cfg.Warnings, Diagnostic{Level: LevelWarn,
			Msg: `conflicting server name "` + name + `" on ` + a.listen.Addr + `, ignored`})
	}
	for _, s := range a.servers {
		for _, n := range s.Names {
			if n.Kind == NameRegex {
				sn.regex = append(sn.regex, n)
				sn.rserver = append(sn.rserver, s)
				continue
			}
			if !validWildcard(n.Name) {
				return &Error{Diagnostic: Diagnostic{Level: LevelEmerg,
					Msg: `invalid server name or wildcard "` + n.Name + `" on ` + a.listen.Addr}}
			}
			var m map[string]*Server
			key := n.Name
			switch {
			case strings.HasPrefix(key, "*."):
				m, key = sn.leading, key[1:]
			case strings.HasPrefix(key, ".") && len(key) > 1:
				if _, dup := sn.exact[key[1:]]; dup {
					conflict(n.Name)
					continue
				}
				if _, dup := sn.leading[key]; dup {
					conflict(n.Name)
					continue
				}
				sn.exact[key[1:]] = s
				sn.leading[key] = s
				continue
			case strings.HasSuffix(key, ".*") && len(key) > 2:
				m, key = sn.trailing, key[:len(key)-1]
			default:
				m = sn.exact
			}
			if _, dup := m[key]; dup {
				conflict(n.Name)
				continue
			}
			m[key] = s
		}
	}
	return nil
}

// find looks a normalized host up: exact, longest leading wildcard,
// longest trailing wildcard, then regexes in order.
func (sn *serverNames) find(host string) (*Server, *Captures) {
	if sn == nil {
		return nil, nil
	}
	if s, ok := sn.exact[host]; ok {
		return s, nil
	}
	// the longest matching "*.suffix": try suffixes from the longest
	for i := 0; i < len(host); i++ {
		if host[i] != '.' {
			continue
		}
		if s, ok := sn.leading[host[i:]]; ok {
			return s, nil
		}
	}
	// the longest matching "prefix.*": try prefixes from the longest;
	// something must follow the prefix
	for i := len(host) - 1; i > 0; i-- {
		if host[i] != '.' || i == len(host)-1 {
			continue
		}
		if s, ok := sn.trailing[host[:i+1]]; ok {
			return s, nil
		}
	}
	if host == "" {
		return nil, nil
	}
	for i, n := range sn.regex {
		if c, ok := execRegex(n.Regex, host); ok {
			return sn.rserver[i], c
		}
	}
	return nil, nil
}

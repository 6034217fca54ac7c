package runtime

import (
	"regexp"
	"strings"
)

// ngx_http_referer_module's $invalid_referer: empty when the Referer
// header matches valid_referers, "1" when it does not. (This file's init
// runs after vars_builtin.go's, which makes the map.)

func init() {
	builtinVars["invalid_referer"] = func(r *request) (string, bool) {
		d := r.loc.Lookup("valid_referers")
		if d == nil {
			// no valid_referers: every referer is valid
			return "", true
		}
		if refererValid(d.Args, r) {
			return "", true
		}
		return "1", true
	}
}

// refererValid applies valid_referers' rules to the request's Referer.
func refererValid(rules []string, r *request) bool {
	ref, ok := r.headerIn("Referer")
	if !ok || ref == "" {
		return hasRule(rules, "none")
	}
	rest, ok := strings.CutPrefix(ref, "http://")
	if !ok {
		if rest, ok = strings.CutPrefix(ref, "https://"); !ok {
			return hasRule(rules, "blocked")
		}
	}
	host, uri := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, uri = rest[:i], rest[i:]
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	host = strings.ToLower(host)
	for _, rule := range rules {
		switch {
		case rule == "none", rule == "blocked":
		case rule == "server_names":
			if r.srv != nil {
				for _, n := range r.srv.Names {
					if strings.EqualFold(n.Name, host) {
						return true
					}
				}
			}
		case strings.HasPrefix(rule, "~"):
			pat := rule[1:]
			if strings.HasPrefix(pat, "*") {
				pat = "(?i)" + pat[1:]
			}
			if re, err := regexp.Compile(pat); err == nil && re.MatchString(rest) {
				return true
			}
		default:
			name, path, _ := strings.Cut(strings.ToLower(rule), "/")
			if path != "" && !strings.HasPrefix(uri, "/"+path) {
				continue
			}
			switch {
			case strings.HasPrefix(name, "*."):
				if strings.HasSuffix(host, name[1:]) {
					return true
				}
			case strings.HasPrefix(name, "."):
				if host == name[1:] || strings.HasSuffix(host, name) {
					return true
				}
			case strings.HasSuffix(name, ".*"):
				if strings.HasPrefix(host, name[:len(name)-1]) {
					return true
				}
			case host == name:
				return true
			}
		}
	}
	return false
}

// hasRule reports whether rules holds the keyword.
func hasRule(rules []string, keyword string) bool {
	for _, r := range rules {
		if r == keyword {
			return true
		}
	}
	return false
}

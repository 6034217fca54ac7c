package config

import (
	"sort"
	"strings"
)

// locationIndex is the searchable form of the locations of one level (a
// server's, or those nested in a location), as ngx_http_init_locations
// splits and sorts them.
type locationIndex struct {
	exact map[string]*Location
	// prefix holds the prefix and ^~ locations, longest name first.
	prefix []*Location
	// redirect holds the locations with auto_redirect by name.
	redirect map[string]*Location
	// regex holds the regex locations in configuration order.
	regex []*Location
	// named holds the named locations sorted by name, stable.
	named []*Location
}

// autoRedirectDirectives are the directives that make a location ending in
// "/" answer its name without the slash with a 301 (nginx's auto_redirect).
var autoRedirectDirectives = []string{"proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "memcached_pass", "grpc_pass"}

func (l *Location) autoRedirect() bool {
	if !strings.HasSuffix(l.Name, "/") {
		return false
	}
	for _, n := range autoRedirectDirectives {
		if l.Has(n) {
			return true
		}
	}
	return false
}

// buildIndex builds the index of a level and, depth first, of the nested
// levels, reporting duplicate prefix and exact locations as
// ngx_http_join_exact_locations does.
func buildIndex(locs []*Location) (*locationIndex, error) {
	idx := &locationIndex{exact: map[string]*Location{}, redirect: map[string]*Location{}}
	var static []*Location
	for _, l := range locs {
		switch l.Kind {
		case LocRegex, LocRegexCaseless:
			idx.regex = append(idx.regex, l)
		case LocNamed:
			idx.named = append(idx.named, l)
		default:
			static = append(static, l)
		}
	}
	sort.SliceStable(idx.named, func(i, j int) bool { return idx.named[i].Name < idx.named[j].Name })
	// nginx sorts the static locations by name, an exact one before an
	// inclusive one of the same name, stably
	sort.SliceStable(static, func(i, j int) bool {
		a, b := static[i], static[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Kind == LocExact && b.Kind != LocExact
	})
	for _, l := range static {
		sub, err := buildIndex(l.Locations)
		if err != nil {
			return nil, err
		}
		l.index = sub
	}
	for _, l := range locs {
		if l.Kind == LocRegex || l.Kind == LocRegexCaseless || l.Kind == LocNamed {
			sub, err := buildIndex(l.Locations)
			if err != nil {
				return nil, err
			}
			l.index = sub
		}
	}
	var lastExact, lastIncl *Location
	for i, l := range static {
		if i > 0 && static[i-1].Name != l.Name {
			lastExact, lastIncl = nil, nil
		}
		if l.Kind == LocExact {
			if lastExact != nil {
				return nil, duplicateLocation(l)
			}
			lastExact = l
			idx.exact[l.Name] = l
		} else {
			if lastIncl != nil {
				return nil, duplicateLocation(l)
			}
			lastIncl = l
			idx.prefix = append(idx.prefix, l)
		}
		if l.autoRedirect() {
			if _, ok := idx.redirect[l.Name]; !ok {
				idx.redirect[l.Name] = l
			}
		}
	}
	sort.SliceStable(idx.prefix, func(i, j int) bool { return len(idx.prefix[i].Name) > len(idx.prefix[j].Name) })
	return idx, nil
}

func duplicateLocation(l *Location) error {
	return &Error{Diagnostic: Diagnostic{Level: LevelEmerg, Msg: `duplicate location "` + l.Name + `"`, File: l.File, Line: l.Line}}
}

// LocationMatch is the result of a location search.
type LocationMatch struct {
	// Location is the location selected; the server's own pseudo
	// location when none matches.
	Location *Location
	// Captures are the captures of the regex location that matched (they
	// replace the previous ones even when the pattern has no groups); nil
	// when no regex location matched, and the previous captures (of a
	// server_name regex) then stay.
	Captures *Captures
	// AutoRedirect is set when the URI is a location's name without its
	// trailing "/" and that location proxies: nginx answers 301 with
	// Location: uri + "/" (and the arguments).
	AutoRedirect bool
}

// The results of a search step, as ngx_http_core_find_location's.
const (
	findDeclined = iota
	findAgain    // a prefix location matched; regexes may still override
	findOK       // final (exact or regex match)
	findDone     // auto redirect
)

// FindLocation selects the location for a URI (the normalized, decoded
// $uri) as nginx does: an exact match wins; otherwise the longest prefix
// match is remembered and its nested locations searched; unless it is a
// "^~" location, the regex locations are then tried in configuration order
// (a match wins, and its nested locations are searched in turn); otherwise
// the longest prefix stands. When nothing matches, the server's own
// settings apply.
func (s *Server) FindLocation(uri string) *Location {
	return s.MatchLocation(uri).Location
}

// MatchLocation is FindLocation with the regex captures and the auto
// redirect flag.
func (s *Server) MatchLocation(uri string) LocationMatch {
	m := LocationMatch{Location: s.Location}
	rc := s.index.find(uri, &m)
	m.AutoRedirect = rc == findDone
	return m
}

func (idx *locationIndex) find(uri string, m *LocationMatch) int {
	if idx == nil {
		return findDeclined
	}
	rc := findDeclined
	noregex := false
	if l, ok := idx.exact[uri]; ok {
		m.Location = l
		return findOK
	}
	var incl *Location
	for _, l := range idx.prefix {
		if strings.HasPrefix(uri, l.Name) {
			incl = l
			break
		}
	}
	if (incl == nil || incl.Name != uri) && idx.redirect[uri+"/"] != nil {
		m.Location = idx.redirect[uri+"/"]
		return findDone
	}
	if incl != nil {
		m.Location = incl
		noregex = incl.Kind == LocPrefixNoRegex
		rc = incl.index.find(uri, m)
		if rc == findDeclined {
			rc = findAgain
		}
	}
	if rc == findOK || rc == findDone {
		return rc
	}
	if noregex {
		return rc
	}
	for _, l := range idx.regex {
		c, ok := execRegex(l.Regex, uri)
		if !ok {
			continue
		}
		m.Location = l
		m.Captures = c
		l.index.find(uri, m)
		return findOK
	}
	return rc
}

// FindNamed returns the named location ("@name"), or nil.
func (s *Server) FindNamed(name string) *Location {
	if s.index == nil {
		return nil
	}
	for _, l := range s.index.named {
		if l.Name == name {
			return l
		}
	}
	return nil
}

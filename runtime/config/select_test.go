package config

import (
	"strings"
	"testing"
)

const selectConf = `
events {}
http {
    server { listen [::1]:8080; server_name six; }
    server { listen [::]:8080; server_name sixwild; }
    server { listen unix:/tmp/gresty.sock; server_name unix; }
    server { listen 127.0.0.1:8080; listen 8081; server_name a; }
    server { listen 127.0.0.1:8080 default_server; server_name b; }
    server {
        listen 8082;
        location /p/ { proxy_pass http://127.0.0.1:9; }
        location = /q/ { memcached_pass 127.0.0.1:9; }
        location /q { return 200; }
        location @x { return 200 first; }
        location @x { return 200 second; }
        location @a { }
    }
}
`

func TestFindServerAddresses(t *testing.T) {
	cfg := loadString(t, selectConf)
	h := cfg.HTTP
	name := func(s *Server) string {
		if s == nil {
			return "<nil>"
		}
		return s.Names[0].Name
	}
	for _, tt := range []struct{ addr, host, want string }{
		{"[::1]:8080", "x", "six"},
		{"[::2]:8080", "x", "sixwild"},
		{"[::1]:8080", "sixwild", "six"},
		{"unix:/tmp/gresty.sock", "x", "unix"},
		{"unix:/tmp/other.sock", "x", "<nil>"},
		{"127.0.0.1:8080", "a", "a"},
		{"127.0.0.1:8080", "A:8080", "a"},
		{"127.0.0.1:8080", "zzz", "b"},
		{"127.0.0.1:8080", "", "b"},
		{"127.0.0.2:8080", "a", "<nil>"},
		{"127.0.0.5:8081", "b", "a"},
		{"[::ffff:127.0.0.5]:8081", "b", "a"},
		{"127.0.0.1:9999", "a", "<nil>"},
		{"not an address", "a", "<nil>"},
	} {
		if got := name(h.FindServer(tt.addr, tt.host)); got != tt.want {
			t.Errorf("FindServer(%q, %q) = %s, want %s", tt.addr, tt.host, got, tt.want)
		}
	}
	if got := h.DefaultServer("127.0.0.1:8080"); name(got) != "b" {
		t.Errorf("default server %s", name(got))
	}
	var addrs []string
	for _, l := range h.Addresses() {
		addrs = append(addrs, l.Addr)
	}
	want := []string{"[::1]:8080", "[::]:8080", "unix:/tmp/gresty.sock", "127.0.0.1:8080", "0.0.0.0:8081", "0.0.0.0:8082"}
	if len(addrs) != len(want) {
		t.Fatalf("addresses %q, want %q", addrs, want)
	}
	for i := range want {
		if addrs[i] != want[i] {
			t.Errorf("addresses %q, want %q", addrs, want)
			break
		}
	}
}

func TestMatchLocationAutoRedirect(t *testing.T) {
	cfg := loadString(t, selectConf)
	s := cfg.HTTP.FindServer("127.0.0.1:8082", "")
	for _, tt := range []struct {
		uri      string
		name     string
		redirect bool
	}{
		{"/p", "/p/", true},
		{"/p/", "/p/", false},
		{"/q", "/q", false},
		{"/q/", "/q/", false},
		{"/x", "", false},
	} {
		m := s.MatchLocation(tt.uri)
		if m.Location.Name != tt.name || m.AutoRedirect != tt.redirect {
			t.Errorf("MatchLocation(%q) = %q, %v; want %q, %v", tt.uri, m.Location.Name, m.AutoRedirect, tt.name, tt.redirect)
		}
	}
}

func TestFindNamed(t *testing.T) {
	cfg := loadString(t, selectConf)
	s := cfg.HTTP.FindServer("127.0.0.1:8082", "")
	x := s.FindNamed("@x")
	if x == nil || x.Script.Stmts[0].(*ReturnStmt).Text.Raw != "first" {
		t.Errorf("@x: the first of equal names wins, got %+v", x)
	}
	if s.FindNamed("@a") == nil || s.FindNamed("@none") != nil || s.FindNamed("x") != nil {
		t.Error("named lookups")
	}
}

func TestNormalizeHost(t *testing.T) {
	for in, want := range map[string]string{
		"Example.COM":      "example.com",
		"example.com.":     "example.com",
		"example.com:8080": "example.com",
		"[::1]:80":         "[::1]",
		"":                 "",
	} {
		if got := NormalizeHost(in); got != want {
			t.Errorf("NormalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegexByteSemantics(t *testing.T) {
	re, err := compileGoRegex(`^/(.)(.)\xE9$`, false)
	if err != nil {
		t.Fatal(err)
	}
	// "é" is two bytes; nginx's PCRE (no UTF mode) sees two characters
	m := re.FindSubmatchIndex("/\xc3\xa9\xe9")
	if m == nil || m[2] != 1 || m[3] != 2 || m[4] != 2 || m[5] != 3 {
		t.Errorf("byte captures %v", m)
	}
	if _, err := compileGoRegex(`(?i)a`, true); err != nil {
		t.Error(err)
	}
	for pattern, want := range map[string]string{
		"(":        `pcre2_compile() failed: missing closing parenthesis in "("`,
		"a)b":      `pcre2_compile() failed: unmatched closing parenthesis in "a)b" at ")b"`,
		"[a":       `pcre2_compile() failed: missing terminating ] for character class in "[a"`,
		"*a":       `pcre2_compile() failed: quantifier does not follow a repeatable item in "*a" at "*a"`,
		"a**":      `pcre2_compile() failed: quantifier does not follow a repeatable item in "a**" at "*"`,
		"[z-a]":    `pcre2_compile() failed: range out of order in character class in "[z-a]" at "a]"`,
		"a{2,1}":   `pcre2_compile() failed: numbers out of order in {} quantifier in "a{2,1}" at "}"`,
		"x{99999}": `pcre2_compile() failed: number too big in {} quantifier in "x{99999}" at "}"`,
	} {
		_, err := compileGoRegex(pattern, false)
		if err == nil {
			t.Errorf("%q compiled", pattern)
			continue
		}
		if got := regexCompileError(pattern, err).Error(); got != want {
			t.Errorf("%q: %q, want %q", pattern, got, want)
		}
	}
}

func TestBacktrackingFallback(t *testing.T) {
	tests := []struct {
		pattern, subject string
		caseless         bool
		want             []string // whole match then groups; nil: no match
		names            []string
	}{
		{`^/(?!api/)(.*)$`, "/x/y", false, []string{"/x/y", "x/y"}, []string{"", ""}},
		{`^/(?!api/)(.*)$`, "/api/y", false, nil, nil},
		{`^/(a)(?<n>b)\1$`, "/aba", false, []string{"/aba", "a", "b"}, []string{"", "", "n"}},
		{`^(?<x>[a-z]+)-(\d+)-\k<x>$`, "ab-12-ab", false, []string{"ab-12-ab", "ab", "12"}, []string{"", "x", ""}},
		{`(?<=/)B(?P<tail>.)`, "/bc", true, []string{"bc", "c"}, []string{"", "tail"}},
		{`^a{1001}$`, strings.Repeat("a", 1001), false, []string{strings.Repeat("a", 1001)}, []string{""}},
		{`^[(](?:x)(y)(?#comment)$`, "(xy", false, []string{"(xy", "y"}, []string{"", ""}},
	}
	for _, tt := range tests {
		re, err := compileGoRegex(tt.pattern, tt.caseless)
		if err != nil {
			t.Errorf("%q: %v", tt.pattern, err)
			continue
		}
		c, ok := execRegex(re, tt.subject)
		if !ok {
			if tt.want != nil {
				t.Errorf("%q on %q: no match", tt.pattern, tt.subject)
			}
			continue
		}
		if tt.want == nil {
			t.Errorf("%q on %q: unexpected match", tt.pattern, tt.subject)
			continue
		}
		for i, w := range tt.want {
			if g, _ := c.Group(i); g != w {
				t.Errorf("%q on %q: group %d = %q, want %q", tt.pattern, tt.subject, i, g, w)
			}
		}
		if got := re.CaptureNames(); strings.Join(got, ",") != strings.Join(tt.names, ",") {
			t.Errorf("%q: names %q, want %q", tt.pattern, got, tt.names)
		}
	}
	// what PCRE refuses stays refused
	for _, p := range []string{`a**`, `x{99999}`, `(a`} {
		if _, err := compileGoRegex(p, false); err == nil {
			t.Errorf("%q compiled", p)
		}
	}
}

func TestInetAton(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1": "127.0.0.1", "127.1": "127.0.0.1", "127.0.1": "127.0.0.1",
		"0x7f.1": "127.0.0.1", "017.0.0.1": "15.0.0.1", "1": "0.0.0.1",
		"10.65535": "10.0.255.255", "4294967295": "255.255.255.255",
		"127.0.0.": "", "1.2.3.4.5": "", "08.1": "", "0x": "0.0.0.0", "256.1": "", "1.65536.1": "",
		"4294967296": "", "a.b": "", "": "",
	} {
		ip, ok := inetAton(in)
		got := ""
		if ok {
			got = ip.String()
		}
		if got != want {
			t.Errorf("inetAton(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseInetAddr(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1": "127.0.0.1", "127.0..1": "127.0.0.1", "127.0.0.": "127.0.0.0", "...": "0.0.0.0",
		"017.0.0.1": "17.0.0.1", "256.0.0.1": "", "1.2.3": "", "1.2.3.4.5": "", "a.b.c.d": "", "": "",
	} {
		ip, ok := parseInetAddr(in)
		got := ""
		if ok {
			got = ip.String()
		}
		if got != want {
			t.Errorf("parseInetAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

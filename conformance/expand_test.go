package conformance

import (
	"strings"
	"testing"
)

func TestExpander(t *testing.T) {
	next := 40000
	e := &Expander{
		Env: map[string]string{"TEST_NGINX_SERVER_PORT": "1984", "TEST_NGINX_HTML_DIR": "/srv/html"},
		FreePort: func() (int, error) {
			next++
			return next, nil
		},
	}
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"listen $TEST_NGINX_SERVER_PORT;", "listen 1984;", false},
		{"root $TEST_NGINX_HTML_DIR/x; $TEST_NGINX_HTML_DIRX", "", true},
		{"a $TEST_NGINX_RAND_PORT_1 b $TEST_NGINX_RAND_PORT_2 c $TEST_NGINX_RAND_PORT_1", "a 40001 b 40002 c 40001", false},
		{"$TEST_NGINX_UNSET_THING", "", true},
		{"$test_nginx_lower stays", "$test_nginx_lower stays", false},
		{"$ENV{TEST_NGINX_SERVER_PORT}", "$ENV{TEST_NGINX_SERVER_PORT}", false},
	}
	for _, tt := range tests {
		got, err := e.Expand(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("Expand(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && got != tt.want {
			t.Errorf("Expand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExpandUnknownNamesTheVariable(t *testing.T) {
	_, err := (&Expander{Env: map[string]string{}}).Expand("x $TEST_NGINX_FOO y")
	if err == nil || !strings.Contains(err.Error(), "TEST_NGINX_FOO") {
		t.Fatalf("error %v should name the variable", err)
	}
}

func TestReplaceTokensAndServerPort(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/__GRESTY_SERVROOT__/html/a.lua", "/tmp/t/servroot_1/html/a.lua"},
		{`qr/\/__GRESTY_SERVROOT__\/html/`, `qr/\/tmp/t/servroot_1\/html/`},
		{"port __GRESTY_PORT__", "port 19841"},
		{"nothing here", "nothing here"},
	}
	for _, tt := range tests {
		if got := ReplaceTokens(tt.in, "/tmp/t/servroot_1", 19841); got != tt.want {
			t.Errorf("ReplaceTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	sp := []struct{ in, want string }{
		{"http://localhost:$ServerPort/foo", "http://localhost:1984/foo"},
		{"$ServerPortForClient and $ServerPort", "1984 and 1984"},
		{"$ServerPorts stays", "$ServerPorts stays"},
	}
	for _, tt := range sp {
		if got := ServerPortVars(tt.in, 1984); got != tt.want {
			t.Errorf("ServerPortVars(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

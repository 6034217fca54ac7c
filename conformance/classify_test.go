package conformance

import "testing"

func TestNeedsInternet(t *testing.T) {
	env := map[string]string{"TEST_NGINX_NOT_EXIST_IP": "8.8.8.8", "TEST_NGINX_PORT_X": "1"}
	tests := []struct {
		name, config, want string
	}{
		{"loopback connect", `local ok = sock:connect("127.0.0.1", 1234)`, ""},
		{"public ip connect", `local ok = sock:connect("172.16.0.23", 12345)`, "172.16.0.23"},
		{"ip in a header value", `ngx.req.set_header("X-Real-IP", "8.8.4.4")`, ""},
		{"commented resolver", "    #resolver 8.8.8.8;", ""},
		{"resolver directive", "    resolver 8.8.8.8;", "8.8.8.8"},
		{"upstream server", "upstream b {\n    server 0.0.0.1;\n}", "0.0.0.1"},
		{"host name", `local ok, err = sock:connect("agentzh.org", 80)`, "agentzh.org"},
		{"local name", `local ok, err = sock:connect("localhost", 80)`, ""},
		{"env value on a net line", `sock:connect("$TEST_NGINX_NOT_EXIST_IP", 80)`, "8.8.8.8"},
		{"the runner's resolver", "resolver $TEST_NGINX_RESOLVER;", ""},
		{"name through a variable and the resolver", "resolver $TEST_NGINX_RESOLVER;\nlocal host = \"openresty.org\"\nsock:connect(host, 80)", "openresty.org"},
		{"query name for a mock dns server", `local r = resolver:new{nameservers = {{"127.0.0.1", 1953}}} r:query("www.google.com")`, ""},
		{"proxy to an upstream", "upstream foo.bar { server 127.0.0.1:1; }\nproxy_pass http://foo.bar/;", ""},
	}
	for _, tt := range tests {
		b := &Block{Perl: &PerlBlock{Sections: map[string]Value{"config": StringValue(tt.config)}}}
		if got := needsInternet(b, env, ""); got != tt.want {
			t.Errorf("%s: needsInternet = %q, want %q", tt.name, got, tt.want)
		}
	}
	b := &Block{Perl: &PerlBlock{Sections: map[string]Value{"config": StringValue(`local r = resolver:new{ nameservers = { "$TEST_NGINX_RESOLVER" } }`)}}}
	if got := needsInternet(b, env, "8.8.8.8"); got != "8.8.8.8" {
		t.Errorf("a Lua DNS client on the preamble's public resolver needs the internet, got %q", got)
	}
	if got := needsInternet(b, env, ""); got != "" {
		t.Errorf("without a public preamble resolver the stub serves it, got %q", got)
	}
}

func TestBlockLocks(t *testing.T) {
	b := &Block{Perl: &PerlBlock{Sections: map[string]Value{
		"config":     StringValue("server { listen 12345; }\nlocation /t { content_by_lua 'sock:connect(\"127.0.0.1\", $TEST_NGINX_MEMCACHED_PORT)'; }\nlisten unix:/tmp/nginx.sock;"),
		"tcp_listen": StringValue("1234"),
	}}}
	got := blockLocks(b)
	want := map[string]bool{"tcp:12345": true, "tcp:1234": true, "memcached": true, "path:/tmp/nginx.sock": true}
	for _, l := range got {
		delete(want, l)
	}
	if len(want) != 0 {
		t.Errorf("locks %v lack %v", got, want)
	}
}

func TestVersionSkip(t *testing.T) {
	mk := func(sec, val string) *Block {
		return &Block{Perl: &PerlBlock{Sections: map[string]Value{sec: StringValue(val)}}}
	}
	tests := []struct {
		b    *Block
		want bool
	}{
		{mk("skip_nginx", "3: < 1.21.1"), false},
		{mk("skip_nginx", "3: >= 1.21.1"), true},
		{mk("skip_nginx2", "3: < 1.0.0 or > 1.22.0"), true},
		{mk("skip_nginx2", "3: < 1.0.0 and > 1.22.0"), false},
		{mk("skip_openssl", "6: < 1.1.1"), false},
		{mk("skip_openssl", "6: > 1.1.1a"), true},
	}
	for _, tt := range tests {
		got, _ := versionSkip(tt.b, "1.022001", "3.000015")
		if got != tt.want {
			t.Errorf("%v: skip = %v, want %v", tt.b.Perl.Sections, got, tt.want)
		}
	}
	if got, _ := versionSkip(mk("skip_openssl", "6: < 1.1.1"), "1.022001", ""); !got {
		t.Error("an unknown OpenSSL version skips, as in Test::Nginx")
	}
}

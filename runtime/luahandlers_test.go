package runtime

import (
	"os"
	"regexp"
	"testing"

	"gresty/runtime/config"
)

func TestExpandPackagePathPrefix(t *testing.T) {
	e := &Engine{cfg: &config.Config{Prefix: "/srv/app/"}}
	for _, c := range []struct{ in, want string }{
		// the prefix ends in "/", so both spellings work without one
		{"${prefix}html/?.lua;;", "/srv/app/html/?.lua;DEF;"},
		{"$prefix/lib/?.lua", "/srv/app//lib/?.lua"},
		// every ";;" takes the default path
		{";;a/?.lua;;", ";DEF;a/?.lua;DEF;"},
	} {
		if got := e.expandPath(c.in, "DEF"); got != c.want {
			t.Errorf("expandPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// a "$prefix" coming with the default path is left alone
	if got := e.expandPath("x;;", "$prefix/d"); got != "x;$prefix/d;" {
		t.Errorf("default path expanded: %q", got)
	}
}

// init_worker_by_lua's lines name their context; exit_worker_by_lua's end
// with the message, as they go through the cycle's log in ngx_lua.
func TestWorkerHookLogContext(t *testing.T) {
	p, _, prefix := startEngine(t, `
error_log logs/error.log info;
events {}
http {
    init_worker_by_lua_block { ngx.log(ngx.ERR, "init now") }
    exit_worker_by_lua_block { ngx.log(ngx.ERR, "exiting now") }
    server { listen 127.0.0.1:PORT; location / { return 200; } }
}
`)
	p.Stop(true)
	log, _ := os.ReadFile(prefix + "logs/error.log")
	for _, re := range []string{
		`\[error\] \d+#\d+: .*\[lua\] init_worker_by_lua\(nginx\.conf:5\):1: init now, context: init_worker_by_lua\*\n`,
		`\[error\] \d+#\d+: \[lua\] exit_worker_by_lua\(nginx\.conf:6\):1: exiting now\n`,
	} {
		if !regexp.MustCompile(re).Match(log) {
			t.Errorf("error.log lacks %s:\n%s", re, log)
		}
	}
}

package runtime

import (
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

package runtime

import (
	"strings"
	"testing"
	"time"
)

// ngx_lua's filters are entered for every request once a directive anywhere
// installs them, and their debug lines say so; without such a directive
// there are none.
func TestLuaFilterDebugLines(t *testing.T) {
	for _, c := range []struct {
		name, locations string
		want, not       []string
	}{
		{"body filter elsewhere", `
location = /a { echo a; body_filter_by_lua return; }
location = /b { echo b; }`,
			[]string{`lua header filter for user lua code, uri "/b"`, `lua body filter for user lua code, uri "/b"`},
			[]string{"lua capture header filter", "lua capture body filter"}},
		{"content_by_lua installs the capture filters", `
location = /a { content_by_lua_block { ngx.say("a") } }
location = /b { echo b; }`,
			[]string{`lua capture header filter, uri "/b"`, `lua capture body filter, uri "/b"`},
			[]string{"lua header filter for user lua code", "lua body filter for user lua code"}},
		{"nothing installed", `
location = /b { echo b; }`,
			nil,
			[]string{"lua header filter", "lua body filter", "lua capture"}},
	} {
		base, prefix := startLocations(t, "", c.locations)
		if got := getPath(t, base, "/b"); got.body != "b\n" {
			t.Fatalf("%s: got %q", c.name, got.body)
		}
		time.Sleep(20 * time.Millisecond)
		log := errorLog(prefix)
		for _, w := range c.want {
			if !strings.Contains(log, w) {
				t.Errorf("%s: error.log lacks %q", c.name, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(log, n) {
				t.Errorf("%s: error.log has %q", c.name, n)
			}
		}
	}
}

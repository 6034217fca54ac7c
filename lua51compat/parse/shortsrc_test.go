package parse

import (
	"strings"
	"testing"
)

// TestShortSrc follows lj_debug_shortname; the same names appear, as
// LuaJIT printed them, in the chunk-name cases of syntax_errors.jsonl.
func TestShortSrc(t *testing.T) {
	long := "@/usr/local/openresty/site/lualib/resty/some/very/long/path/to/a/module.lua"
	for _, c := range []struct{ in, want string }{
		{"=content_by_lua(nginx.conf:12)", "content_by_lua(nginx.conf:12)"},
		{"=", ""},
		{"=" + strings.Repeat("c", 59), strings.Repeat("c", 59)},
		{"=" + strings.Repeat("c", 60), strings.Repeat("c", 59)},
		{"=nul\x00after", "nul"},
		{"@short.lua", "short.lua"},
		{"@", ""},
		{"@" + strings.Repeat("a", 59), strings.Repeat("a", 59)},
		{"@" + strings.Repeat("a", 60), "..." + strings.Repeat("a", 56)},
		{long, "..." + long[len(long)-56:]},
		{"@nul\x00after", "nul"},
		{"x = 1", `[string "x = 1"]`},
		{"", `[string ""]`},
		{"line one\nline two", `[string "line one..."]`},
		{"tab\there", `[string "tab..."]`},
		{"str\x00nul", `[string "str"]`},
		{strings.Repeat("a", 45), `[string "` + strings.Repeat("a", 45) + `"]`},
		{strings.Repeat("a", 48), `[string "` + strings.Repeat("a", 48) + `"]`},
		{strings.Repeat("a", 49), `[string "` + strings.Repeat("a", 45) + `..."]`},
		{strings.Repeat("x", 47) + "\n", `[string "` + strings.Repeat("x", 45) + `..."]`},
		{strings.Repeat("x", 44) + "\n", `[string "` + strings.Repeat("x", 44) + `..."]`},
		{"caf\xc3\xa9", "[string \"caf\xc3\xa9\"]"},
	} {
		if got := ShortSrc(c.in); got != c.want {
			t.Errorf("ShortSrc(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

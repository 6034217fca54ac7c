package ngxshim

import (
	"sort"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// flatArgs renders an args table as sorted "k=v" items, lists as {a,b}.
func flatArgs(t *lua.LTable) string {
	var items []string
	t.ForEach(func(k, v lua.LValue) {
		s := lua.LVAsString(v)
		switch v := v.(type) {
		case lua.LBool:
			s = "true"
		case *lua.LTable:
			var vals []string
			for i := 1; i <= v.Len(); i++ {
				vals = append(vals, lua.LVAsString(v.RawGetInt(i)))
			}
			s = "{" + strings.Join(vals, ",") + "}"
		}
		items = append(items, lua.LVAsString(k)+"="+s)
	})
	sort.Strings(items)
	return strings.Join(items, " ")
}

// uriArgsTable follows ngx_http_lua_ffi_req_get_uri_args: the limit
// counts pairs by separators, empty keys are dropped.
func TestURIArgsTable(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	for _, c := range []struct {
		args      string
		max       int
		want      string
		truncated bool
	}{
		{"a=1&b=2&a=3&c&=e&d=%20x+y", -1, "a={1,3} b=2 c=true d= x y", false},
		{"a=1&b=2&a=3", 2, "a=1 b=2", true},
		{"a=1&b=2", 2, "a=1 b=2", false},
		{"&&a=1&b", 2, "a=1 b=true", true},
		{"a&b&c", 2, "a=true b=true", true},
		{"a=b=c", -1, "a=b=c", false},
		{"", -1, "", false},
		{"x", 0, "x=true", false},
	} {
		tab, truncated := uriArgsTable(L, c.args, c.max, nil)
		if got := flatArgs(tab); got != c.want || truncated != c.truncated {
			t.Errorf("%q max %d: got %q %v, want %q %v", c.args, c.max, got, truncated, c.want, c.truncated)
		}
	}
}

func TestEscapeHeader(t *testing.T) {
	for _, c := range []struct {
		in     string
		isName bool
		want   string
	}{
		{"value\r\nfoo:bar", false, "value%0D%0Afoo:bar"},
		{"tab\tok", false, "tab\tok"},
		{"del\x7f", false, "del%7F"},
		{"header: value\r", true, "header%3A%20value%0D"},
		{"a(b)c{d}", true, "a%28b%29c%7Bd%7D"},
		{"X-Plain_1", true, "X-Plain_1"},
		{"中", true, "%E4%B8%AD"},
	} {
		if got := escapeHeader(c.in, c.isName); got != c.want {
			t.Errorf("escapeHeader(%q, %v) = %q, want %q", c.in, c.isName, got, c.want)
		}
	}
}

func TestParseUnsafeURI(t *testing.T) {
	for _, c := range []struct {
		uri, path, args string
		ok              bool
	}{
		{"/a/b?x=1", "/a/b", "x=1", true},
		{"/a?", "/a", "", true},
		{"@named?x", "@named", "x", true},
		{"/hi/../", "/hi/../", "", false},
		{"/hi/..", "/hi/..", "", true},
		{"../x", "../x", "", false},
		{"..", "..", "", false},
		{"?x", "?x", "", false},
		{"", "", "", false},
		{"/a\x00b", "/a\x00b", "", false},
		{"/a?b\x00", "/a", "", false},
	} {
		path, args, ok := parseUnsafeURI(c.uri)
		if path != c.path || args != c.args || ok != c.ok {
			t.Errorf("parseUnsafeURI(%q) = %q %q %v", c.uri, path, args, ok)
		}
	}
}

func TestEscapes(t *testing.T) {
	if got := escapeArgsBytes("a b\x7f\x01c=d&e"); got != "a%20b%7F%01c=d&e" {
		t.Errorf("escapeArgsBytes: %q", got)
	}
	if got := escapeLog("\rhttp\\://\"x\x80"); got != `\x0Dhttp\x5C://\x22x\x80` {
		t.Errorf("escapeLog: %q", got)
	}
}

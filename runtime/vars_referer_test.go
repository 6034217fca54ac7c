package runtime

import (
	"strings"
	"testing"
)

func TestInvalidReferer(t *testing.T) {
	base, _ := startLocations(t, "", `
location = /t {
    valid_referers none www.foo.com *.bar.org;
    content_by_lua_block { ngx.print("[", ngx.var.invalid_referer, "]") }
}`)
	for ref, want := range map[string]string{
		"":                                  "[]",
		"Referer: http://www.foo.com/a\r\n": "[]",
		"Referer: https://x.bar.org\r\n":    "[]",
		"Referer: http://www.baz.com/\r\n":  "[1]",
		"Referer: ftp-ish\r\n":              "[1]",
	} {
		var got response
		if ref == "" {
			got = getPath(t, base, "/t")
		} else {
			got = getPath(t, base, "/t", strings.TrimSuffix(ref, "\r\n"))
		}
		if got.body != want {
			t.Errorf("%q: got %q, want %q", ref, got.body, want)
		}
	}
}

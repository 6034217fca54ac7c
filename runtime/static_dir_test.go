package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A directory without its slash is redirected to the escaped URI with one
// (arguments kept); a NUL ends the file name as it ends nginx's C string.
func TestStaticDirectoryRedirect(t *testing.T) {
	base, prefix := startLocations(t, "", `
location / { root html; }
location = /nul {
    rewrite_by_lua_block { ngx.req.set_uri("/d\0x y", true, true) }
}`)
	if err := os.MkdirAll(filepath.Join(prefix, "html", "t", "中 文"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(prefix, "html", "d"), 0o755)
	for _, c := range []struct{ path, location string }{
		{"/t/%E4%B8%AD%20%E6%96%87", "/t/%E4%B8%AD%20%E6%96%87/"},
		{"/t/%E4%B8%AD%20%E6%96%87?q=a%20b", "/t/%E4%B8%AD%20%E6%96%87/?q=a%20b"},
		{"/t", "/t/"},
		{"/nul", "/d%00x%20y/"},
	} {
		got := getPath(t, base, c.path)
		loc := got.header.Get("Location")
		if got.status != 301 || !strings.HasPrefix(loc, "http://") || !strings.HasSuffix(loc, c.location) ||
			strings.Count(loc, "/") != 2+strings.Count(c.location, "/") {
			t.Errorf("%s: got %d Location %q, want .../%s", c.path, got.status, loc, c.location)
		}
	}
}

package runtime

import (
	"os"
	"path/filepath"
	"testing"
)

func TestStaticRange(t *testing.T) {
	base, prefix := startLocations(t, "", `location / { root html; }`)
	if err := os.WriteFile(filepath.Join(prefix, "html", "r.txt"), []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rng, body, crange string
		status            int
	}{
		{"bytes=0-4", "01234", "bytes 0-4/10", 206},
		{"bytes=7-", "789", "bytes 7-9/10", 206},
		{"bytes=-2", "89", "bytes 8-9/10", 206},
		{"bytes=5-100", "56789", "bytes 5-9/10", 206},
		{"bytes=20-", "", "bytes */10", 416},
		{"bytes=0-1,3-4", "0123456789", "", 200},
	} {
		got := getPath(t, base, "/r.txt", "Range: "+c.rng)
		if got.status != c.status || (c.status != 416 && got.body != c.body) || got.header.Get("Content-Range") != c.crange {
			t.Errorf("%s: got %d %q %q", c.rng, got.status, got.body, got.header.Get("Content-Range"))
		}
	}
}

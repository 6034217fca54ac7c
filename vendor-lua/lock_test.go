package vendorlua

import (
	"strings"
	"testing"
)

func TestEmbeddedLockIsValid(t *testing.T) {
	lock, err := EmbeddedLock()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Kind{
		"lua-nginx-module": KindSource, "lua-resty-redis": KindSource, "lua-resty-memcached": KindSource,
		"lua-resty-dns": KindSource, "lua-resty-string": KindSource, "lua-resty-cookie": KindSource,
		"lua-resty-kafka": KindSource, "lua-resty-redis-connector": KindSource, "lua-cjson": KindSource,
		"lua-resty-core": KindBinary, "lua-resty-lrucache": KindBinary,
	}
	for name, kind := range want {
		e, ok := lock.Find(name)
		if !ok {
			t.Errorf("lock lacks %s", name)
			continue
		}
		if e.Kind != kind {
			t.Errorf("%s: kind %s, want %s", name, e.Kind, kind)
		}
	}
	if e, _ := lock.Find("lua-nginx-module"); e.Dir() != "lua-nginx-module-0.10.23" || e.DebianVersion != "1:0.10.23-1+deb12u1" {
		t.Errorf("lua-nginx-module entry: %+v", e)
	}
}

func TestParseLockErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"unknown key", "name: a\nbogus: 1\n", "unknown key"},
		{"no colon", "name a\n", "key: value"},
		{"bad kind", "name: a\nversion: 1\nkind: zip\n", "kind must be"},
		{"short sha", "name: a\nversion: 1\nkind: source\ndebian-package: p\ndebian-version: 1-1\nfile: f.tar.gz\nsha256: abc\n", "64 hex"},
		{"path in file", "name: a\nversion: 1\nkind: source\ndebian-package: p\ndebian-version: 1-1\nfile: ../f\nsha256: " + strings.Repeat("a", 64) + "\n", "plain names"},
	}
	for _, tt := range tests {
		_, err := ParseLock(strings.NewReader(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

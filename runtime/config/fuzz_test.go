package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary text as nginx.conf: Load must never panic, and
// an error positioned in a file must name a file that was read and a line
// in it.
func FuzzLoad(f *testing.F) {
	paths, _ := filepath.Glob("testdata/conf/*.txtar")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		s := string(data)
		if i := strings.Index(s, "-- conf/nginx.conf --\n"); i >= 0 {
			s = s[i+len("-- conf/nginx.conf --\n"):]
			if j := strings.Index(s, "\n-- "); j >= 0 {
				s = s[:j+1]
			}
			f.Add(s)
		}
	}
	f.Add("events{} http { server { location ~ (a)(?<n>b) { content_by_lua_block { local s = [[ } ]] } if ($n ~* x) { rewrite ^ /$1 last; } } } }")
	f.Add("events{}\nhttp{ server { listen [::1]:80; server_name *.a.b x.* ~^(c)$; location = / { return 302 /x?$args; } } }")

	// no name lookups while fuzzing
	saved := lookupHost
	lookupHost = func(string) ([]string, error) { return nil, errors.New("no lookups while fuzzing") }
	f.Cleanup(func() { lookupHost = saved })

	dir := f.TempDir()
	if err := os.MkdirAll(dir+"/conf", 0o755); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, conf string) {
		if strings.Contains(conf, "include") {
			// keep the fuzzer inside its directory
			t.Skip()
		}
		if err := os.WriteFile(dir+"/conf/nginx.conf", []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load("conf/nginx.conf", dir, "")
		if err == nil {
			if cfg.HTTP != nil {
				for _, s := range cfg.HTTP.Servers {
					s.FindLocation("/a/b")
					s.Script.Run(newFakeRequest("/a/b", "x=1"))
				}
				cfg.HTTP.FindServer("127.0.0.1:80", "a.b")
			}
			return
		}
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if e.Msg == "" {
			t.Fatalf("empty message: %+v", e)
		}
		if e.File != "" {
			if e.File != dir+"/conf/nginx.conf" {
				t.Fatalf("error in unknown file %q", e.File)
			}
			if e.Line < 1 || e.Line > strings.Count(conf, "\n")+1 {
				t.Fatalf("line %d out of range: %v", e.Line, e)
			}
		}
	})
}

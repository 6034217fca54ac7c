package config

import (
	"strings"
	"testing"
)

// TestThreadPool checks thread_pool's parameters and nginx's messages for
// bad ones.
func TestThreadPool(t *testing.T) {
	for _, tc := range []struct{ pools, err string }{
		{"thread_pool x threads=2;", ""},
		{"thread_pool x threads=02 max_queue=0;", ""},
		{"thread_pool x threads=2 foo=1;", ""},
		{"thread_pool x threads=2 threads=3;", ""},
		{"thread_pool x threads=1; thread_pool y threads=1;", ""},
		{"thread_pool x threads=0;", `invalid threads value "threads=0"`},
		{"thread_pool x threads=;", `invalid threads value "threads="`},
		{"thread_pool x threads=a max_queue=b;", `invalid threads value "threads=a"`},
		{"thread_pool x max_queue=b threads=a;", `invalid max_queue value "max_queue=b"`},
		{"thread_pool x threads=99999999999999999999;", `invalid threads value "threads=99999999999999999999"`},
		{"thread_pool x threads=1 max_queue=-1;", `invalid max_queue value "max_queue=-1"`},
		{"thread_pool x max_queue=5;", `"thread_pool" must have "threads" parameter`},
		{"thread_pool x THREADS=2;", `"thread_pool" must have "threads" parameter`},
		{"thread_pool x threads=2; thread_pool x threads=0;", `duplicate thread pool "x"`},
	} {
		dir := t.TempDir()
		conf := tc.pools + "\nevents {}\nhttp {}\n"
		if err := mkdirWrite(dir+"/conf/nginx.conf", conf); err != nil {
			t.Fatal(err)
		}
		_, err := Load("conf/nginx.conf", dir, "")
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.pools, err)
		case tc.err != "" && err == nil:
			t.Errorf("%s: no error, want %q", tc.pools, tc.err)
		case tc.err != "" && !strings.Contains(err.Error(), tc.err+" in "+dir+"/conf/nginx.conf:1"):
			t.Errorf("%s: %v, want %q", tc.pools, err, tc.err)
		}
	}
}

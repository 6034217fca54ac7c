package config

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestDirectiveTableReference re-measures directives_table.go on the
// reference nginx (GRESTY_REFERENCE_NGINX): for every directive, in which
// contexts nginx refuses it as "not allowed here", and which argument
// counts it refuses as "invalid number of arguments". It runs nginx -t
// about 12000 times.
func TestDirectiveTableReference(t *testing.T) {
	nginx := os.Getenv("GRESTY_REFERENCE_NGINX")
	if nginx == "" {
		t.Skip("set GRESTY_REFERENCE_NGINX to the reference nginx binary to measure the directive table")
	}
	contexts := []struct {
		ctx  Context
		conf string
	}{
		{CtxMain, "{D}\nevents{}\n"},
		{CtxEvents, "events{\n{D}\n}\n"},
		{CtxHTTP, "events{}\nhttp{\n{D}\n}\n"},
		{CtxServer, "events{}\nhttp{ server {\n{D}\n} }\n"},
		{CtxLocation, "events{}\nhttp{ server { location / {\n{D}\n} } }\n"},
		{CtxServerIf, "events{}\nhttp{ server { if ($args) {\n{D}\n} } }\n"},
		{CtxLocationIf, "events{}\nhttp{ server { location / { if ($args) {\n{D}\n} } } }\n"},
		{CtxUpstream, "events{}\nhttp{ upstream u {\n{D}\n} }\n"},
		{CtxLimitExcept, "events{}\nhttp{ server { location / { limit_except GET {\n{D}\n} } } }\n"},
	}
	const preamble = "load_module /usr/lib/nginx/modules/ndk_http_module.so;\n" +
		"load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;\n"
	base := t.TempDir()
	var (
		mu  sync.Mutex
		seq int
	)
	nginxT := func(conf string) string {
		mu.Lock()
		seq++
		dir := filepath.Join(base, fmt.Sprint(seq))
		mu.Unlock()
		if err := mkdirWrite(dir+"/conf/nginx.conf", preamble+conf); err != nil {
			t.Error(err)
			return ""
		}
		os.MkdirAll(dir+"/logs", 0o755)
		out, _ := exec.Command(nginx, "-t", "-p", dir+"/", "-c", "conf/nginx.conf").CombinedOutput()
		os.RemoveAll(dir)
		return string(out)
	}
	statement := func(s *DirectiveSpec, nargs int) string {
		var b strings.Builder
		b.WriteString(s.Name)
		for i := 0; i < nargs; i++ {
			fmt.Fprintf(&b, " x%d", i)
		}
		if s.Block != NoBlock {
			return b.String() + " { }"
		}
		return b.String() + ";"
	}
	sem := make(chan struct{}, 6)
	var wg sync.WaitGroup
	for i := range builtinDirectives {
		s := &builtinDirectives[i]
		if s.Name == "server" {
			continue // two directives share the name
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			nargs := 1
			if s.Args&Args0 != 0 {
				nargs = 0
			} else if s.Args&(Args1|ArgsFlag|Args1More|ArgsAny) == 0 {
				nargs = 2
			}
			first := Context(0)
			for _, c := range contexts {
				out := nginxT(strings.Replace(c.conf, "{D}", statement(s, nargs), 1))
				refused := strings.Contains(out, `"`+s.Name+`" directive is not allowed here`)
				if allowed := s.Contexts&c.ctx != 0; allowed == refused {
					t.Errorf("%s in %s: table allows %v, nginx: %s", s.Name, c.ctx, allowed, out)
				}
				if !refused && first == 0 {
					first = c.ctx
				}
			}
			for _, c := range contexts {
				if c.ctx != first {
					continue
				}
				for n := 0; n <= 9; n++ {
					out := nginxT(strings.Replace(c.conf, "{D}", statement(s, n), 1))
					refused := strings.Contains(out, "invalid number of arguments")
					if s.Args.accepts(n) == refused {
						t.Errorf("%s with %d arguments: table accepts %v, nginx: %s", s.Name, n, s.Args.accepts(n), out)
					}
				}
			}
		}()
	}
	wg.Wait()
}

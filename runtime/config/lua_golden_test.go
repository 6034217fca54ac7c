package config

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The cases in testdata/lua/*.txtar run Lua handlers on the reference
// that print debug.getinfo's source (the chunk name) and the current line
// of the statement marked --[[L]]. Their recorded output checks ChunkName
// and that the captured Source puts that statement on the same line.
// Requests are "path phase", phase naming the handler that answers.

const luaMarker = "--[[L]]"

func luaCases(t *testing.T) []*goldenCase {
	paths, _ := filepath.Glob("testdata/lua/*.txtar")
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no lua cases")
	}
	var out []*goldenCase
	for _, p := range paths {
		out = append(out, readTxtar(t, p))
	}
	return out
}

// luaAnswer is what the marked handler would print on the reference.
func luaAnswer(t *testing.T, cfg *Config, path, phase string) string {
	srv := cfg.HTTP.FindServer("127.0.0.1:18080", "localhost")
	loc := srv.FindLocation(path)
	var h *LuaHandler
	switch phase {
	case "content":
		h = loc.Lua.Content
	case "rewrite":
		h = loc.Lua.Rewrite
	case "access":
		h = loc.Lua.Access
	case "server_rewrite":
		h = srv.ServerRewriteByLua
	case "set":
		for _, st := range loc.Script.Stmts {
			if s, ok := st.(*SetByLuaStmt); ok {
				h = s.Handler
			}
		}
	}
	if h == nil {
		t.Fatalf("%s: no %s handler", path, phase)
	}
	at := strings.Index(h.Source, luaMarker)
	if at < 0 {
		t.Fatalf("%s: no marker in %q", path, h.Source)
	}
	line := 1 + strings.Count(h.Source[:at], "\n")
	return h.ChunkName + " " + strconv.Itoa(line)
}

func TestLuaGolden(t *testing.T) {
	for _, c := range luaCases(t) {
		t.Run(c.name, func(t *testing.T) {
			dir := c.write(t)
			cfg, err := Load("conf/nginx.conf", dir+"/", "")
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, line := range strings.Split(strings.TrimSpace(c.files["requests"]), "\n") {
				f := strings.Fields(line)
				b.WriteString(luaAnswer(t, cfg, f[0], f[1]) + "\n")
			}
			if got := strings.ReplaceAll(b.String(), dir, "PREFIX"); got != c.expect {
				t.Errorf("%s:\ngresty:\n%s\nnginx (recorded):\n%s", c.path, got, c.expect)
			}
		})
	}
}

func TestLuaReference(t *testing.T) {
	nginx := os.Getenv("GRESTY_REFERENCE_NGINX")
	if nginx == "" {
		t.Skip("set GRESTY_REFERENCE_NGINX to the reference nginx binary to check the recordings against it")
	}
	for _, c := range luaCases(t) {
		t.Run(c.name, func(t *testing.T) {
			dir := c.write(t)
			port := freePort(t)
			conf := strings.ReplaceAll(c.files["conf/nginx.conf"], "127.0.0.1:18080", "127.0.0.1:"+strconv.Itoa(port))
			if err := os.WriteFile(dir+"/conf/nginx.conf", []byte(conf), 0o644); err != nil {
				t.Fatal(err)
			}
			startReferenceIn(t, nginx, dir)
			var b strings.Builder
			for _, line := range strings.Split(strings.TrimSpace(c.files["requests"]), "\n") {
				f := strings.Fields(line)
				res, err := refRequest("127.0.0.1:"+strconv.Itoa(port), "localhost", f[0])
				if err != nil {
					t.Fatal(err)
				}
				b.WriteString(strings.TrimRight(res.body, "\n") + "\n")
			}
			got := strings.ReplaceAll(b.String(), dir, "PREFIX")
			if got == c.expect {
				return
			}
			if *updateGolden {
				rewriteExpect(t, c, got)
				return
			}
			t.Errorf("%s: recorded expectation differs from the reference:\nreference:\n%s\nrecorded:\n%s", c.path, got, c.expect)
		})
	}
}

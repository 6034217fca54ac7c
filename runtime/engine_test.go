package runtime

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// startEngine writes conf (with PORT replaced by a free port) into a new
// prefix and starts a process serving it.
func startEngine(t *testing.T, conf string) (*Process, string, string) {
	t.Helper()
	prefix := t.TempDir() + "/"
	for _, d := range []string{"conf", "logs", "html"} {
		os.MkdirAll(filepath.Join(prefix, d), 0o755)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	conf = strings.ReplaceAll(conf, "PORT", port)
	if err := os.WriteFile(filepath.Join(prefix, "conf/nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := NewProcess(Options{Prefix: prefix, ConfFile: "conf/nginx.conf"})
	if err != nil {
		t.Fatal(err)
	}
	p.serve(p.cur)
	t.Cleanup(func() { p.Stop(false) })
	return p, "http://127.0.0.1:" + port, prefix
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

const phasesConf = `
error_log logs/error.log info;
events {}
http {
    default_type text/plain;
    access_log logs/access.log;
    server {
        listen 127.0.0.1:PORT;
        server_name localhost;
        location = /phases {
            set_by_lua $from_set 'return "set:" .. ngx.arg[1]' x;
            rewrite_by_lua_block { ngx.ctx.trail = "rewrite" }
            access_by_lua_block { ngx.ctx.trail = ngx.ctx.trail .. ",access" }
            content_by_lua_block {
                ngx.say(ngx.ctx.trail, ",content ", ngx.var.from_set, " ", ngx.get_phase())
                ngx.say("second")
            }
            header_filter_by_lua_block { ngx.header["X-Phase"] = ngx.get_phase() }
            body_filter_by_lua_block {
                if ngx.arg[1] ~= "" then ngx.arg[1] = string.upper(ngx.arg[1]) end
            }
            log_by_lua_block { ngx.log(ngx.WARN, "log phase saw status ", ngx.status) }
        }
        location = /fail { content_by_lua_block { local t = nil; return t.x } }
        location = /exit404 { rewrite_by_lua_block { ngx.exit(404) } }
        location = /execme { content_by_lua_block { ngx.exec("/target", {a = 1}) } }
        location = /target { content_by_lua_block { ngx.say("target ", ngx.var.args) } }
        location = /named { content_by_lua_block { ngx.exec("@named") } }
        location @named { content_by_lua_block { ngx.say("in named") } }
        location = /redir { content_by_lua_block { return ngx.redirect("/elsewhere", 301) } }
        location = /slow { content_by_lua_block { ngx.sleep(0.3) ngx.say("slow done") } }
        location = /ver { content_by_lua_block { ngx.say("v1") } }
    }
}
`

func TestEnginePhases(t *testing.T) {
	_, base, prefix := startEngine(t, phasesConf)
	code, h, body := get(t, base+"/phases")
	if code != 200 {
		b, _ := os.ReadFile(prefix + "logs/error.log")
		t.Log(string(b))
	}
	if code != 200 || body != "REWRITE,ACCESS,CONTENT SET:X CONTENT\nSECOND\n" || h.Get("X-Phase") != "header_filter" {
		t.Fatalf("got %d %q %v", code, body, h)
	}
	code, _, _ = get(t, base+"/fail")
	if code != 500 {
		t.Fatalf("fail: %d", code)
	}
	if code, _, _ = get(t, base+"/exit404"); code != 404 {
		t.Fatalf("exit404: %d", code)
	}
	if code, _, body = get(t, base+"/execme"); code != 200 || body != "target a=1\n" {
		t.Fatalf("exec: %d %q", code, body)
	}
	if code, _, body = get(t, base+"/named"); code != 200 || body != "in named\n" {
		t.Fatalf("named: %d %q", code, body)
	}
	if code, h, _ = get(t, base+"/redir"); code != 301 || !strings.HasSuffix(h.Get("Location"), "/elsewhere") {
		t.Fatalf("redirect: %d %v", code, h)
	}
	time.Sleep(50 * time.Millisecond)
	errlog, _ := os.ReadFile(prefix + "logs/error.log")
	for _, want := range []string{
		"[warn]", "log phase saw status 200",
		"lua entry thread aborted: runtime error: content_by_lua(nginx.conf:24):1: attempt to index",
	} {
		if !strings.Contains(string(errlog), want) {
			t.Fatalf("error.log lacks %q:\n%s", want, errlog)
		}
	}
	access, _ := os.ReadFile(prefix + "logs/access.log")
	if !strings.Contains(string(access), `"GET /phases HTTP/1.1" 200`) {
		t.Fatalf("access.log:\n%s", access)
	}
}

// A reload swaps the configuration without dropping the request in flight.
func TestReloadKeepsInFlightRequests(t *testing.T) {
	p, base, prefix := startEngine(t, phasesConf)
	var wg sync.WaitGroup
	wg.Add(1)
	var slowBody string
	var slowCode int
	go func() {
		defer wg.Done()
		slowCode, _, slowBody = get(t, base+"/slow")
	}()
	time.Sleep(100 * time.Millisecond)
	conf, _ := os.ReadFile(prefix + "conf/nginx.conf")
	os.WriteFile(prefix+"conf/nginx.conf", []byte(strings.Replace(string(conf), `ngx.say("v1")`, `ngx.say("v2")`, 1)), 0o644)
	if err := p.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, _, body := get(t, base+"/ver"); body != "v2\n" {
		t.Fatalf("after reload: %q", body)
	}
	wg.Wait()
	if slowCode != 200 || slowBody != "slow done\n" {
		t.Fatalf("in-flight request: %d %q", slowCode, slowBody)
	}
	// A configuration that fails to load leaves the old one serving.
	os.WriteFile(prefix+"conf/nginx.conf", []byte("events {} http { bogus; }"), 0o644)
	if err := p.Reload(); err == nil {
		t.Fatal("bad configuration accepted")
	}
	if _, _, body := get(t, base+"/ver"); body != "v2\n" {
		t.Fatalf("after failed reload: %q", body)
	}
}

// Graceful stop lets the in-flight request finish.
func TestGracefulStop(t *testing.T) {
	p, base, _ := startEngine(t, phasesConf)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	time.Sleep(50 * time.Millisecond)
	done := make(chan struct{})
	go func() { p.Engine().Shutdown(context.Background()); close(done) }()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "slow done\n" {
		t.Fatalf("got %q", b)
	}
	<-done
}

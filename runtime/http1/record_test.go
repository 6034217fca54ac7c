package http1

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRecordGolden records testdata/golden from the reference nginx. It
// runs only with GRESTY_RECORD_NGINX=1 (and GRESTY_NGINX naming the binary
// if not /usr/sbin/nginx with the lua module in /usr/lib/nginx/modules).
func TestRecordGolden(t *testing.T) {
	if os.Getenv("GRESTY_RECORD_NGINX") == "" {
		t.Skip("set GRESTY_RECORD_NGINX=1 to record the golden files from nginx")
	}
	bin := os.Getenv("GRESTY_NGINX")
	if bin == "" {
		bin = "/usr/sbin/nginx"
	}
	locations, err := filepath.Abs(filepath.Join("testdata", "locations.conf"))
	if err != nil {
		t.Fatal(err)
	}
	prefix := t.TempDir()
	for _, d := range []string{"conf", "logs", "body"} {
		if err := os.Mkdir(filepath.Join(prefix, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	addrs := map[string]string{}
	var servers strings.Builder
	for _, v := range variants {
		addr := freePort(t)
		addrs[v.name] = addr
		fmt.Fprintf(&servers, "    server {\n        listen %s;\n        %s\n        include %s;\n    }\n", addr, v.nginx, locations)
	}
	conf := fmt.Sprintf(`load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
daemon off;
master_process off;
worker_processes 1;
error_log logs/error.log info;
pid logs/nginx.pid;
events { worker_connections 256; }
http {
    access_log off;
    client_header_timeout 2s;
    client_body_timeout 2s;
    keepalive_timeout 5s;
    lingering_timeout 2s;
    client_body_temp_path %s/body;
%s}
`, prefix, servers.String())
	if err := os.WriteFile(filepath.Join(prefix, "conf", "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", prefix+"/", "-c", "conf/nginx.conf")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		cmd.Wait()
	}()
	for _, addr := range addrs {
		waitListening(t, addr)
	}
	cases := loadCases(t)
	for i, res := range exchangeAll(t, cases, addrs) {
		if err := os.WriteFile(goldenPath(cases[i].name), res, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// TestGoldenInPieces assumes nginx answers the same to a request sent
	// in pieces
	kept := pieceCases(cases)
	whole := map[string][]byte{}
	for i, res := range exchangeAll(t, cases, addrs) {
		whole[cases[i].name] = res
	}
	for i, res := range exchangeAllInPieces(kept, addrs) {
		if !bytes.Equal(res, whole[kept[i].name]) {
			t.Errorf("%s: nginx answers differently in pieces:\n%s\n--- whole:\n%s", kept[i].name, res, whole[kept[i].name])
		}
	}

	// the status line of every code ngx.status accepts
	var codes []goldenCase
	for code := 100; code < 1000; code++ {
		codes = append(codes, goldenCase{variant: "main",
			req: []byte(fmt.Sprintf("GET /status?s=%d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", code))})
	}
	var lines strings.Builder
	for _, res := range exchangeAll(t, codes, addrs) {
		line, _, _ := strings.Cut(string(res), "\r\n")
		fmt.Fprintf(&lines, "%q\n", line)
	}
	if err := os.WriteFile(statusLinesPath, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitListening(t *testing.T, addr string) {
	for range 100 {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nginx did not listen on %s", addr)
}

package config

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The cases in testdata/match/*.txtar hold a configuration whose listen
// ports are written {{PORT}} and {{PORT2}}, a "-- requests --" list (one
// per line: local address, Host, path with query), and in "-- expect --"
// the responses the reference nginx gave: status, Location (with the
// scheme and host of an absolute redirect to the request's own host
// removed) and body. TestMatchGolden replays them through FindServer,
// MatchLocation and the scripts; TestMatchReference (with
// GRESTY_REFERENCE_NGINX) checks the recordings against the live reference.

type matchRequest struct {
	addr, host, target string
}

func (c *goldenCase) requests(t *testing.T) []matchRequest {
	t.Helper()
	var out []matchRequest
	for _, line := range strings.Split(c.files["requests"], "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("%s: bad request line %q", c.path, line)
		}
		out = append(out, matchRequest{f[0], f[1], f[2]})
	}
	return out
}

func substitutePorts(s string, p1, p2 int) string {
	s = strings.ReplaceAll(s, "{{PORT}}", strconv.Itoa(p1))
	return strings.ReplaceAll(s, "{{PORT2}}", strconv.Itoa(p2))
}

func matchCases(t *testing.T) []*goldenCase {
	paths, _ := filepath.Glob("testdata/match/*.txtar")
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no match cases")
	}
	var out []*goldenCase
	for _, p := range paths {
		c := readTxtar(t, p)
		if i := indexOf(c.order, "requests"); i >= 0 {
			c.order = append(c.order[:i], c.order[i+1:]...)
		}
		out = append(out, c)
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func TestMatchGolden(t *testing.T) {
	for _, c := range matchCases(t) {
		t.Run(c.name, func(t *testing.T) {
			const p1, p2 = 18080, 18081
			cfg := loadString(t, substitutePorts(c.files["conf/nginx.conf"], p1, p2))
			var b strings.Builder
			for _, r := range c.requests(t) {
				path, args, _ := strings.Cut(r.target, "?")
				res := simulate(cfg, substitutePorts(r.addr, p1, p2), r.host, path, args)
				b.WriteString(res.String() + "\n")
			}
			if got := b.String(); got != c.expect {
				t.Errorf("%s:\ngresty:\n%s\nnginx (recorded):\n%s", c.path, got, c.expect)
			}
		})
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startReference runs the reference nginx on a configuration until the
// test ends.
func startReference(t *testing.T, nginx, conf string) {
	dir := t.TempDir()
	if err := mkdirWrite(dir+"/conf/nginx.conf", conf); err != nil {
		t.Fatal(err)
	}
	startReferenceIn(t, nginx, dir)
}

// startReferenceIn runs the reference nginx on dir/conf/nginx.conf.
func startReferenceIn(t *testing.T, nginx, dir string) {
	os.MkdirAll(dir+"/logs", 0o755)
	cmd := exec.Command(nginx, "-p", dir+"/", "-c", "conf/nginx.conf",
		"-g", "daemon off; master_process off; error_log logs/error.log; pid logs/nginx.pid;")
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
}

// refRequest sends one raw HTTP/1.0 request, so the path reaches nginx as
// written.
func refRequest(addr, host, target string) (response, error) {
	var conn net.Conn
	var err error
	for i := 0; i < 100; i++ {
		if conn, err = net.Dial("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return response{}, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	var body strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&body)
	loc := resp.Header.Get("Location")
	for _, prefix := range []string{"http://" + host + ":" + portOf(addr), "http://" + host} {
		if strings.HasPrefix(loc, prefix+"/") {
			loc = strings.TrimPrefix(loc, prefix)
			break
		}
	}
	res := response{status: resp.StatusCode, location: loc}
	if resp.StatusCode == 200 {
		res.body = body.String()
	}
	return res, nil
}

func portOf(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

func TestMatchReference(t *testing.T) {
	nginx := os.Getenv("GRESTY_REFERENCE_NGINX")
	if nginx == "" {
		t.Skip("set GRESTY_REFERENCE_NGINX to the reference nginx binary to check the recordings against it")
	}
	for _, c := range matchCases(t) {
		t.Run(c.name, func(t *testing.T) {
			p1, p2 := freePort(t), freePort(t)
			startReference(t, nginx, substitutePorts(c.files["conf/nginx.conf"], p1, p2))
			var b strings.Builder
			for _, r := range c.requests(t) {
				res, err := refRequest(substitutePorts(r.addr, p1, p2), r.host, r.target)
				if err != nil {
					t.Fatal(err)
				}
				b.WriteString(res.String() + "\n")
			}
			got := b.String()
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

package runtime

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The cosocket stress test (issue 6, item 6): 1000 concurrent requests,
// each doing a redis SET and GET with lua-resty-redis over pooled
// connections; the pool keeps at most pool_size idle connections, and once
// gresty stops no goroutine or connection is left. Then redis is killed in
// the middle of the load: the clients get OpenResty's errors and gresty
// keeps serving.

// redisServer is a redis-server started for a test.
type redisServer struct {
	cmd  *exec.Cmd
	port string
}

func startRedis(t *testing.T) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--maxclients", "4000", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &redisServer{cmd: cmd, port: port}
	t.Cleanup(r.kill)
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			return r
		}
		time.Sleep(30 * time.Millisecond)
	}
	t.Fatal("redis-server did not start")
	return nil
}

func (r *redisServer) kill() {
	if r.cmd.Process != nil {
		r.cmd.Process.Kill()
		r.cmd.Wait()
		r.cmd.Process = nil
	}
}

// clients returns redis's connected_clients (this query's included).
func (r *redisServer) clients(t *testing.T) int {
	t.Helper()
	c, err := net.Dial("tcp", "127.0.0.1:"+r.port)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("INFO clients\r\n"))
	br := bufio.NewReader(c)
	head, _ := br.ReadString('\n')
	n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(head, "$")))
	body := make([]byte, n+2)
	io.ReadFull(br, body)
	for _, line := range strings.Split(string(body), "\r\n") {
		if v, ok := strings.CutPrefix(line, "connected_clients:"); ok {
			k, _ := strconv.Atoi(v)
			return k
		}
	}
	t.Fatalf("no connected_clients in %q", body)
	return 0
}

const stressPoolSize = 20

const stressConf = `
error_log logs/error.log error;
events { worker_connections 8192; }
http {
    access_log off;
    lua_package_path "REDISLIB/?.lua;;";
    server {
        listen 127.0.0.1:PORT;
        location = /health { content_by_lua_block { ngx.say("up") } }
        location = /t {
            content_by_lua_block {
                local redis = require "resty.redis"
                local red = redis:new()
                red:set_timeouts(2000, 2000, 2000)
                local ok, err = red:connect("127.0.0.1", REDISPORT)
                if not ok then ngx.say("connect: ", err) return end
                local key = "key" .. ngx.var.arg_i
                ok, err = red:set(key, ngx.var.arg_i)
                if not ok then ngx.say("set: ", err) return end
                local v, err = red:get(key)
                if not v then ngx.say("get: ", err) return end
                ok, err = red:set_keepalive(10000, POOLSIZE)
                if not ok then ngx.say("keepalive: ", err) return end
                ngx.say("ok ", v)
            }
        }
    }
}`

func TestCosocketStress(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test")
	}
	rs := startRedis(t)
	lib, err := filepath.Abs("../vendor-lua/upstream/lua-resty-redis-0.27/lib")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(lib, "resty/redis.lua")); err != nil {
		t.Skip("lua-resty-redis is not vendored")
	}
	baseline := goruntime.NumGoroutine()
	conf := strings.NewReplacer("REDISLIB", lib, "REDISPORT", rs.port, "POOLSIZE", strconv.Itoa(stressPoolSize)).Replace(stressConf)
	p, base, _ := startEngine(t, conf)
	tr := &http.Transport{MaxIdleConnsPerHost: 1000, MaxConnsPerHost: 1000}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	const n = 1000
	var wg sync.WaitGroup
	var bad atomic.Int32
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			body, err := fetch(client, fmt.Sprintf("%s/t?i=%d", base, i))
			if want := fmt.Sprintf("ok %d\n", i); err != nil || body != want {
				if bad.Add(1) <= 5 {
					t.Errorf("request %d: %q %v", i, body, err)
				}
			}
		}(i)
	}
	close(start)
	wg.Wait()
	if b := bad.Load(); b > 0 {
		t.Fatalf("%d of %d requests failed", b, n)
	}
	// the pool keeps at most pool_size connections; the others closed
	var idle int
	for i := 0; i < 50; i++ {
		if idle = rs.clients(t) - 1; idle <= stressPoolSize {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if idle > stressPoolSize || idle == 0 {
		t.Errorf("redis sees %d connections from gresty after the load, want 1..%d", idle, stressPoolSize)
	}

	tr.CloseIdleConnections()
	p.Stop(true)
	var left int
	for i := 0; i < 100; i++ {
		if left = rs.clients(t) - 1; left == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if left != 0 {
		t.Errorf("%d connections to redis left after gresty stopped", left)
	}
	var g int
	for i := 0; i < 100; i++ {
		if g = goruntime.NumGoroutine(); g <= baseline+2 {
			break
		}
		time.Sleep(30 * time.Millisecond)
	}
	if g > baseline+2 {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines left (%d before):\n%s", g, baseline, buf[:goruntime.Stack(buf, true)])
	}
}

// TestCosocketStressRedisKilled kills redis in the middle of the load: the
// requests that lose it get OpenResty's errors and gresty keeps serving.
func TestCosocketStressRedisKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test")
	}
	rs := startRedis(t)
	lib, _ := filepath.Abs("../vendor-lua/upstream/lua-resty-redis-0.27/lib")
	if _, err := os.Stat(filepath.Join(lib, "resty/redis.lua")); err != nil {
		t.Skip("lua-resty-redis is not vendored")
	}
	conf := strings.NewReplacer("REDISLIB", lib, "REDISPORT", rs.port, "POOLSIZE", strconv.Itoa(stressPoolSize)).Replace(stressConf)
	_, base, _ := startEngine(t, conf)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}, Timeout: 30 * time.Second}

	var ok, failed atomic.Int32
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := 0; g < 100; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body, err := fetch(client, fmt.Sprintf("%s/t?i=%d", base, g*100000+i))
				switch {
				case err != nil:
					t.Errorf("gresty did not answer: %v", err)
					return
				case strings.HasPrefix(body, "ok "):
					ok.Add(1)
				case isOpenRestyRedisError(body):
					failed.Add(1)
				default:
					t.Errorf("unexpected answer %q", body)
					return
				}
			}
		}(g)
	}
	time.Sleep(300 * time.Millisecond)
	rs.kill()
	killedAt := ok.Load()
	time.Sleep(300 * time.Millisecond)
	if body, err := fetch(client, base+"/health"); err != nil || body != "up\n" {
		t.Errorf("gresty stopped serving: %q %v", body, err)
	}
	close(stop)
	wg.Wait()
	if killedAt == 0 || failed.Load() == 0 {
		t.Errorf("%d requests succeeded before the kill, %d failed after it", killedAt, failed.Load())
	}
}

// isOpenRestyRedisError reports whether body is one of the errors the
// handler reports as OpenResty words them when redis goes away.
func isOpenRestyRedisError(body string) bool {
	for _, op := range []string{"connect: ", "set: ", "get: ", "keepalive: "} {
		if rest, ok := strings.CutPrefix(body, op); ok {
			switch strings.TrimSuffix(rest, "\n") {
			case "connection refused", "closed", "connection reset by peer", "broken pipe", "timeout":
				return true
			}
		}
	}
	return false
}

func fetch(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// Command bench measures gresty against the reference OpenResty (Debian's
// nginx with lua-nginx-module) in one run: the same handlers, the same worker
// count, both servers pinned to the same CPUs away from the load generator,
// runs alternated, medians reported as ratios. Speed is judged here, never by
// timed tests.
//
//	go run ./bench [-workers 1] [-runs 5] [-duration 5s] [-only hello,cpu] [-json bench/report.json]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// result is one scenario's measurement.
type result struct {
	Scenario  string  `json:"scenario"`
	Workers   int     `json:"workers"`
	Gresty    float64 `json:"gresty"`
	Nginx     float64 `json:"nginx"`
	Ratio     float64 `json:"ratio"`
	Unit      string  `json:"unit"`
	P99Gresty string  `json:"p99_gresty,omitempty"`
	P99Nginx  string  `json:"p99_nginx,omitempty"`
	Note      string  `json:"note,omitempty"`
}

type options struct {
	workers  int
	runs     int
	duration time.Duration
	only     map[string]bool
	gresty   string
	nginx    string
	vendor   string
	jsonPath string
}

func main() {
	var o options
	var only string
	flag.IntVar(&o.workers, "workers", 1, "worker count of both servers")
	flag.IntVar(&o.runs, "runs", 5, "measured runs per server (median reported)")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "duration of one wrk run")
	flag.StringVar(&only, "only", "", "comma-separated scenarios to run (default: all)")
	flag.StringVar(&o.gresty, "gresty", "", "gresty binary (default: built from this checkout)")
	flag.StringVar(&o.nginx, "nginx", "/usr/sbin/nginx", "reference nginx binary")
	flag.StringVar(&o.vendor, "vendor", "vendor-lua/upstream", "vendored upstream sources")
	flag.StringVar(&o.jsonPath, "json", "bench/report.json", "JSON report path")
	flag.Parse()
	if only != "" {
		o.only = map[string]bool{}
		for _, s := range strings.Split(only, ",") {
			o.only[strings.TrimSpace(s)] = true
		}
	}
	raiseFileLimit()
	if o.gresty == "" {
		dir, err := os.MkdirTemp("", "gresty-bench-bin-")
		if err != nil {
			fatal(err)
		}
		defer os.RemoveAll(dir)
		o.gresty = filepath.Join(dir, "gresty")
		cmd := exec.Command("go", "build", "-o", o.gresty, "./cmd/gresty")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fatal(fmt.Errorf("building gresty: %w", err))
		}
	}
	if abs, err := filepath.Abs(o.vendor); err == nil {
		o.vendor = abs
	}
	fmt.Printf("# machine: %d CPUs, %s; %s\n", goruntime.NumCPU(), goruntime.GOARCH, cpuModel())
	var results []result
	for _, sc := range scenarios {
		if o.only != nil && !o.only[sc.name] {
			continue
		}
		r, err := run(o, sc)
		if err != nil {
			r = result{Scenario: sc.name, Workers: o.workers, Note: err.Error()}
			fmt.Printf("bench %s workers=%d skipped: %v\n", sc.name, o.workers, err)
		} else {
			fmt.Printf("bench %s workers=%d gresty=%s nginx=%s ratio=%.2f unit=%s p99_gresty=%s p99_nginx=%s\n",
				r.Scenario, r.Workers, num(r.Gresty), num(r.Nginx), r.Ratio, r.Unit, orDash(r.P99Gresty), orDash(r.P99Nginx))
		}
		results = append(results, r)
		if sc.kind == "startup" {
			if rr, err := restyTime(o); err == nil {
				results = append(results, rr)
				fmt.Printf("bench resty-e workers=1 gresty=%s nginx=- ratio=- unit=ms\n", num(rr.Gresty))
			}
		}
	}
	if o.jsonPath != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		os.WriteFile(o.jsonPath, append(b, '\n'), 0o644)
	}
}

func run(o options, sc scenario) (result, error) {
	if sc.needs == "redis" {
		if c, err := net.DialTimeout("tcp", "127.0.0.1:6379", time.Second); err != nil {
			return result{}, fmt.Errorf("needs redis-server on 127.0.0.1:6379")
		} else {
			c.Close()
		}
	}
	switch sc.kind {
	case "wrk":
		return runWrk(o, sc)
	case "idle":
		return runIdle(o, sc)
	case "parked":
		return runParked(o, sc)
	case "startup":
		return runStartup(o, sc)
	}
	return result{}, fmt.Errorf("unknown kind %s", sc.kind)
}

// server is one running server under test.
type server struct {
	name   string
	cmd    *exec.Cmd
	port   int
	prefix string
}

func (s *server) url() string { return fmt.Sprintf("http://127.0.0.1:%d/b", s.port) }

func (s *server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			s.cmd.Process.Kill()
		}
	}
	os.RemoveAll(s.prefix)
}

// cpus says where servers and the load generator run: servers on the first
// CPUs, wrk on the last one, when the machine has a CPU to spare.
func cpus(workers int) (serverCPUs, loadCPU string) {
	n := goruntime.NumCPU()
	if n < 2 {
		return "", ""
	}
	w := workers
	if w > n-1 {
		w = n - 1
	}
	return fmt.Sprintf("0-%d", w-1), strconv.Itoa(n - 1)
}

func start(o options, sc scenario, target string) (*server, error) {
	prefix, err := os.MkdirTemp("", "gresty-bench-"+target+"-")
	if err != nil {
		return nil, err
	}
	os.MkdirAll(filepath.Join(prefix, "conf"), 0o755)
	os.MkdirAll(filepath.Join(prefix, "logs"), 0o755)
	port := freePort()
	var head string
	if target == "nginx" {
		head = "load_module /usr/lib/nginx/modules/ndk_http_module.so;\nload_module /usr/lib/nginx/modules/ngx_http_lua_module.so;\ndaemon off;\nmaster_process off;\n"
	}
	conf := fmt.Sprintf(`%sworker_processes %d;
worker_rlimit_nofile 65535;
error_log logs/error.log error;
pid logs/nginx.pid;
events { worker_connections 30000; }
http {
    access_log off;
    lua_package_cpath "/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;;";
    %s
    server {
        listen 127.0.0.1:%d backlog=16384;
        keepalive_requests 1000000;
        location = /b {
            %s
        }
    }
}
`, head, o.workers, strings.ReplaceAll(sc.http, "$VENDOR", o.vendor), port, sc.location)
	if err := os.WriteFile(filepath.Join(prefix, "conf", "nginx.conf"), []byte(conf), 0o644); err != nil {
		return nil, err
	}
	bin := o.gresty
	args := []string{"-p", prefix + "/", "-c", "conf/nginx.conf"}
	if target == "nginx" {
		bin = o.nginx
	}
	serverCPUs, _ := cpus(o.workers)
	var cmd *exec.Cmd
	if serverCPUs != "" {
		cmd = exec.Command("taskset", append([]string{"-c", serverCPUs, bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Env = append(os.Environ(), fmt.Sprintf("GOMAXPROCS=%d", o.workers))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		os.RemoveAll(prefix)
		return nil, err
	}
	s := &server{name: target, cmd: cmd, port: port, prefix: prefix}
	if err := waitReady(s); err != nil {
		logs, _ := os.ReadFile(filepath.Join(prefix, "logs", "error.log"))
		s.stop()
		return nil, fmt.Errorf("%s did not serve: %v\n%s", target, err, logs)
	}
	return s, nil
}

func waitReady(s *server) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.url())
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				if strings.Contains(string(b), ": ") && !strings.Contains(string(b), "items") {
					return fmt.Errorf("handler failed: %s", b)
				}
				return nil
			}
			return fmt.Errorf("status %d: %s", resp.StatusCode, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no response within 10s")
}

func runWrk(o options, sc scenario) (result, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return result{}, fmt.Errorf("wrk not installed")
	}
	g, err := start(o, sc, "gresty")
	if err != nil {
		return result{}, err
	}
	defer g.stop()
	n, err := start(o, sc, "nginx")
	if err != nil {
		return result{}, err
	}
	defer n.stop()
	// Warm up both (JIT, caches, connection pools), then alternate.
	wrk(g.url(), sc.conns, 2*time.Second)
	wrk(n.url(), sc.conns, 2*time.Second)
	var gr, nr []float64
	var gp, np []string
	for i := 0; i < o.runs; i++ {
		a, b := g, n
		if i%2 == 1 {
			a, b = n, g
		}
		for _, s := range []*server{a, b} {
			rps, p99, err := wrk(s.url(), sc.conns, o.duration)
			if err != nil {
				return result{}, err
			}
			if s == g {
				gr, gp = append(gr, rps), append(gp, p99)
			} else {
				nr, np = append(nr, rps), append(np, p99)
			}
		}
	}
	r := result{Scenario: sc.name, Workers: o.workers, Gresty: median(gr), Nginx: median(nr), Unit: "req/s",
		P99Gresty: medianStr(gp), P99Nginx: medianStr(np)}
	if r.Nginx > 0 {
		r.Ratio = r.Gresty / r.Nginx
	}
	return r, nil
}

// wrk runs one load and returns requests per second and the 99th
// percentile latency.
func wrk(url string, conns int, d time.Duration) (float64, string, error) {
	args := []string{"-t1", "-c" + strconv.Itoa(conns), "-d" + fmt.Sprintf("%ds", int(d.Seconds())), "--latency", url}
	_, loadCPU := cpus(1)
	var cmd *exec.Cmd
	if loadCPU != "" {
		cmd = exec.Command("taskset", append([]string{"-c", loadCPU, "wrk"}, args...)...)
	} else {
		cmd = exec.Command("wrk", args...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, "", fmt.Errorf("wrk: %v: %s", err, out)
	}
	var rps float64
	var p99 string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "Requests/sec:" {
			rps, _ = strconv.ParseFloat(f[1], 64)
		}
		if len(f) >= 2 && f[0] == "99%" {
			p99 = f[1]
		}
		if strings.Contains(sc.Text(), "Non-2xx") {
			return 0, "", fmt.Errorf("wrk saw errors: %s", sc.Text())
		}
	}
	return rps, p99, nil
}

// runIdle opens many keep-alive connections, each after one request, and
// compares the servers' resident memory.
func runIdle(o options, sc scenario) (result, error) {
	var rss [2]float64
	for i, target := range []string{"gresty", "nginx"} {
		s, err := start(o, sc, target)
		if err != nil {
			return result{}, err
		}
		conns, err := openIdle(s.port, sc.conns)
		if err != nil {
			s.stop()
			return result{}, err
		}
		time.Sleep(time.Second)
		rss[i] = rssMB(s.cmd.Process.Pid)
		for _, c := range conns {
			c.Close()
		}
		s.stop()
	}
	return result{Scenario: sc.name, Workers: o.workers, Gresty: rss[0], Nginx: rss[1], Ratio: rss[0] / rss[1], Unit: "MB_RSS(lower_is_better)"}, nil
}

func openIdle(port, n int) ([]net.Conn, error) {
	var conns []net.Conn
	req := []byte("GET /b HTTP/1.1\r\nHost: b\r\n\r\n")
	buf := make([]byte, 4096)
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			for _, c := range conns {
				c.Close()
			}
			return nil, fmt.Errorf("after %d connections: %v", i, err)
		}
		c.Write(req)
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(buf); err != nil {
			c.Close()
			for _, c := range conns {
				c.Close()
			}
			return nil, fmt.Errorf("connection %d: %v", i, err)
		}
		conns = append(conns, c)
	}
	return conns, nil
}

// runParked sends many requests at once, each sleeping a second in Lua, and
// reports the time until all are answered (and peak memory in the note).
func runParked(o options, sc scenario) (result, error) {
	var secs [2]float64
	var peak [2]float64
	for i, target := range []string{"gresty", "nginx"} {
		s, err := start(o, sc, target)
		if err != nil {
			return result{}, err
		}
		stop := make(chan struct{})
		go func(pid, i int) {
			for {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
					if m := rssMB(pid); m > peak[i] {
						peak[i] = m
					}
				}
			}
		}(s.cmd.Process.Pid, i)
		t0 := time.Now()
		errs := make(chan error, sc.conns)
		for j := 0; j < sc.conns; j++ {
			go func() {
				c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), 10*time.Second)
				if err != nil {
					errs <- err
					return
				}
				defer c.Close()
				c.Write([]byte("GET /b HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"))
				c.SetReadDeadline(time.Now().Add(30 * time.Second))
				b, err := io.ReadAll(c)
				if err == nil && !strings.Contains(string(b), "parked") {
					err = fmt.Errorf("bad response %.60q", b)
				}
				errs <- err
			}()
		}
		var failed int
		var firstErr error
		for j := 0; j < sc.conns; j++ {
			if err := <-errs; err != nil {
				failed++
				if firstErr == nil {
					firstErr = err
				}
			}
		}
		secs[i] = time.Since(t0).Seconds()
		close(stop)
		s.stop()
		if failed > 0 {
			return result{}, fmt.Errorf("%s: %d of %d requests failed: %v", target, failed, sc.conns, firstErr)
		}
	}
	return result{Scenario: sc.name, Workers: o.workers, Gresty: secs[0], Nginx: secs[1], Ratio: secs[0] / secs[1],
		Unit: "seconds(lower_is_better)", Note: fmt.Sprintf("peak RSS MB gresty=%.1f nginx=%.1f", peak[0], peak[1])}, nil
}

// runStartup measures process start to first response (median of 5).
func runStartup(o options, sc scenario) (result, error) {
	var ms [2][]float64
	for k := 0; k < 5; k++ {
		for i, target := range []string{"gresty", "nginx"} {
			t0 := time.Now()
			s, err := start(o, sc, target)
			if err != nil {
				return result{}, err
			}
			ms[i] = append(ms[i], float64(time.Since(t0).Microseconds())/1000)
			s.stop()
		}
	}
	g, n := median(ms[0]), median(ms[1])
	return result{Scenario: sc.name, Workers: o.workers, Gresty: g, Nginx: n, Ratio: g / n, Unit: "ms(lower_is_better)"}, nil
}

// restyTime measures `gresty resty -e 'ngx.say(1)'` (median of 10).
func restyTime(o options) (result, error) {
	var ms []float64
	for k := 0; k < 10; k++ {
		t0 := time.Now()
		out, err := exec.Command(o.gresty, "resty", "-e", "ngx.say(1)").Output()
		if err != nil || strings.TrimSpace(string(out)) != "1" {
			return result{}, fmt.Errorf("resty: %v %q", err, out)
		}
		ms = append(ms, float64(time.Since(t0).Microseconds())/1000)
	}
	return result{Scenario: "resty-e", Workers: 1, Gresty: median(ms), Unit: "ms"}, nil
}

func rssMB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func raiseFileLimit() {
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil {
		lim.Cur = lim.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "model name") {
			if _, v, ok := strings.Cut(l, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// medianStr is the median of wrk's latency strings ("1.23ms").
func medianStr(v []string) string {
	type lat struct {
		s string
		d time.Duration
	}
	var ls []lat
	for _, s := range v {
		d, err := time.ParseDuration(strings.Replace(s, "us", "µs", 1))
		if err == nil {
			ls = append(ls, lat{s, d})
		}
	}
	if len(ls) == 0 {
		return ""
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].d < ls[j].d })
	return ls[len(ls)/2].s
}

func num(f float64) string {
	if f >= 100 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

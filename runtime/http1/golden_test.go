package http1

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// variant is one configuration the golden cases run under: the directives
// given to the reference nginx and the same change to the front's Config.
type variant struct {
	name  string
	nginx string
	conf  func(*Config)
}

var variants = []variant{
	{"main", "", func(*Config) {}},
	{"tokens_off", "server_tokens off;", func(c *Config) { c.ServerTokens = false }},
	{"nomerge", "merge_slashes off;", func(c *Config) { c.MergeSlashes = false }},
	{"underscores", "underscores_in_headers on;", func(c *Config) { c.UnderscoresInHeaders = true }},
	{"noignore", "ignore_invalid_headers off;", func(c *Config) { c.IgnoreInvalidHeaders = false }},
	{"smallbody", "client_max_body_size 100; client_body_buffer_size 64;", func(c *Config) {
		c.ClientMaxBodySize = 100
		c.ClientBodyBufferSize = 64
	}},
	{"noka", "keepalive_timeout 0;", func(c *Config) { c.KeepaliveTimeout = 0 }},
	{"kareq", "keepalive_requests 2;", func(c *Config) { c.KeepaliveRequests = 2 }},
	{"smallhdr", "client_header_buffer_size 128; large_client_header_buffers 2 512;", func(c *Config) {
		c.ClientHeaderBufferSize = 128
		c.LargeClientHeaderBuffers = 2
		c.LargeClientHeaderBufferSize = 512
	}},
}

// goldenConfig is the front's side of the http{} block the goldens were
// recorded with (see record_test.go).
func goldenConfig(t testing.TB, v variant) Config {
	c := DefaultConfig()
	c.Product = "nginx/1.22.1"
	c.ClientHeaderTimeout = 2 * time.Second
	c.ClientBodyTimeout = 2 * time.Second
	c.KeepaliveTimeout = 5 * time.Second
	c.LingeringTimeout = 2 * time.Second
	c.ClientBodyTempPath = t.TempDir()
	v.conf(&c)
	return c
}

type goldenCase struct {
	name, variant string
	req           []byte
}

var repeatRE = regexp.MustCompile(`(?s)\{\{(.+?)\*(\d+)\}\}`)

func loadCases(t testing.TB) []goldenCase {
	f, err := os.Open(filepath.Join("testdata", "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []goldenCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, " ", 3)
		if len(parts) != 3 {
			t.Fatalf("bad case line %q", line)
		}
		s, err := strconv.Unquote(parts[2])
		if err != nil {
			t.Fatalf("case %s: %v", parts[0], err)
		}
		s = repeatRE.ReplaceAllStringFunc(s, func(m string) string {
			sub := repeatRE.FindStringSubmatch(m)
			n, _ := strconv.Atoi(sub[2])
			return strings.Repeat(sub[1], n)
		})
		cases = append(cases, goldenCase{parts[0], parts[1], []byte(s)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

var dateRE = regexp.MustCompile(`(?m)^Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r$`)

// exchange sends req at once on a new connection and reads the answer until
// the server closes or stays silent for a while; it returns the answer with
// its Date lines normalised and how the connection ended.
func exchange(addr string, req []byte) ([]byte, string, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	defer conn.Close()
	if _, err := conn.Write(req); err != nil {
		return nil, "", err
	}
	return readAnswer(conn)
}

// readAnswer reads until the server closes or stays silent for a while.
func readAnswer(conn net.Conn) ([]byte, string, error) {
	var out []byte
	buf := make([]byte, 64<<10)
	wait := 3 * time.Second // for the first byte
	for {
		conn.SetReadDeadline(time.Now().Add(wait))
		n, err := conn.Read(buf)
		out = append(out, buf[:n]...)
		if n > 0 {
			wait = 400 * time.Millisecond
		}
		if err != nil {
			var ne net.Error
			switch {
			case errors.As(err, &ne) && ne.Timeout():
				return normalise(out), "open", nil
			default:
				// EOF, or a reset after the server closed with unread data
				return normalise(out), "closed", nil
			}
		}
	}
}

// exchangePieces is exchange with the request written in pieces.
func exchangePieces(addr string, pieces ...[]byte) ([]byte, string, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	defer conn.Close()
	for i, p := range pieces {
		if i > 0 {
			time.Sleep(5 * time.Millisecond)
		}
		if _, err := conn.Write(p); err != nil {
			return nil, "", err
		}
	}
	return readAnswer(conn)
}

func normalise(b []byte) []byte {
	return dateRE.ReplaceAll(b, []byte("Date: <date>\r"))
}

func goldenPath(name string) string {
	return filepath.Join("testdata", "golden", name+".golden")
}

func formatGolden(resp []byte, end string) []byte {
	return append(append([]byte(nil), resp...), []byte("\n=== "+end+"\n")...)
}

// TestGolden replays every case of testdata/cases.txt against the front
// answering like testdata/locations.conf, and compares the bytes with what
// the real nginx 1.22.1 answered (testdata/golden, see record_test.go).
func TestGolden(t *testing.T) {
	cases := loadCases(t)
	addrs := map[string]string{}
	for _, v := range variants {
		_, addrs[v.name] = startServer(t, goldenConfig(t, v), mirror{})
	}
	results := exchangeAll(t, cases, addrs)
	for i, gc := range cases {
		t.Run(gc.name, func(t *testing.T) {
			want, err := os.ReadFile(goldenPath(gc.name))
			if err != nil {
				t.Fatalf("no golden file (record with GRESTY_RECORD_NGINX=1): %v", err)
			}
			if got := results[i]; !bytes.Equal(got, want) {
				t.Errorf("request %q\n--- got\n%s\n--- want (nginx)\n%s", truncate(gc.req), got, want)
			}
		})
	}
}

// TestGoldenInPieces replays the cases with each request split in three
// writes a little apart, so that the parsers resume mid-token; the answers
// must not change. Cases whose answer depends on how nginx's buffers fill
// (header limits, the memory/file choice for bodies) are left out.
func TestGoldenInPieces(t *testing.T) {
	cases := loadCases(t)
	addrs := map[string]string{}
	for _, v := range variants {
		_, addrs[v.name] = startServer(t, goldenConfig(t, v), mirror{})
	}
	kept := pieceCases(cases)
	results := exchangeAllInPieces(kept, addrs)
	for i, gc := range kept {
		t.Run(gc.name, func(t *testing.T) {
			want, err := os.ReadFile(goldenPath(gc.name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(results[i], want) {
				t.Errorf("request %q\n--- got\n%s\n--- want (nginx)\n%s", truncate(gc.req), results[i], want)
			}
		})
	}
}

// pieceCases leaves out the cases whose answer depends on how nginx's
// buffers fill: header limits and the memory/file choice for bodies.
func pieceCases(cases []goldenCase) []goldenCase {
	var kept []goldenCase
	for _, gc := range cases {
		if strings.HasPrefix(gc.name, "limit-") || strings.HasPrefix(gc.name, "smallhdr-") ||
			strings.HasPrefix(gc.name, "body-big") || strings.HasPrefix(gc.name, "body-chunked-big") ||
			gc.variant == "smallbody" {
			continue
		}
		kept = append(kept, gc)
	}
	return kept
}

// exchangeAllInPieces is exchangeAll with each request split in three.
func exchangeAllInPieces(cases []goldenCase, addrs map[string]string) [][]byte {
	results := make([][]byte, len(cases))
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i, gc := range cases {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			a, b := len(gc.req)/3, 2*len(gc.req)/3
			resp, end, err := exchangePieces(addrs[gc.variant], gc.req[:a], gc.req[a:b], gc.req[b:])
			if err != nil {
				results[i] = []byte(err.Error())
				return
			}
			results[i] = formatGolden(resp, end)
		}()
	}
	wg.Wait()
	return results
}

// exchangeAll runs the cases concurrently (most of the time goes into
// waiting for silence) and returns each formatted answer.
func exchangeAll(t testing.TB, cases []goldenCase, addrs map[string]string) [][]byte {
	results := make([][]byte, len(cases))
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i, gc := range cases {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			resp, end, err := exchange(addrs[gc.variant], gc.req)
			if err != nil {
				results[i] = []byte("exchange failed: " + err.Error())
				return
			}
			results[i] = formatGolden(resp, end)
		}()
	}
	wg.Wait()
	return results
}

func truncate(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// startServer serves h on a loopback port until the test ends.
func startServer(t testing.TB, conf Config, h Handler) (*Server, string) {
	t.Helper()
	srv, err := NewServer(conf, h)
	if err != nil {
		t.Fatal(err)
	}
	return srv, serve(t, srv)
}

// serve serves srv on a loopback port until the test ends.
func serve(t testing.TB, srv *Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		srv.Serve(l)
		close(done)
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return l.Addr().String()
}

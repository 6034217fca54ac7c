package http1

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testConfig is DefaultConfig with short timeouts, so that the tests of
// timeouts are quick.
func testConfig(t testing.TB) Config {
	c := DefaultConfig()
	c.ClientBodyTempPath = t.TempDir()
	c.ClientHeaderTimeout = 500 * time.Millisecond
	c.ClientBodyTimeout = 500 * time.Millisecond
	c.SendTimeout = 500 * time.Millisecond
	c.KeepaliveTimeout = 500 * time.Millisecond
	c.LingeringTimeout = 300 * time.Millisecond
	c.LingeringTime = 2 * time.Second
	return c
}

// client is a raw test connection with a reader of the answers.
type client struct {
	t    testing.TB
	conn net.Conn
	br   *bufio.Reader
}

func dial(t testing.TB, addr string) *client {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, conn: conn, br: bufio.NewReader(conn)}
}

func (c *client) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatal(err)
	}
}

// response reads one response, its body included, for a request with
// method.
func (c *client) response(method string) (*http.Response, string) {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(c.br, &http.Request{Method: method})
	if err != nil {
		c.t.Fatalf("reading response: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("reading body: %v", err)
	}
	return resp, string(body)
}

// closed reports whether the server closed the connection within d, and
// how long it took.
func (c *client) closed(d time.Duration) (bool, time.Duration) {
	start := time.Now()
	c.conn.SetReadDeadline(start.Add(d))
	_, err := io.Copy(io.Discard, c.br)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false, time.Since(start)
	}
	return true, time.Since(start)
}

func hello(r *Request) {
	r.Out.ContentType = "text/plain"
	r.Out.ContentLength = 6
	r.WriteString("hello\n")
}

func TestKeepalive(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(hello))
	c := dial(t, addr)
	for i := range 5 {
		c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, body := c.response("GET")
		if resp.StatusCode != 200 || body != "hello\n" || resp.Close {
			t.Fatalf("request %d: %d %q close=%v", i, resp.StatusCode, body, resp.Close)
		}
	}
	c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	resp, _ := c.response("GET")
	if !resp.Close {
		t.Error("Connection: close not answered with close")
	}
	if closed, _ := c.closed(time.Second); !closed {
		t.Error("connection left open after Connection: close")
	}
}

func TestKeepaliveTimeout(t *testing.T) {
	conf := testConfig(t)
	_, addr := startServer(t, conf, HandlerFunc(hello))
	c := dial(t, addr)
	c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	c.response("GET")
	closed, took := c.closed(3 * time.Second)
	if !closed || took < conf.KeepaliveTimeout-50*time.Millisecond || took > conf.KeepaliveTimeout+time.Second {
		t.Errorf("idle keep-alive connection closed=%v after %v, want after %v", closed, took, conf.KeepaliveTimeout)
	}
}

func TestKeepaliveRequests(t *testing.T) {
	conf := testConfig(t)
	conf.KeepaliveRequests = 3
	_, addr := startServer(t, conf, HandlerFunc(hello))
	c := dial(t, addr)
	for i := 1; i <= 3; i++ {
		c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, _ := c.response("GET")
		if resp.Close != (i == 3) {
			t.Errorf("request %d: close=%v", i, resp.Close)
		}
	}
	if closed, _ := c.closed(time.Second); !closed {
		t.Error("connection open after keepalive_requests")
	}
}

func TestPipelining(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		r.Out.ContentType = "text/plain"
		r.WriteString(r.URI())
	}))
	c := dial(t, addr)
	var sb strings.Builder
	const n = 200
	for i := range n {
		fmt.Fprintf(&sb, "GET /%d HTTP/1.1\r\nHost: x\r\n\r\n", i)
	}
	go c.send(sb.String())
	for i := range n {
		resp, body := c.response("GET")
		if want := "/" + strconv.Itoa(i); body != want || resp.StatusCode != 200 {
			t.Fatalf("response %d: %d %q, want %q", i, resp.StatusCode, body, want)
		}
	}
}

func TestChunkedResponseAndFlush(t *testing.T) {
	step := make(chan struct{})
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		r.Out.ContentType = "text/plain"
		r.WriteString("first\n")
		r.Flush()
		<-step
		r.Write(bytes.Repeat([]byte("x"), 100000))
		r.WriteString("last\n")
	}))
	c := dial(t, addr)
	c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	c.conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	resp, err := http.ReadResponse(c.br, &http.Request{Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.TransferEncoding) != 1 || resp.TransferEncoding[0] != "chunked" {
		t.Fatalf("transfer encoding %v", resp.TransferEncoding)
	}
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("flushed chunk %q %v", line, err)
	}
	close(step)
	rest, err := io.ReadAll(resp.Body)
	if err != nil || !strings.HasSuffix(string(rest), "last\n") || len(rest) < 100005 {
		t.Fatalf("rest of body: %d bytes, %v", len(rest), err)
	}
}

func TestHTTP10UnknownLengthCloses(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		r.WriteString("body")
	}))
	c := dial(t, addr)
	c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
	resp, body := c.response("GET")
	if !resp.Close || body != "body" || resp.TransferEncoding != nil {
		t.Errorf("HTTP/1.0 reply: close=%v body=%q te=%v", resp.Close, body, resp.TransferEncoding)
	}
}

func TestHead(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		r.WriteString("not sent")
	}))
	c := dial(t, addr)
	c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
	for range 2 {
		resp, body := c.response("HEAD")
		if body != "" || resp.TransferEncoding != nil || resp.Close {
			t.Errorf("HEAD: body %q te %v close %v", body, resp.TransferEncoding, resp.Close)
		}
	}
	c.conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if n, _ := c.br.Read(make([]byte, 1)); n != 0 {
		t.Error("bytes after the HEAD responses")
	}
}

func TestExpectContinue(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		b, err := r.ReadBody()
		if err != nil {
			t.Error(err)
			return
		}
		r.WriteString(string(b.Data))
	}))
	c := dial(t, addr)
	c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
	c.conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	line, err := c.br.ReadString('\n')
	if err != nil || line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("interim response %q %v", line, err)
	}
	if blank, _ := c.br.ReadString('\n'); blank != "\r\n" {
		t.Fatalf("interim response not ended: %q", blank)
	}
	c.send("hello")
	if _, body := c.response("POST"); body != "hello" {
		t.Errorf("body %q", body)
	}
}

func TestHeaderTimeout(t *testing.T) {
	conf := testConfig(t)
	var logs logRecorder
	srv, err := NewServer(conf, HandlerFunc(hello))
	if err != nil {
		t.Fatal(err)
	}
	srv.ErrorLog = logs.add
	addr := serve(t, srv)
	for _, partial := range []string{"", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: x\r\n"} {
		c := dial(t, addr)
		c.send(partial)
		closed, took := c.closed(3 * time.Second)
		if !closed || took > conf.ClientHeaderTimeout+time.Second {
			t.Errorf("%q: closed=%v after %v", partial, closed, took)
		}
		if n, _ := c.br.Read(make([]byte, 1)); n != 0 {
			t.Errorf("%q: bytes sent on header timeout", partial)
		}
	}
	if !logs.has("client timed out (110: Connection timed out)") {
		t.Errorf("no timeout in the error log: %v", logs.all())
	}
}

// TestHeaderTimeoutFromAccept checks nginx's rule for the first request:
// client_header_timeout counts from the accept, not from the first byte.
func TestHeaderTimeoutFromAccept(t *testing.T) {
	conf := testConfig(t)
	_, addr := startServer(t, conf, HandlerFunc(hello))
	c := dial(t, addr)
	time.Sleep(conf.ClientHeaderTimeout * 6 / 10)
	c.send("GET / HTTP/1.1\r\n")
	closed, took := c.closed(3 * time.Second)
	if !closed || took > conf.ClientHeaderTimeout*6/10 {
		t.Errorf("closed=%v %v after the first byte, want within the rest of the timeout", closed, took)
	}
}

func TestBodyTimeout(t *testing.T) {
	conf := testConfig(t)
	got := make(chan error, 1)
	_, addr := startServer(t, conf, HandlerFunc(func(r *Request) {
		_, err := r.ReadBody()
		got <- err
	}))
	c := dial(t, addr)
	c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
	closed, _ := c.closed(3 * time.Second)
	err := <-got
	se, ok := err.(*StatusError)
	if !ok || se.Status != 408 || !se.Drop {
		t.Errorf("ReadBody error %v, want a 408 to drop", err)
	}
	if !closed {
		t.Error("connection open after client_body_timeout")
	}
	if n, _ := c.br.Read(make([]byte, 1)); n != 0 {
		t.Error("response sent after client_body_timeout")
	}
}

func TestSendTimeout(t *testing.T) {
	conf := testConfig(t)
	got := make(chan error, 1)
	_, addr := startServer(t, conf, HandlerFunc(func(r *Request) {
		big := make([]byte, 1<<20)
		var err error
		for i := 0; i < 64 && err == nil; i++ {
			_, err = r.Write(big)
		}
		got <- err
	}))
	c := dial(t, addr)
	c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	// the client reads nothing
	select {
	case err := <-got:
		if err == nil {
			t.Error("writing 64 MiB to a client that reads nothing succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("send_timeout did not end the write")
	}
}

func TestLingeringCloseAfterError(t *testing.T) {
	conf := testConfig(t)
	_, addr := startServer(t, conf, HandlerFunc(func(r *Request) {
		r.SendSpecial(400)
	}))
	c := dial(t, addr)
	// a body the server never reads: without lingering close the unread
	// bytes would make the kernel reset the connection under the response
	c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + strings.Repeat("x", 60000))
	resp, body := c.response("POST")
	if resp.StatusCode != 400 || !strings.Contains(body, "400 Bad Request") {
		t.Fatalf("%d %q", resp.StatusCode, body)
	}
	c.send(strings.Repeat("y", 40000))
	if closed, _ := c.closed(3 * time.Second); !closed {
		t.Error("not closed after lingering")
	}
}

func TestRequestLineTooLongTrickled(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(hello))
	c := dial(t, addr)
	c.send("GET /")
	for range 9 {
		time.Sleep(5 * time.Millisecond)
		c.send(strings.Repeat("a", 1000))
	}
	c.send(" HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, _ := c.response("GET")
	if resp.StatusCode != 414 {
		t.Errorf("status %d, want 414", resp.StatusCode)
	}
}

func TestConnectionVariables(t *testing.T) {
	type seen struct {
		serial              uint64
		requests            int
		remote, remotePort  string
		server, serverPort  string
		length, sent, bsent int64
	}
	var mu sync.Mutex
	var all []seen
	var recorded sync.WaitGroup
	recorded.Add(3)
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		defer recorded.Done()
		b, _ := r.ReadBody()
		_ = b
		r.Out.ContentLength = 5
		r.WriteString("12345")
		r.Finish()
		c := r.Conn()
		mu.Lock()
		all = append(all, seen{c.Serial(), c.Requests(), c.RemoteAddr(), c.RemotePort(), c.ServerAddr(), c.ServerPort(),
			r.RequestLength(), r.BytesSent(), r.BodyBytesSent()})
		mu.Unlock()
	}))
	c1 := dial(t, addr)
	req := "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
	c1.send(req + req)
	c1.response("POST")
	c1.response("POST")
	c2 := dial(t, addr)
	c2.send(req)
	c2.response("POST")
	recorded.Wait()

	mu.Lock()
	defer mu.Unlock()
	if len(all) != 3 {
		t.Fatalf("%d requests seen", len(all))
	}
	_, port, _ := net.SplitHostPort(c1.conn.LocalAddr().String())
	_, sport, _ := net.SplitHostPort(addr)
	a, b, c := all[0], all[1], all[2]
	if a.serial != b.serial || c.serial <= a.serial {
		t.Errorf("serials %d %d %d", a.serial, b.serial, c.serial)
	}
	if a.requests != 1 || b.requests != 2 || c.requests != 1 {
		t.Errorf("connection_requests %d %d %d", a.requests, b.requests, c.requests)
	}
	if a.remote != "127.0.0.1" || a.remotePort != port || a.server != "127.0.0.1" || a.serverPort != sport {
		t.Errorf("addresses %+v, want remote port %s server port %s", a, port, sport)
	}
	if a.length != int64(len(req)) {
		t.Errorf("request_length %d, want %d", a.length, len(req))
	}
	if a.sent <= 5 || a.bsent != 5 {
		t.Errorf("bytes_sent %d body_bytes_sent %d", a.sent, a.bsent)
	}
}

func TestUnixSocket(t *testing.T) {
	srv, err := NewServer(testConfig(t), HandlerFunc(func(r *Request) {
		c := r.Conn()
		r.WriteString(c.RemoteAddr() + "|" + c.RemotePort() + "|" + c.ServerAddr() + "|" + c.ServerPort())
	}))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := &client{t: t, conn: conn, br: bufio.NewReader(conn)}
	c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	_, body := c.response("GET")
	if want := "unix:||unix:" + path + "|"; body != want {
		t.Errorf("got %q, want %q", body, want)
	}
}

func TestReadBodyToFile(t *testing.T) {
	conf := testConfig(t)
	conf.ClientBodyBufferSize = 1024
	var path string
	_, addr := startServer(t, conf, HandlerFunc(func(r *Request) {
		b, err := r.ReadBody()
		if err != nil {
			t.Error(err)
			return
		}
		path = b.Path
		data, err := os.ReadFile(b.Path)
		if err != nil {
			t.Error(err)
		}
		r.WriteString(strconv.Itoa(len(data)) + " " + strconv.FormatInt(b.Length, 10) + " " + string(data[:3]))
	}))
	c := dial(t, addr)
	body := "abc" + strings.Repeat("z", 99997)
	c.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
		"3\r\nabc\r\n" + strconv.FormatInt(99997, 16) + "\r\n" + body[3:] + "\r\n0\r\n\r\n")
	if _, got := c.response("POST"); got != "100000 100000 abc" {
		t.Errorf("got %q", got)
	}
	if path == "" || filepath.Dir(path) != conf.ClientBodyTempPath {
		t.Fatalf("body file %q not in %s", path, conf.ClientBodyTempPath)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("body file %s left behind: %v", path, err)
	}
}

func TestBodyReader(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		var sb strings.Builder
		buf := make([]byte, 7)
		rd := r.BodyReader()
		for {
			n, err := rd.Read(buf)
			sb.WriteString(strings.ToUpper(string(buf[:n])))
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Error(err)
				return
			}
		}
		r.WriteString(sb.String())
	}))
	c := dial(t, addr)
	c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\nabcdefghijklm")
	time.Sleep(20 * time.Millisecond)
	c.send("nopqrstuvwxyz" + "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
	if _, got := c.response("POST"); got != "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		t.Errorf("got %q", got)
	}
	if _, got := c.response("POST"); got != "ABCDE" {
		t.Errorf("chunked: got %q", got)
	}
}

func TestUnreadBodyKeepsConnection(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(hello))
	c := dial(t, addr)
	c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n")
	resp, _ := c.response("POST")
	if resp.Close {
		t.Fatal("closed before the body was discarded")
	}
	c.send(strings.Repeat("d", 20000) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp, body := c.response("GET"); resp.StatusCode != 200 || body != "hello\n" {
		t.Errorf("after discarding: %d %q", resp.StatusCode, body)
	}
}

func TestHijack(t *testing.T) {
	srv, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		conn, buffered, err := r.Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		io.WriteString(conn, "raw:"+string(buffered)+"|")
		io.Copy(conn, conn)
	}))
	c := dial(t, addr)
	c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nearly")
	c.conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	got := make([]byte, len("raw:early|"))
	if _, err := io.ReadFull(c.br, got); err != nil || string(got) != "raw:early|" {
		t.Fatalf("%q %v", got, err)
	}
	// the server forgets a hijacked connection
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown waited for a hijacked connection: %v", err)
	}
	c.send("echo")
	echo := make([]byte, 4)
	if _, err := io.ReadFull(c.br, echo); err != nil || string(echo) != "echo" {
		t.Errorf("echo %q %v", echo, err)
	}
}

func TestNetHTTPClient(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		b, err := r.ReadBody()
		if err != nil {
			t.Error(err)
			return
		}
		r.Out.Headers = append(r.Out.Headers, Header{"X-Uri", r.URI()})
		r.Write(b.Data)
	}))
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	defer tr.CloseIdleConnections()
	cl := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				want := fmt.Sprintf("g%d-%d-%s", g, i, strings.Repeat("p", i*100))
				resp, err := cl.Post("http://"+addr+"/a/../b", "text/plain", strings.NewReader(want))
				if err != nil {
					t.Error(err)
					return
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(got) != want || resp.Header.Get("X-Uri") != "/b" {
					t.Errorf("got %q (uri %q)", got, resp.Header.Get("X-Uri"))
					return
				}
			}
		}()
	}
	wg.Wait()
}

// logRecorder collects error-log messages.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logRecorder) add(e *LogEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, e.Msg)
}

func (l *logRecorder) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.msgs {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

func (l *logRecorder) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.msgs...)
}

// rejects records what the front reports of the requests it refused.
type rejects struct {
	mu   sync.Mutex
	seen []string
}

func (rj *rejects) ServeHTTP1(r *Request) { hello(r) }

func (rj *rejects) LogRejected(r *Request, status int) {
	rj.mu.Lock()
	defer rj.mu.Unlock()
	rj.seen = append(rj.seen, fmt.Sprintf("%d %q %q %q %q", status, r.RequestLine(), r.Method(), r.RequestURI(), r.URI()))
}

func TestRejectLogger(t *testing.T) {
	rj := &rejects{}
	_, addr := startServer(t, testConfig(t), rj)
	for _, req := range []string{
		"get / HTTP/1.1\r\n\r\n",
		"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\n",
		"GET /x HTTP/1.1\r",
	} {
		c := dial(t, addr)
		c.send(req)
		if strings.HasSuffix(req, "\r") {
			c.conn.(*net.TCPConn).CloseWrite()
		}
		c.closed(3 * time.Second)
	}
	want := []string{
		`400 "get / HTTP/1.1" "" "" ""`,
		`400 "GET /%zz HTTP/1.1" "GET" "/%zz" ""`,
		`400 "GET / HTTP/1.1" "GET" "/" "/"`,
		`408 "GET / HTTP/1.1" "GET" "/" "/"`,
		`400 "GET /x HTTP/1.1" "GET" "/x" ""`,
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		rj.mu.Lock()
		got := append([]string(nil), rj.seen...)
		rj.mu.Unlock()
		if len(got) >= len(want) || time.Now().After(deadline) {
			if !equalLines(got, want) {
				t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

package runtime

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// Helpers for the tests of the request API, the echo and headers-more
// directives and subrequests: a server with the given locations, and a
// client that sends raw requests.

// startLocations serves the locations (and http-level extra directives)
// and returns the base URL and the prefix.
func startLocations(t *testing.T, httpExtra, locations string) (string, string) {
	t.Helper()
	conf := `
error_log logs/error.log debug;
events {}
http {
    default_type text/plain;
    ` + httpExtra + `
    server {
        listen 127.0.0.1:PORT;
        server_name localhost;
        ` + locations + `
    }
}
`
	_, base, prefix := startEngine(t, conf)
	return base, prefix
}

// response is what a raw request got back.
type response struct {
	status int
	header http.Header
	body   string
}

// rawRequest sends req as written and reads the response.
func rawRequest(t *testing.T, base, req string) response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	method, _, _ := strings.Cut(req, " ")
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(b)}
}

// getPath sends a GET for path with extra header lines.
func getPath(t *testing.T, base, path string, headers ...string) response {
	t.Helper()
	req := "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
	for _, h := range headers {
		req += h + "\r\n"
	}
	return rawRequest(t, base, req+"\r\n")
}

// postPath sends a POST of body to path.
func postPath(t *testing.T, base, path, body string) response {
	t.Helper()
	return rawRequest(t, base, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", path, len(body), body))
}

// errorLog returns the server's error log.
func errorLog(prefix string) string {
	b, _ := os.ReadFile(prefix + "logs/error.log")
	return string(b)
}

// bodyCase is one request of a table-driven test and what it must get.
type bodyCase struct {
	name, path string
	headers    []string
	post       *string
	status     int
	body       string
	// header lists "Name: value" lines the response must have ("Name:"
	// alone: must not have).
	header []string
}

// run runs the cases against base.
func runCases(t *testing.T, base, prefix string, cases []bodyCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got response
			if c.post != nil {
				got = postPath(t, base, c.path, *c.post)
			} else {
				got = getPath(t, base, c.path, c.headers...)
			}
			want := c.status
			if want == 0 {
				want = 200
			}
			if got.status != want || got.body != c.body {
				t.Fatalf("got %d %q, want %d %q\n%s", got.status, got.body, want, c.body, errorLog(prefix))
			}
			for _, h := range c.header {
				name, value, _ := strings.Cut(h, ":")
				value = strings.TrimSpace(value)
				vals := got.header.Values(name)
				if value == "" {
					if len(vals) > 0 {
						t.Fatalf("header %s present: %q", name, vals)
					}
					continue
				}
				if strings.Join(vals, ", ") != value {
					t.Fatalf("header %s = %q, want %q", name, vals, value)
				}
			}
		})
	}
}

func strp(s string) *string { return &s }

// tryGet is getPath that reports a connection closed without a response
// as status 0.
func tryGet(base, path string) (int, string) {
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		return -1, err.Error()
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

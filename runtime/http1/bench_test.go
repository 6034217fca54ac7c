package http1

import (
	"bytes"
	"net"
	"strings"
	"testing"
)

// Throughput against nginx is measured with wrk (see the package report):
//
//	GOMAXPROCS=1 taskset -c 1 go run ./runtime/http1/internal/hello
//	taskset -c 0 wrk -t1 -c50 -d5s http://127.0.0.1:28418/
//
// These benchmarks watch the cost and the allocations of the front itself.

const benchRequest = "GET /hello HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: wrk\r\nAccept: */*\r\n\r\n"

// BenchmarkServeInMemory serves b.N pipelined requests from memory: the
// parser, header processing and response writer, without the network.
func BenchmarkServeInMemory(b *testing.B) {
	srv, err := NewServer(DefaultConfig(), HandlerFunc(hello))
	if err != nil {
		b.Fatal(err)
	}
	const batch = 1000
	input := []byte(strings.Repeat(benchRequest, batch))
	b.ReportAllocs()
	b.SetBytes(int64(len(benchRequest)))
	b.ResetTimer()
	for done := 0; done < b.N; done += batch {
		mc := &memConn{in: input, piece: 1 << 20}
		c := newConn(srv, mc)
		srv.add(c)
		c.serve()
	}
}

// BenchmarkParseHeader measures the request line and header parsers alone.
func BenchmarkParseHeader(b *testing.B) {
	in := []byte(benchRequest)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		var l requestLine
		l.reset()
		_, p := l.parse(in, 0, len(in))
		var h headerLine
		for {
			res, q := h.parse(in, p, len(in), false)
			p = q
			if res != parseOK {
				break
			}
		}
	}
}

// BenchmarkLoopback serves requests over a loopback TCP connection, one at
// a time (each waits for the previous answer), as wrk does per connection.
func BenchmarkLoopback(b *testing.B) {
	conf := DefaultConfig()
	conf.KeepaliveRequests = 1 << 30
	_, addr := startServer(b, conf, HandlerFunc(hello))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	req := []byte(benchRequest)
	buf := make([]byte, 4096)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := conn.Write(req); err != nil {
			b.Fatal(err)
		}
		n := 0
		for !bytes.HasSuffix(buf[:n], []byte("hello\n")) {
			m, err := conn.Read(buf[n:])
			if err != nil {
				b.Fatal(err)
			}
			n += m
		}
	}
}

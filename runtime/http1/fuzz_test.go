package http1

import (
	"io"
	"net"
	"testing"
	"time"
)

// memConn is a net.Conn that reads a fixed input in pieces of a given size
// and counts (or, with keep set, keeps) what is written; deadlines do not
// apply.
type memConn struct {
	in     []byte
	piece  int
	out    int
	keep   bool
	wrote  []byte
	closed bool
}

func (m *memConn) Read(p []byte) (int, error) {
	if m.closed {
		return 0, net.ErrClosed
	}
	if len(m.in) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), m.piece, len(m.in))
	copy(p, m.in[:n])
	m.in = m.in[n:]
	return n, nil
}

func (m *memConn) Write(p []byte) (int, error) {
	if m.closed {
		return 0, net.ErrClosed
	}
	m.out += len(p)
	if m.keep {
		m.wrote = append(m.wrote, p...)
	}
	return len(p), nil
}

func (m *memConn) Close() error                     { m.closed = true; return nil }
func (m *memConn) CloseWrite() error                { return nil }
func (m *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80} }
func (m *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1234} }
func (m *memConn) SetDeadline(time.Time) error      { return nil }
func (m *memConn) SetReadDeadline(time.Time) error  { return nil }
func (m *memConn) SetWriteDeadline(time.Time) error { return nil }

// FuzzServeConn feeds arbitrary bytes, in arbitrary pieces, through a whole
// connection: parsing, header limits, bodies and responses. It must never
// panic and always finish.
func FuzzServeConn(f *testing.F) {
	for _, gc := range loadCases(f) {
		f.Add(gc.req, uint8(0))
		f.Add(gc.req, uint8(7))
	}
	conf := DefaultConfig()
	conf.ClientBodyTempPath = f.TempDir()
	conf.ClientHeaderBufferSize = 128
	conf.LargeClientHeaderBuffers = 2
	conf.LargeClientHeaderBufferSize = 512
	conf.ClientBodyBufferSize = 64
	conf.LingeringTime = 0
	srv, err := NewServer(conf, mirror{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte, piece uint8) {
		mc := &memConn{in: in, piece: int(piece) + 1}
		c := newConn(srv, mc)
		if !srv.add(c) {
			t.Fatal("server refused the connection")
		}
		done := make(chan struct{})
		go func() {
			c.serve()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("connection did not finish on %q", in)
		}
	})
}

// FuzzParsersIncremental checks that the resumable parsers give the same
// result whether the input arrives at once or one byte at a time.
func FuzzParsersIncremental(f *testing.F) {
	for _, gc := range loadCases(f) {
		f.Add(gc.req)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s := string(in)
		r1, l1, p1 := parseLine(s, false)
		r2, l2, p2 := parseLine(s, true)
		if r1 != r2 || p1 != p2 || (r1 == parseOK && *l1 != *l2) {
			t.Fatalf("request line %q: whole %d@%d, bytewise %d@%d", in, r1, p1, r2, p2)
		}
		if r1 == parseOK {
			b := append([]byte(s), ' ')
			parseComplexURI(nil, b, l1.uriStart, l1.uriEnd, l1.emptyPathInURI, true)
		}

		var h1, h2 headerLine
		var c1, c2 chunked
		for pos, stop := 0, 0; pos < len(in); {
			res, p := h1.parse(in, pos, len(in), false)
			q, res2 := pos, parseAgain
			for stop = pos; stop < len(in) && res2 == parseAgain; {
				stop++
				res2, q = h2.parse(in, q, stop, false)
			}
			same := h1.nameStart == h2.nameStart && h1.valEnd == h2.valEnd
			if res == parseOK {
				same = h1 == h2
			}
			if res != res2 || p != q || !same {
				t.Fatalf("header %q at %d: whole %d@%d, bytewise %d@%d", in, pos, res, p, res2, q)
			}
			if res != parseOK {
				break
			}
			pos = p
		}
		cr1, cp1 := c1.parse(in, 0, len(in))
		q, cr2 := 0, chunkedAgain
		for stop := 0; stop < len(in) && cr2 == chunkedAgain; {
			stop++
			cr2, q = c2.parse(in, q, stop)
		}
		if cr1 != cr2 || cp1 != q || (cr1 != chunkedInvalid && c1 != c2) {
			t.Fatalf("chunked %q: whole %d@%d, bytewise %d@%d", in, cr1, cp1, cr2, q)
		}
	})
}

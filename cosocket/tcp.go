package cosocket

import (
	"net"
	"syscall"
	"time"
)

// sockKind says what a TCP cosocket talks to.
type sockKind uint8

const (
	kindUpstream sockKind = iota // ngx.socket.tcp: a connection gresty made
	kindBody                     // ngx.req.socket(): the request body
	kindRaw                      // ngx.req.socket(true): the client connection
)

// failure is the ngx_lua failure type of an operation (ft_type).
type failure uint16

// The values are ngx_lua's, as error_log lines print them.
const (
	ftError        failure = 0x0001
	ftTimeout      failure = 0x0002
	ftClosed       failure = 0x0004
	ftResolver     failure = 0x0008
	ftBufTooSmall  failure = 0x0010
	ftNoMem        failure = 0x0020
	ftPartialWrite failure = 0x0040
	ftClientAbort  failure = 0x0080
	ftSSL          failure = 0x0100
)

// tcpSock is one TCP cosocket, ngx_lua's ngx_http_lua_socket_tcp_upstream_t.
// Its fields are touched holding the worker's baton, except by the one
// operation waiting for the network (flagged connWaiting, readWaiting or
// writeWaiting), which other operations then refuse as busy.
type tcpSock struct {
	vm    *VM
	owner *Owner
	kind  sockKind
	conf  *Config

	// conn is the connection, nil when there is none; after sslhandshake
	// it is the TLS connection over plain.
	conn  net.Conn
	plain net.Conn
	// raw serves attempts that must not block; nil under TLS.
	raw syscall.RawConn
	fd  int
	// peer names the peer in log lines ("127.0.0.1:6379", "unix:/path").
	peer string

	readClosed, writeClosed bool
	connClosed              bool
	eof                     bool
	connWaiting             bool
	readWaiting             bool
	writeWaiting            bool
	nodelayLogged           bool
	errno                   syscall.Errno

	connectTimeout, sendTimeout, readTimeout time.Duration

	in  readBuf
	out []byte

	pool   *pool
	reused int

	// body is the request body of a kindBody socket.
	body *bodyStream
	// client is the connection of a kindRaw socket, closed when its
	// request ends.
	client net.Conn
	// preread holds client bytes read with the request header (kindRaw).
	preread []byte
	// downstream reports request-level state of request sockets.
	downstream RequestConn

	ssl *sslState
}

// readBuf is the receive buffer: buf[pos:last] is read and not yet taken.
// Its capacity is lua_socket_buffer_size, the most one read asks for.
type readBuf struct {
	buf       []byte
	pos, last int
}

func (b *readBuf) allocated() bool { return b.buf != nil }
func (b *readBuf) size() int       { return b.last - b.pos }
func (b *readBuf) reset()          { *b = readBuf{} }

// end implements ender: the owner ended (nginx's request cleanup).
func (s *tcpSock) end() {
	s.finalize()
	if c := s.client; c != nil {
		s.client = nil
		lingeringClose(c)
	}
}

// lingeringClose closes a client connection taken by ngx.req.socket(true)
// as nginx's lingering close does: the write side first, then what the
// client still sends is read and dropped for a while, so that unread input
// does not turn the close into a reset that loses the last response bytes.
func lingeringClose(c net.Conn) {
	cw, ok := c.(interface{ CloseWrite() error })
	if !ok {
		c.Close()
		return
	}
	cw.CloseWrite()
	go func() {
		defer c.Close()
		buf := make([]byte, 4096)
		until := time.Now().Add(lingeringTime)
		for time.Now().Before(until) {
			c.SetReadDeadline(time.Now().Add(lingeringTimeout))
			if _, err := c.Read(buf); err != nil {
				return
			}
		}
	}()
}

// nginx's default lingering_time and lingering_timeout.
const (
	lingeringTime    = 30 * time.Second
	lingeringTimeout = 5 * time.Second
)

// finalizeRead closes the reading side (ngx_http_lua_socket_tcp_finalize_read_part).
func (s *tcpSock) finalizeRead() {
	if s.readClosed {
		return
	}
	s.readClosed = true
	s.in.reset()
	s.out = nil
}

// finalizeWrite closes the writing side.
func (s *tcpSock) finalizeWrite() {
	if s.writeClosed {
		return
	}
	s.writeClosed = true
}

// finalize closes the socket (ngx_http_lua_socket_tcp_finalize): both sides,
// the connection, and its place in the pool.
func (s *tcpSock) finalize() {
	s.owner.untrack(s)
	s.finalizeRead()
	s.finalizeWrite()
	if s.kind != kindUpstream {
		if s.body != nil {
			s.body.stop()
		}
		s.conn, s.raw = nil, nil
		return
	}
	if s.conn == nil {
		return
	}
	s.conn.Close()
	s.conn, s.plain, s.raw = nil, nil, nil
	s.connClosed = true
	if p := s.pool; p != nil {
		if s.vm.pools.release(p) {
			s.vm.debugGlobal("lua tcp socket keepalive: free connection pool for \"%s\"", p.key)
		}
	}
}

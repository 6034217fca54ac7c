package http1

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Handler runs requests: the engine implements it. ServeHTTP1 owns the
// request until it returns; the front then finishes the response (if the
// handler did not), discards an unread body and reads the next request.
type Handler interface {
	ServeHTTP1(r *Request)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(r *Request)

// ServeHTTP1 calls f(r).
func (f HandlerFunc) ServeHTTP1(r *Request) { f(r) }

// RejectLogger is implemented by a Handler that wants to log requests the
// front finished by itself: the bad requests it answered (status 400, 414,
// 501, 505, 405...) and the ones it dropped (408 on a header timeout, 400 when
// the client closed mid-header), as nginx's log phase sees them.
type RejectLogger interface {
	LogRejected(r *Request, status int)
}

// RejectHandler is implemented by a Handler that answers the requests the
// front refuses (a malformed request line or header line, a missing Host, a
// too long URI or header) as nginx finalizes them: error_page may apply and
// the log phase runs. ServeRejected owns the request as ServeHTTP1 does,
// with the front's error already logged, keep-alive off, and the request's
// line, headers and host as far as they were read; it must answer (with
// SendSpecial(status) when nothing else applies). A handler implementing it
// is not asked to LogRejected for these requests.
type RejectHandler interface {
	ServeRejected(r *Request, status int)
}

// ErrServerClosed is returned by Serve after Shutdown or Close.
var ErrServerClosed = errors.New("http1: server closed")

// connSerial numbers connections across all servers of the process, as
// nginx's ngx_connection_counter does across workers ($connection).
var connSerial atomic.Uint64

// Server is the HTTP/1.x front: it serves any number of listeners with one
// configuration and one handler.
type Server struct {
	// ErrorLog receives the front's error-log events; nil drops them.
	ErrorLog func(*LogEntry)

	handler Handler
	conf    Config

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	conns     map[*Conn]struct{}
	wg        sync.WaitGroup
	exiting   atomic.Bool
}

// NewServer returns a server with the given directives and handler.
func NewServer(conf Config, h Handler) (*Server, error) {
	if err := conf.validate(); err != nil {
		return nil, err
	}
	if h == nil {
		return nil, errors.New("http1: nil handler")
	}
	return &Server{
		handler:   h,
		conf:      conf,
		listeners: make(map[net.Listener]struct{}),
		conns:     make(map[*Conn]struct{}),
	}, nil
}

// Config returns the server's directives; requests start with them.
func (s *Server) Config() *Config { return &s.conf }

// Serve accepts connections on l until the listener fails or the server is
// shut down, and serves each in its own goroutine. It closes l on return.
func (s *Server) Serve(l net.Listener) error {
	if !s.track(l) {
		l.Close()
		return ErrServerClosed
	}
	defer s.untrack(l)
	var backoff time.Duration
	for {
		rwc, err := l.Accept()
		if err != nil {
			if s.exiting.Load() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				backoff = nextBackoff(backoff)
				time.Sleep(backoff)
				continue
			}
			if isTemporaryAccept(err) {
				backoff = nextBackoff(backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		c := newConn(s, rwc)
		if !s.add(c) {
			rwc.Close()
			return ErrServerClosed
		}
		go c.serve()
	}
}

// Shutdown stops accepting, closes idle keep-alive connections and waits for
// the requests in progress to finish, as nginx does on QUIT. Connections
// finishing a request then close instead of being kept alive. It returns
// ctx's error if ctx ends first; Close can then end the rest.
func (s *Server) Shutdown(ctx context.Context) error {
	s.exiting.Store(true)
	s.closeListeners()
	s.closeIdle()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			// a connection may have gone idle since the last pass
			s.closeIdle()
		}
	}
}

// Close stops accepting and closes every connection at once (nginx's TERM).
// Handlers still running see their writes and reads fail.
func (s *Server) Close() error {
	s.exiting.Store(true)
	s.closeListeners()
	s.mu.Lock()
	for c := range s.conns {
		c.rwc.Close()
	}
	s.mu.Unlock()
	return nil
}

func (s *Server) track(l net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exiting.Load() {
		return false
	}
	s.listeners[l] = struct{}{}
	return true
}

func (s *Server) untrack(l net.Listener) {
	s.mu.Lock()
	delete(s.listeners, l)
	s.mu.Unlock()
	l.Close()
}

func (s *Server) closeListeners() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for l := range s.listeners {
		l.Close()
	}
}

func (s *Server) closeIdle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if c.state.CompareAndSwap(stateIdle, stateClosing) {
			c.rwc.Close()
		}
	}
}

func (s *Server) add(c *Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exiting.Load() {
		return false
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	return true
}

// forget drops a connection the server no longer serves (closed or
// hijacked).
func (s *Server) forget(c *Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

func nextBackoff(d time.Duration) time.Duration {
	if d == 0 {
		return 5 * time.Millisecond
	}
	if d *= 2; d > time.Second {
		d = time.Second
	}
	return d
}

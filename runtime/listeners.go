package runtime

import (
	"errors"
	"net"
	"os"
	"strings"
	"sync"
)

// Listening sockets belong to the process, not to an engine: on a reload
// (HUP) the new configuration's engine takes over the sockets both
// configurations listen on, so no connection is refused while the old
// engine drains, as nginx's master keeps its sockets across reloads.

// socketSet is the process's listening sockets by address.
type socketSet struct {
	mu    sync.Mutex
	socks map[string]*socket
}

// socket is one listening socket with one accept loop, handing connections
// to whichever engine currently serves it.
type socket struct {
	addr string
	l    net.Listener
	mu   sync.Mutex
	cur  *handoff
	done chan struct{}
}

// handoff is a net.Listener given to one engine's front: its Accept returns
// the connections the socket hands to it.
type handoff struct {
	s      *socket
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
	// tls, set for "listen ... ssl", wraps the connections accepted.
	tls *serverTLS
}

var errListenerClosed = errors.New("use of closed network connection")

func newSocketSet() *socketSet { return &socketSet{socks: map[string]*socket{}} }

// listen returns a listener for addr for a new engine, opening the socket
// or taking it over from the engine serving it now.
func (ss *socketSet) listen(addr string) (*handoff, error) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.socks[addr]
	if s == nil {
		network, address := "tcp", addr
		if strings.HasPrefix(address, "unix:") {
			network, address = "unix", strings.TrimPrefix(address, "unix:")
			os.Remove(address)
		}
		l, err := net.Listen(network, address)
		if err != nil {
			return nil, err
		}
		s = &socket{addr: addr, l: l, done: make(chan struct{})}
		ss.socks[addr] = s
		go s.accept()
	}
	return &handoff{s: s, conns: make(chan net.Conn), closed: make(chan struct{})}, nil
}

// activate makes h the receiver of the socket's new connections (once the
// whole new engine is ready).
func (h *handoff) activate() {
	h.s.mu.Lock()
	h.s.cur = h
	h.s.mu.Unlock()
}

// keepOnly closes the sockets not in addrs (a reload dropped them).
func (ss *socketSet) keepOnly(addrs map[string]bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for a, s := range ss.socks {
		if !addrs[a] {
			s.l.Close()
			delete(ss.socks, a)
		}
	}
}

// closeAll closes every socket.
func (ss *socketSet) closeAll() {
	ss.keepOnly(nil)
}

func (s *socket) accept() {
	defer close(s.done)
	for {
		c, err := s.l.Accept()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			s.mu.Lock()
			h := s.cur
			s.mu.Unlock()
			if h != nil {
				h.Close()
			}
			return
		}
		for {
			s.mu.Lock()
			h := s.cur
			s.mu.Unlock()
			if h == nil {
				c.Close()
				break
			}
			select {
			case h.conns <- c:
			case <-h.closed:
				// The engine was replaced meanwhile: offer the connection to
				// the new one.
				s.mu.Lock()
				if s.cur == h {
					s.cur = nil
				}
				s.mu.Unlock()
				continue
			}
			break
		}
	}
}

// Accept implements net.Listener.
func (h *handoff) Accept() (net.Conn, error) {
	select {
	case c := <-h.conns:
		if h.tls != nil {
			return h.tls.server(c), nil
		}
		return c, nil
	case <-h.closed:
		return nil, errListenerClosed
	}
}

// Close implements net.Listener: the engine stops taking connections; the
// socket stays open for the next engine.
func (h *handoff) Close() error {
	h.once.Do(func() { close(h.closed) })
	return nil
}

// Addr implements net.Listener.
func (h *handoff) Addr() net.Addr { return h.s.l.Addr() }

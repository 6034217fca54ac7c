package conformance

import (
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MockTCP is the tcp_listen server of a block run: it accepts one
// connection, reads the query (tcp_query_len bytes, or one read), waits
// tcp_reply_delay, writes tcp_reply and closes (unless tcp_no_close).
type MockTCP struct {
	ln     net.Listener
	mu     sync.Mutex
	query  []byte
	conns  []net.Conn
	done   chan struct{}
	closed bool
}

// StartMockTCP listens on target (a port on 127.0.0.1 or a *.sock path).
func StartMockTCP(b *RunBlock, target string) (*MockTCP, error) {
	var ln net.Listener
	var err error
	if _, perr := strconv.Atoi(target); perr == nil {
		for i := 0; i < 30; i++ {
			ln, err = net.Listen("tcp", "127.0.0.1:"+target)
			if err == nil || !strings.Contains(err.Error(), "address already in use") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	} else {
		_ = os.Remove(target)
		ln, err = net.Listen("unix", target)
	}
	if err != nil {
		return nil, err
	}
	m := &MockTCP{ln: ln, done: make(chan struct{})}
	go m.serve(b)
	return m, nil
}

func (m *MockTCP) serve(b *RunBlock) {
	defer close(m.done)
	c, err := m.ln.Accept()
	if err != nil {
		return
	}
	m.mu.Lock()
	m.conns = append(m.conns, c)
	m.mu.Unlock()
	noRead, noWrite := false, false
	if sh := b.Get("tcp_shutdown"); sh.Defined() {
		if d := parseDelay(b.Str("tcp_shutdown_delay")); d > 0 {
			time.Sleep(d)
		}
		how, _ := strconv.Atoi(strings.TrimSpace(sh.Str))
		if tc, ok := c.(interface {
			CloseRead() error
			CloseWrite() error
		}); ok {
			if how == 0 || how == 2 {
				_ = tc.CloseRead()
				noRead = true
			}
			if how == 1 || how == 2 {
				_ = tc.CloseWrite()
				noWrite = true
			}
		}
	}
	reqLen := -1
	if l := strings.TrimSpace(b.Str("tcp_query_len")); l != "" {
		reqLen, _ = strconv.Atoi(l)
	} else if q := b.Get("tcp_query"); q.Kind == KindString {
		reqLen = len(q.Str)
	}
	var buf []byte
	if !noRead {
		tmp := make([]byte, 4096)
		for {
			n, err := c.Read(tmp)
			buf = append(buf, tmp[:n]...)
			m.mu.Lock()
			m.query = append([]byte(nil), buf...)
			m.mu.Unlock()
			if err != nil || reqLen <= 0 || len(buf) >= reqLen {
				break
			}
		}
	}
	if d := parseDelay(b.Str("tcp_reply_delay")); d > 0 {
		time.Sleep(d)
	}
	if !noWrite {
		reply := b.Get("tcp_reply")
		if reply.Kind == KindCode && b.Call != nil {
			if v, err := b.Call(reply.Code, string(buf)); err == nil {
				reply = v
			}
		}
		if reply.IsList() {
			for _, r := range reply.List {
				_, _ = c.Write([]byte(r.Str))
			}
		} else if reply.Defined() {
			_, _ = c.Write([]byte(reply.Str))
		}
	}
	if b.Has("tcp_no_close") {
		return
	}
	c.Close()
}

// Query returns what the server read.
func (m *MockTCP) Query() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return string(m.query)
}

// Close stops the server and its connection.
func (m *MockTCP) Close() {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.closed = true
	for _, c := range m.conns {
		c.Close()
	}
	m.mu.Unlock()
	m.ln.Close()
	select {
	case <-m.done:
	case <-time.After(2 * time.Second):
	}
	if ul, ok := m.ln.(*net.UnixListener); ok {
		_ = os.Remove(ul.Addr().String())
	}
}

// MockUDP is the udp_listen server: it reads one datagram, waits
// udp_reply_delay and sends udp_reply back to the sender.
type MockUDP struct {
	pc    net.PacketConn
	mu    sync.Mutex
	query []byte
	done  chan struct{}
	path  string
}

// StartMockUDP listens on target (a port or a *.sock path).
func StartMockUDP(b *RunBlock, target string) (*MockUDP, error) {
	var pc net.PacketConn
	var err error
	m := &MockUDP{done: make(chan struct{})}
	if _, perr := strconv.Atoi(target); perr == nil {
		pc, err = net.ListenPacket("udp", "127.0.0.1:"+target)
	} else {
		_ = os.Remove(target)
		pc, err = net.ListenPacket("unixgram", target)
		m.path = target
	}
	if err != nil {
		return nil, err
	}
	m.pc = pc
	go m.serve(b)
	return m, nil
}

func (m *MockUDP) serve(b *RunBlock) {
	defer close(m.done)
	buf := make([]byte, 4096)
	n, addr, err := m.pc.ReadFrom(buf)
	if err != nil {
		return
	}
	m.mu.Lock()
	m.query = append([]byte(nil), buf[:n]...)
	m.mu.Unlock()
	if d := parseDelay(b.Str("udp_reply_delay")); d > 0 {
		time.Sleep(d)
	}
	reply := b.Get("udp_reply")
	if reply.Kind == KindCode && b.Call != nil {
		if v, err := b.Call(reply.Code, string(buf[:n])); err == nil {
			reply = v
		}
	}
	if addr == nil {
		return
	}
	if reply.IsList() {
		for _, r := range reply.List {
			_, _ = m.pc.WriteTo([]byte(r.Str), addr)
		}
	} else if reply.Defined() {
		_, _ = m.pc.WriteTo([]byte(reply.Str), addr)
	}
}

// Query returns the datagram the server read.
func (m *MockUDP) Query() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return string(m.query)
}

// Close stops the server.
func (m *MockUDP) Close() {
	m.pc.Close()
	select {
	case <-m.done:
	case <-time.After(2 * time.Second):
	}
	if m.path != "" {
		_ = os.Remove(m.path)
	}
}

// parseDelay is Test::Nginx's parse_time: seconds, or "Nms"/"Ns".
func parseDelay(s string) time.Duration {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	mult := 1.0
	if strings.HasSuffix(s, "ms") {
		s, mult = strings.TrimSuffix(s, "ms"), 0.001
	} else if strings.HasSuffix(s, "s") {
		s = strings.TrimSuffix(s, "s")
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return time.Duration(f * mult * float64(time.Second))
}

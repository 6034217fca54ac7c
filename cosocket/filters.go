package cosocket

// Input filters: how receive, receiveany and receiveuntil take bytes from
// the receive buffer (ngx_http_lua_input_filters.c). A filter sees the n
// bytes buffered (n == 0 once the peer has closed), moves what it takes to
// the output and says whether the operation is complete.

type status uint8

const (
	stAgain status = iota // more data needed
	stOK                  // the operation is complete
	stError               // failed; the failure type says why
)

// filter consumes buffered input for one receive operation.
type filter interface {
	feed(s *tcpSock, n int) (status, failure)
}

// lineFilter is receive('*l'): up to a newline, carriage returns dropped.
type lineFilter struct{}

func (lineFilter) feed(s *tcpSock, n int) (status, failure) {
	if n == 0 {
		return stError, ftClosed
	}
	b := &s.in
	for i := 0; i < n; i++ {
		c := b.buf[b.pos]
		b.pos++
		switch c {
		case '\n':
			return stOK, 0
		case '\r':
		default:
			s.out = append(s.out, c)
		}
	}
	return stAgain, 0
}

// allFilter is receive('*a'): everything until the peer closes.
type allFilter struct{}

func (allFilter) feed(s *tcpSock, n int) (status, failure) {
	if n == 0 {
		return stOK, 0
	}
	b := &s.in
	s.out = append(s.out, b.buf[b.pos:b.pos+n]...)
	b.pos += n
	return stAgain, 0
}

// chunkFilter is receive(size): exactly rest more bytes.
type chunkFilter struct{ rest int }

func (f *chunkFilter) feed(s *tcpSock, n int) (status, failure) {
	if n == 0 {
		return stError, ftClosed
	}
	b := &s.in
	take := min(n, f.rest)
	s.out = append(s.out, b.buf[b.pos:b.pos+take]...)
	b.pos += take
	f.rest -= take
	if f.rest == 0 {
		return stOK, 0
	}
	return stAgain, 0
}

// anyFilter is receiveany(max): whatever is there, at most max bytes.
type anyFilter struct{ max int }

func (f *anyFilter) feed(s *tcpSock, n int) (status, failure) {
	if n == 0 {
		return stError, ftClosed
	}
	b := &s.in
	take := min(n, f.max)
	s.out = append(s.out, b.buf[b.pos:b.pos+take]...)
	b.pos += take
	return stOK, 0
}

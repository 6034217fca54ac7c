package cosocket

import (
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// Socket options (lua-resty-core's setoption and getoption) and peeking
// at a connection without taking its input.

// sockopts are the options of setoption and getoption, in ngx_lua's
// numbering.
var sockopts = map[string]int{"keepalive": 1, "reuseaddr": 2, "tcp-nodelay": 3, "sndbuf": 4, "rcvbuf": 5}

// tcpSetOption is sock:setoption(option, value) (resty.core's wording).
func (vm *VM) tcpSetOption(L *lua.LState) int {
	self := checkTable(L, 1)
	s := tcpOf(self)
	if s == nil {
		raiseCore(L, 81, "socket is never created nor connected")
	}
	opt, val := L.Get(2), L.Get(3)
	if opt == lua.LNil {
		return pushNilErr(L, `missing the "option" argument`)
	}
	if val == lua.LNil {
		return pushNilErr(L, `missing the "value" argument`)
	}
	id, ok := sockopts[lua.LVAsString(opt)]
	if !ok || opt.Type() != lua.LTString {
		return pushNilErr(L, "unsupported option "+L.ToStringMeta(opt).String())
	}
	if s.conn == nil || s.plain == nil {
		return pushNilErr(L, "closed")
	}
	v := 0
	switch x := val.(type) {
	case lua.LNumber:
		v = int(toInt32(float64(x)))
	case lua.LBool:
		if x {
			v = 1
		}
	default:
		f, _ := toNumber(x)
		v = int(toInt32(f))
	}
	rc := rawOf(s.plain)
	if rc == nil {
		return pushNilErr(L, "invalid socket fd")
	}
	var serr error
	rc.Control(func(fd uintptr) {
		level, name := sockoptOf(id)
		serr = syscall.SetsockoptInt(int(fd), level, name, v)
	})
	if serr != nil {
		return pushNilErr(L, strerror(serr))
	}
	L.Push(lua.LTrue)
	return 1
}

// tcpGetOption is sock:getoption(option).
func (vm *VM) tcpGetOption(L *lua.LState) int {
	self := checkTable(L, 1)
	s := tcpOf(self)
	if s == nil {
		raiseCore(L, 81, "socket is never created nor connected")
	}
	opt := L.Get(2)
	if opt == lua.LNil {
		return pushNilErr(L, `missing the "option" argument`)
	}
	id, ok := sockopts[lua.LVAsString(opt)]
	if !ok || opt.Type() != lua.LTString {
		return pushNilErr(L, "unsupported option "+L.ToStringMeta(opt).String())
	}
	if s.conn == nil || s.plain == nil {
		return pushNilErr(L, "closed")
	}
	rc := rawOf(s.plain)
	if rc == nil {
		return pushNilErr(L, "invalid socket fd")
	}
	// ngx_lua 0.10.23 reads SO_RCVBUF for sndbuf and SO_SNDBUF for rcvbuf
	switch id {
	case 4:
		id = 5
	case 5:
		id = 4
	}
	var v int
	var serr error
	rc.Control(func(fd uintptr) {
		level, name := sockoptOf(id)
		v, serr = syscall.GetsockoptInt(int(fd), level, name)
	})
	if serr != nil {
		return pushNilErr(L, strerror(serr))
	}
	L.Push(lua.LNumber(v))
	return 1
}

// sockoptOf maps an option to its setsockopt level and name.
func sockoptOf(id int) (int, int) {
	switch id {
	case 1:
		return syscall.SOL_SOCKET, syscall.SO_KEEPALIVE
	case 2:
		return syscall.SOL_SOCKET, syscall.SO_REUSEADDR
	case 3:
		return syscall.IPPROTO_TCP, syscall.TCP_NODELAY
	case 4:
		return syscall.SOL_SOCKET, syscall.SO_SNDBUF
	}
	return syscall.SOL_SOCKET, syscall.SO_RCVBUF
}

// strerror is ngx_strerror's text of a system call error.
func strerror(err error) string {
	en, ok := errnoOf(err)
	if !ok {
		return err.Error()
	}
	msg := en.Error()
	if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
		msg = string(msg[0]-'a'+'A') + msg[1:]
	}
	return msg
}

// peek reports, without taking anything, whether a connection's peer has
// closed (eof) or sent data that waits; an error counts as data (the
// connection is dubious). A nil rc (TLS) reports neither.
func peek(rc syscall.RawConn) (eof, data bool) {
	if rc == nil {
		return false, false
	}
	var probe [1]byte
	_ = rc.Read(func(fd uintptr) bool {
		n, _, err := syscall.Recvfrom(int(fd), probe[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case err == syscall.EAGAIN:
		case err != nil:
			data = true
		case n == 0:
			eof = true
		default:
			data = true
		}
		return true
	})
	return eof, data
}

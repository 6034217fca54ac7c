package cosocket

import (
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// tcpBind is sock:bind(address): the local address of the next connect.
func (vm *VM) tcpBind(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raise(L, "expecting 2 arguments, but got %d", n)
	}
	vm.host.Owner(L, false)
	vm.checkBindPhase(L)
	self := checkTable(L, 1)
	text := checkString(L, 2)
	ip := parseBindAddr(text)
	if ip == nil {
		return pushNilErr(L, "bad address")
	}
	ud := L.NewUserData()
	ud.Value = ip
	self.RawSetInt(slotBind, ud)
	vm.debug(L, "lua tcp socket bind ip: %s", text)
	L.Push(lua.LTrue)
	return 1
}

// checkBindPhase applies bind's phase list (rewrite, access, content,
// timer, ssl_certificate), which the glue knows as "yieldable".
func (vm *VM) checkBindPhase(L *lua.LState) { vm.host.Owner(L, true) }

// openForRead returns the socket of a receive method, or nil after pushing
// "closed" (and logging it as ngx_lua does).
func (vm *VM) openForRead(L *lua.LState, self *lua.LTable, owner *Owner) *tcpSock {
	s := tcpOf(self)
	if s == nil || s.conn == nil && s.kind != kindBody || s.readClosed {
		if vm.socketErrors(L) {
			vm.host.Log(L, LogErr, sprintf("attempt to receive data on a closed socket: u:%s, c:%s, ft:%d eof:%d",
				ptr(s), s.connPtr(), 0, s.eofFlag()))
		}
		pushNilErr(L, "closed")
		return nil
	}
	if s.owner != owner {
		raise(L, "bad request")
	}
	return s
}

// tcpReceive is sock:receive(pattern?).
func (vm *VM) tcpReceive(L *lua.LState) int {
	n := L.GetTop()
	if n != 1 && n != 2 {
		raise(L, "expecting 1 or 2 arguments (including the object), but got %d", n)
	}
	owner := vm.host.Owner(L, false)
	self := checkTable(L, 1)
	s := vm.openForRead(L, self, owner)
	if s == nil {
		return 2
	}
	if msg := s.busy(true, true, false); msg != "" {
		return pushNilErr(L, msg)
	}
	vm.debug(L, "lua tcp socket read timeout: %d", ms(s.readTimeout))
	var f filter = lineFilter{}
	if n > 1 {
		v := L.Get(2)
		switch {
		case isNumber(v):
			fv, _ := toNumber(v)
			bytes := toInteger(fv)
			if bytes < 0 {
				argError(L, 2, "bad pattern argument")
			}
			if bytes == 0 {
				L.Push(lua.LString(""))
				return 1
			}
			f = &chunkFilter{rest: int(bytes)}
		case v.Type() == lua.LTString:
			pat := string(v.(lua.LString))
			if len(pat) != 2 || pat[0] != '*' {
				argError(L, 2, "bad pattern argument: "+pat)
			}
			switch pat[1] {
			case 'l':
				f = lineFilter{}
			case 'a':
				f = allFilter{}
			default:
				argError(L, 2, "bad pattern argument")
			}
		default:
			argError(L, 2, "bad pattern argument")
		}
	}
	return vm.receive(L, s, f)
}

// tcpReceiveAny is sock:receiveany(max).
func (vm *VM) tcpReceiveAny(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raise(L, "expecting 2 arguments (including the object), but got %d", n)
	}
	owner := vm.host.Owner(L, false)
	self := checkTable(L, 1)
	s := vm.openForRead(L, self, owner)
	if s == nil {
		return 2
	}
	if msg := s.busy(true, true, false); msg != "" {
		return pushNilErr(L, msg)
	}
	fv, ok := toNumber(L.Get(2))
	if !ok {
		argError(L, 2, "bad max argument")
	}
	max := toInteger(fv)
	if max <= 0 {
		argError(L, 2, "bad max argument")
	}
	vm.debug(L, "lua tcp socket calling receiveany() method to read at most %d bytes", max)
	vm.debug(L, "lua tcp socket read any")
	if max > 1<<31 {
		max = 1 << 31
	}
	return vm.receive(L, s, &anyFilter{max: int(max)})
}

// tcpReceiveUntil is sock:receiveuntil(pattern, opts?): it returns the
// iterator that reads up to the pattern.
func (vm *VM) tcpReceiveUntil(L *lua.LState) int {
	n := L.GetTop()
	if n != 2 && n != 3 {
		raise(L, "expecting 2 or 3 arguments (including the object), but got %d", n)
	}
	inclusive := false
	if n == 3 {
		opts := checkTable(L, 3)
		switch v := opts.RawGetString("inclusive").(type) {
		case *lua.LNilType:
		case lua.LBool:
			inclusive = bool(v)
		default:
			raise(L, "bad \"inclusive\" option value type: %s", v.Type().String())
		}
	}
	vm.host.Owner(L, false)
	self := checkTable(L, 1)
	pat := checkString(L, 2)
	if pat == "" {
		return pushNilErr(L, "pattern is empty")
	}
	cp := compileUntil([]byte(pat), inclusive)
	L.Push(L.NewFunction(func(L *lua.LState) int { return vm.untilIterator(L, self, cp) }))
	return 1
}

// untilIterator is one call of a receiveuntil iterator: iter(size?).
func (vm *VM) untilIterator(L *lua.LState, self *lua.LTable, cp *untilPattern) int {
	n := L.GetTop()
	if n > 1 {
		raise(L, "expecting 0 or 1 arguments, but seen %d", n)
	}
	var bytes int64
	if n >= 1 {
		bytes = checkInteger(L, 1)
		if bytes < 0 {
			bytes = 0
		}
	}
	s := tcpOf(self)
	if s == nil || s.conn == nil && s.kind != kindBody || s.readClosed {
		return pushNilErr(L, "closed")
	}
	owner := vm.host.Owner(L, false)
	if s.owner != owner {
		raise(L, "bad request")
	}
	if msg := s.busy(true, true, false); msg != "" {
		return pushNilErr(L, msg)
	}
	vm.debug(L, "lua tcp socket read timeout: %d", ms(s.readTimeout))
	if cp.state == -1 {
		cp.state = 0
		L.Push(lua.LNil)
		L.Push(lua.LNil)
		L.Push(lua.LNil)
		return 3
	}
	cp.length = int(min(bytes, 1<<31))
	cp.rest = cp.length
	return vm.receive(L, s, cp)
}

// tcpClose is sock:close().
func (vm *VM) tcpClose(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		raise(L, "expecting 1 argument (including the object) but seen %d", n)
	}
	owner := vm.host.Owner(L, false)
	self := checkTable(L, 1)
	s := tcpOf(self)
	if s == nil || s.conn == nil || s.readClosed && s.writeClosed {
		return pushNilErr(L, "closed")
	}
	if s.owner != owner {
		raise(L, "bad request")
	}
	if msg := s.busy(true, true, true); msg != "" {
		return pushNilErr(L, msg)
	}
	if s.kind != kindUpstream {
		return pushNilErr(L, "attempt to close a request socket")
	}
	vm.debug(L, "lua close socket connection")
	s.finalize()
	L.Push(lua.LNumber(1))
	return 1
}

// tcpSetTimeout is sock:settimeout(ms): all three timeouts.
func (vm *VM) tcpSetTimeout(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raise(L, "ngx.socket settimeout: expecting 2 arguments (including the object) but seen %d", n)
	}
	t := timeoutArg(L, 2)
	self, _ := L.Get(1).(*lua.LTable)
	if self == nil {
		typeError(L, 1, "table")
	}
	self.RawSetInt(slotConnectTimeout, lua.LNumber(t))
	self.RawSetInt(slotSendTimeout, lua.LNumber(t))
	self.RawSetInt(slotReadTimeout, lua.LNumber(t))
	if s := tcpOf(self); s != nil {
		d := time.Duration(t) * time.Millisecond
		if t > 0 {
			s.readTimeout, s.sendTimeout, s.connectTimeout = d, d, d
		} else if s.conf != nil {
			s.readTimeout, s.sendTimeout, s.connectTimeout = s.conf.ReadTimeout, s.conf.SendTimeout, s.conf.ConnectTimeout
		}
	}
	return 0
}

// timeoutArg reads a timeout argument as ngx_lua does: lua_tonumber
// truncated, values that do not fit 31 bits refused.
func timeoutArg(L *lua.LState, n int) int64 {
	f, _ := toNumber(L.Get(n))
	t := toInteger(f)
	if t>>31 != 0 {
		raise(L, "bad timeout value")
	}
	return t
}

// tcpSetTimeouts is sock:settimeouts(connect, send, read).
func (vm *VM) tcpSetTimeouts(L *lua.LState) int {
	if n := L.GetTop(); n != 4 {
		raise(L, "ngx.socket settimeout: expecting 4 arguments (including the object) but seen %d", n)
	}
	ct, st, rt := timeoutArg(L, 2), timeoutArg(L, 3), timeoutArg(L, 4)
	self, _ := L.Get(1).(*lua.LTable)
	if self == nil {
		typeError(L, 1, "table")
	}
	self.RawSetInt(slotReadTimeout, L.Get(4))
	self.RawSetInt(slotSendTimeout, L.Get(3))
	self.RawSetInt(slotConnectTimeout, L.Get(2))
	if s := tcpOf(self); s != nil && s.conf != nil {
		pick := func(t int64, def time.Duration) time.Duration {
			if t > 0 {
				return time.Duration(t) * time.Millisecond
			}
			return def
		}
		s.connectTimeout = pick(ct, s.conf.ConnectTimeout)
		s.sendTimeout = pick(st, s.conf.SendTimeout)
		s.readTimeout = pick(rt, s.conf.ReadTimeout)
	}
	return 0
}

// tcpGetReusedTimes is sock:getreusedtimes().
func (vm *VM) tcpGetReusedTimes(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		raise(L, "expecting 1 argument (including the object), but got %d", n)
	}
	self := checkTable(L, 1)
	s := tcpOf(self)
	if s == nil || s.conn == nil || s.readClosed && s.writeClosed {
		return pushNilErr(L, "closed")
	}
	L.Push(lua.LNumber(s.reused))
	return 1
}

// tcpSetKeepalive is sock:setkeepalive(timeout?, size?): the connection
// goes back to its pool.
func (vm *VM) tcpSetKeepalive(L *lua.LState) int {
	n := L.GetTop()
	if n < 1 || n > 3 {
		raise(L, "expecting 1 to 3 arguments (including the object), but got %d", n)
	}
	self := checkTable(L, 1)
	s := tcpOf(self)
	if s == nil || s.conn == nil || s.readClosed || s.writeClosed || s.eof || s.kind != kindUpstream {
		return pushNilErr(L, "closed")
	}
	owner := vm.host.Owner(L, false)
	if s.owner != owner {
		raise(L, "bad request")
	}
	if msg := s.busy(true, true, true); msg != "" {
		return pushNilErr(L, msg)
	}
	if s.in.allocated() && s.in.size() > 0 {
		return pushNilErr(L, "unread data in buffer")
	}
	if eof, data := peek(s.raw); eof && !data {
		// nginx has seen the peer close (pending_eof)
		return pushNilErr(L, "closed")
	} else if data {
		// the peer sent something: nginx finds the read event ready and
		// drops the connection
		s.conn.Close()
		s.conn, s.plain, s.raw = nil, nil, nil
		s.owner.untrack(s)
		if p := s.pool; p != nil {
			vm.pools.release(p)
		}
		return pushNilErr(L, "connection in dubious state")
	}
	key, ok := self.RawGetInt(slotKey).(lua.LString)
	if !ok {
		if num, isNum := self.RawGetInt(slotKey).(lua.LNumber); isNum {
			key, ok = lua.LString(formatNumber(float64(num))), true
		}
	}
	if !ok {
		return pushNilErr(L, "key not found")
	}
	conf := vm.host.Config(L)
	vm.debug(L, "lua tcp socket set keepalive: saving connection %s", ptr(s))
	p := vm.pools.get(string(key))
	if p == nil {
		size := int64(conf.PoolSize)
		if n >= 3 && L.Get(3) != lua.LNil {
			size = checkInteger(L, 3)
		}
		if size <= 0 {
			argError(L, n, sprintf("bad \"pool_size\" option value: %d", size))
		}
		p = vm.createPool(L, string(key), int(size), -1)
	}
	ic, evicted := vm.pools.put(p, s)
	if evicted != nil {
		evicted.plain.SetReadDeadline(past)
		<-evicted.done
		evicted.conn.Close()
	}
	vm.debug(L, "lua tcp socket clear current socket connection")
	// the connection now belongs to the pool
	s.conn, s.plain, s.raw, s.ssl = nil, nil, nil, nil
	timeout := conf.KeepaliveTimeout
	if n >= 2 && L.Get(2) != lua.LNil {
		timeout = time.Duration(checkInteger(L, 2)) * time.Millisecond
	}
	if timeout > 0 {
		vm.debug(L, "lua tcp socket keepalive timeout: %d ms", ms(timeout))
		ic.plain.SetReadDeadline(time.Now().Add(timeout))
	} else {
		vm.debug(L, "lua tcp socket keepalive timeout: unlimited")
	}
	s.pool = nil
	s.finalize()
	vm.pools.resume(p)
	L.Push(lua.LNumber(1))
	return 1
}

// sockopt names the options of setoption and getoption, in ngx_lua's
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

// coreSocketLua is where lua-resty-core's socket.lua lives on the
// reference installation: errors it raises carry that position.
const coreSocketLua = "/usr/share/lua/5.1/resty/core/socket.lua"

// raiseCore raises msg as resty.core's socket.lua does at line.
func raiseCore(L *lua.LState, line int, msg string) {
	L.Error(lua.LString(sprintf("%s:%d: %s", coreSocketLua, line, msg)), 0)
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

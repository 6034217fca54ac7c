package cosocket

import (
	"net"
	"os"
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// ngx.socket.udp (ngx_http_lua_socket_udp.c): a connected datagram socket
// to a host and port or a unix datagram socket.

// udpMaxDatagram is the most one receive returns.
const udpMaxDatagram = 65536

// udpSock is one UDP cosocket.
type udpSock struct {
	vm      *VM
	owner   *Owner
	conf    *Config
	conn    net.Conn
	raw     syscall.RawConn
	waiting bool
	errno   syscall.Errno
	timeout time.Duration
}

// end implements ender.
func (u *udpSock) end() { u.finalize() }

func (u *udpSock) finalize() {
	u.owner.untrack(u)
	if u.conn != nil {
		u.conn.Close()
		u.conn, u.raw = nil, nil
	}
	u.waiting = false
}

func udpOf(t *lua.LTable) *udpSock {
	ud, ok := t.RawGetInt(slotCtx).(*lua.LUserData)
	if !ok {
		return nil
	}
	u, _ := ud.Value.(*udpSock)
	return u
}

// newUDP is ngx.socket.udp().
func (vm *VM) newUDP(L *lua.LState) int {
	if n := L.GetTop(); n != 0 {
		raise(L, "expecting zero arguments, but got %d", n)
	}
	vm.host.Owner(L, true)
	t := L.CreateTable(3, 1)
	t.Metatable = vm.udpMT
	L.Push(t)
	return 1
}

// udpSetPeerName is sock:setpeername(host, port?) or ("unix:/path").
func (vm *VM) udpSetPeerName(L *lua.LState) int {
	n := L.GetTop()
	if n != 2 && n != 3 {
		raise(L, "ngx.socket.udp setpeername: expecting 2 or 3 arguments (including the object), but seen %d", n)
	}
	owner := vm.host.Owner(L, true)
	self := checkTable(L, 1)
	host := checkString(L, 2)
	port := 0
	if n == 3 {
		port = int(int32(checkInteger(L, 3)))
		if port < 0 || port > 65535 {
			return pushNilErr(L, sprintf("bad port number: %d", port))
		}
	}
	u := udpOf(self)
	if u != nil {
		if u.owner != nil && u.owner != owner {
			raise(L, "bad request")
		}
		if u.waiting {
			return pushNilErr(L, "socket busy")
		}
		if u.conn != nil {
			vm.debug(L, "lua udp socket reconnect without shutting down")
			u.finalize()
		}
		vm.debug(L, "lua reuse socket upstream ctx")
		*u = udpSock{}
	} else {
		u = &udpSock{}
		ud := L.NewUserData()
		ud.Value = u
		self.RawSetInt(slotCtx, ud)
	}
	u.vm, u.owner, u.conf = vm, owner, vm.host.Config(L)
	u.timeout = slotTimeout(self, slotUDPTimeout, u.conf.ReadTimeout)

	d, perr, ok := parseDest(host, port)
	if !ok {
		if perr != "" {
			return pushNilErr(L, sprintf("failed to parse host name \"%s\": %s", host, perr))
		}
		return pushNilErr(L, sprintf("failed to parse host name \"%s\"", host))
	}
	if d.unix == "" && d.ip == nil {
		tmp := &tcpSock{conf: u.conf}
		ip, msg := vm.resolveUDP(L, u, tmp, d.name)
		if ip == nil {
			return pushNilErr(L, msg)
		}
		d.ip, d.port = ip, port
	}
	if d.ip != nil && u.conf.loopbackOnly() && !staysLocal(d.ip) {
		return pushNilErr(L, offLoopback(d.ip))
	}
	c, err := udpConnect(d)
	if err != nil {
		if en, ok := errnoOf(err); ok {
			u.errno = en
			vm.host.Log(L, LogCrit, "connect() failed "+errnoLog(en))
			return pushNilErr(L, errnoLua(en))
		}
		return pushNilErr(L, "error")
	}
	u.conn = c
	u.raw = rawOf(c)
	vm.track(L, u)
	L.Push(lua.LNumber(1))
	return 1
}

// resolveUDP looks a peer name up, the socket flagged busy meanwhile.
func (vm *VM) resolveUDP(L *lua.LState, u *udpSock, tmp *tcpSock, name string) (net.IP, string) {
	u.waiting = true
	defer func() { u.waiting = false }()
	return vm.resolve(L, tmp, name)
}

// udpConnect makes the datagram socket: a unix one is bound to an
// automatic address first, so that the peer can answer.
func udpConnect(d dest) (net.Conn, error) {
	if d.unix == "" {
		return net.DialUDP("udp", nil, &net.UDPAddr{IP: d.ip, Port: d.port})
	}
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{}); err != nil {
		syscall.Close(fd)
		return nil, os.NewSyscallError("bind", err)
	}
	if err := syscall.Connect(fd, &syscall.SockaddrUnix{Name: d.unix}); err != nil {
		syscall.Close(fd)
		return nil, os.NewSyscallError("connect", err)
	}
	f := os.NewFile(uintptr(fd), "unixgram")
	defer f.Close()
	return net.FileConn(f)
}

// udpSend is sock:send(data).
func (vm *VM) udpSend(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raise(L, "expecting 2 arguments (including the object), but got %d", n)
	}
	owner := vm.host.Owner(L, false)
	self := checkTable(L, 1)
	u := udpOf(self)
	if u == nil || u.conn == nil {
		if vm.socketErrors(L) {
			vm.host.Log(L, LogErr, sprintf("attempt to send data on a closed socket: u:%s, c:%s", ptr(u), u.connPtr()))
		}
		return pushNilErr(L, "closed")
	}
	if u.owner != owner {
		raise(L, "bad request")
	}
	if u.waiting {
		return pushNilErr(L, "socket busy")
	}
	data := appendPayload(L, nil, 2)
	n, err := tryWrite(u.raw, data)
	if n > 0 {
		vm.debug(L, "send: fd:%d %d of %d", fdOf(u.conn), n, len(data))
	}
	if err != nil || n == 0 && len(data) > 0 {
		if en, ok := errnoOf(err); ok {
			u.errno = en
			vm.host.Log(L, connErrorLevel(en), "send() failed "+errnoLog(en))
			return pushNilErr(L, errnoLua(en))
		}
		if err == nil {
			return pushNilErr(L, errnoLua(syscall.EAGAIN))
		}
		return pushNilErr(L, "error")
	}
	if n != len(data) {
		return pushNilErr(L, "partial write")
	}
	L.Push(lua.LNumber(1))
	return 1
}

func (u *udpSock) connPtr() string {
	if u == nil || u.conn == nil {
		return ptr[byte](nil)
	}
	return ptr(&u.errno)
}

// udpReceive is sock:receive(size?).
func (vm *VM) udpReceive(L *lua.LState) int {
	n := L.GetTop()
	if n != 1 && n != 2 {
		raise(L, "expecting 1 or 2 arguments (including the object), but got %d", n)
	}
	owner := vm.host.Owner(L, false)
	self := checkTable(L, 1)
	u := udpOf(self)
	if u == nil || u.conn == nil {
		if vm.socketErrors(L) {
			vm.host.Log(L, LogErr, sprintf("attempt to receive data on a closed socket: u:%s, c:%s", ptr(u), u.connPtr()))
		}
		return pushNilErr(L, "closed")
	}
	if u.owner != owner {
		raise(L, "bad request")
	}
	if u.waiting {
		return pushNilErr(L, "socket busy")
	}
	vm.debug(L, "lua udp socket read timeout: %d", ms(u.timeout))
	size := udpMaxDatagram
	if n == 2 && L.Get(2) != lua.LNil {
		f, ok := toNumber(L.Get(2))
		if !ok {
			typeError(L, 2, "number")
		}
		if f >= 0 && f < udpMaxDatagram {
			size = int(f)
		}
	}
	vm.debug(L, "lua udp socket receive buffer size: %d", size)
	buf := make([]byte, size)
	got, err, again := tryRead(u.raw, buf)
	if again {
		u.waiting = true
		killed := true
		func() {
			defer func() {
				u.waiting = false
				if killed {
					u.finalize()
				}
			}()
			vm.host.Block(L, func(cancel <-chan struct{}) {
				c := u.conn
				c.SetReadDeadline(deadline(u.timeout))
				stop := onCancel(cancel, func() { c.SetReadDeadline(past) })
				got, err = c.Read(buf)
				stop()
				c.SetReadDeadline(time.Time{})
			})
			killed = false
		}()
	}
	if err != nil {
		if isTimeout(err) {
			if vm.socketErrors(L) {
				vm.host.Log(L, LogErr, "lua udp socket read timed out")
			}
			return pushNilErr(L, "timeout")
		}
		if en, ok := errnoOf(err); ok {
			u.errno = en
			vm.host.Log(L, connErrorLevel(en), "recv() failed "+errnoLog(en))
			return pushNilErr(L, errnoLua(en))
		}
		return pushNilErr(L, "error")
	}
	L.Push(lua.LString(buf[:got]))
	return 1
}

// udpSetTimeout is sock:settimeout(ms).
func (vm *VM) udpSetTimeout(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raise(L, "ngx.socket settimeout: expecting at least 2 arguments (including the object) but seen %d", n)
	}
	f, _ := toNumber(L.Get(2))
	t := toInteger(f)
	self, _ := L.Get(1).(*lua.LTable)
	if self == nil {
		typeError(L, 1, "table")
	}
	self.RawSetInt(slotUDPTimeout, L.Get(2))
	if u := udpOf(self); u != nil && u.conf != nil {
		if t > 0 {
			u.timeout = time.Duration(t) * time.Millisecond
		} else {
			u.timeout = u.conf.ReadTimeout
		}
	}
	return 0
}

// udpClose is sock:close().
func (vm *VM) udpClose(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		raise(L, "expecting 1 argument (including the object) but seen %d", n)
	}
	owner := vm.host.Owner(L, false)
	self := checkTable(L, 1)
	u := udpOf(self)
	if u == nil || u.conn == nil {
		return pushNilErr(L, "closed")
	}
	if u.owner != owner {
		raise(L, "bad request")
	}
	if u.waiting {
		return pushNilErr(L, "socket busy")
	}
	vm.debug(L, "lua finalize socket")
	u.finalize()
	L.Push(lua.LNumber(1))
	return 1
}

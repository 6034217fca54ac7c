package cosocket

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// tcpConnect is sock:connect(host, port?, opts?).
func (vm *VM) tcpConnect(L *lua.LState) int {
	n := L.GetTop()
	if n != 2 && n != 3 && n != 4 {
		raise(L, "ngx.socket connect: expecting 2, 3, or 4 arguments (including the object), but seen %d", n)
	}
	owner := vm.host.Owner(L, true)
	self := checkTable(L, 1)
	host := checkString(L, 2)
	conf := vm.host.Config(L)

	backlog, poolSize := -1, 0
	key, customPool := "", false
	if opts, ok := L.Get(n).(*lua.LTable); ok && n > 2 {
		switch v := opts.RawGetString("pool_size"); {
		case isNumber(v):
			f, _ := toNumber(v)
			poolSize = int(toInteger(f))
			if poolSize <= 0 {
				argError(L, n, sprintf("bad \"pool_size\" option value: %d", poolSize))
			}
		case v != lua.LNil:
			argError(L, n, "bad \"pool_size\" option type: "+v.Type().String())
		}
		if v := opts.RawGetString("backlog"); isNumber(v) {
			f, _ := toNumber(v)
			backlog = int(toInteger(f))
			if backlog < 0 {
				argError(L, n, sprintf("bad \"backlog\" option value: %d", backlog))
			}
			if poolSize == 0 {
				poolSize = conf.PoolSize
			}
		}
		switch v := opts.RawGetString("pool").(type) {
		case lua.LNumber:
			key, customPool = luaToString(v), true
		case lua.LString:
			key, customPool = string(v), true
		case *lua.LNilType:
		default:
			argError(L, n, "bad \"pool\" option type: "+v.Type().String())
		}
		if customPool {
			self.RawSetInt(slotKey, lua.LString(key))
		}
		n--
	}
	if n == 4 {
		n--
	}
	port := 0
	switch {
	case n == 3 && isNumber(L.Get(3)):
		f, _ := toNumber(L.Get(3))
		port = int(toInt32(f))
		if port < 0 || port > 65535 {
			return pushNilErr(L, sprintf("bad port number: %d", port))
		}
		if !customPool {
			key = host + ":" + luaToString(L.Get(3))
		}
	case isUnix(host):
		if !customPool {
			key = host
		}
	default:
		return pushNilErr(L, "missing the port number")
	}
	if !customPool {
		self.RawSetInt(slotKey, lua.LString(key))
	}

	s := tcpOf(self)
	if s != nil {
		if s.owner != nil && s.owner != owner {
			raise(L, "bad request")
		}
		if msg := s.busy(true, true, true); msg != "" {
			return pushNilErr(L, msg)
		}
		if s.kind != kindUpstream {
			raise(L, "attempt to re-connect a request socket")
		}
		if s.conn != nil {
			vm.debug(L, "lua tcp socket reconnect without shutting down")
			s.finalize()
		}
		vm.debug(L, "lua reuse socket upstream ctx")
		*s = tcpSock{}
	} else {
		s = &tcpSock{}
		ud := L.NewUserData()
		ud.Value = s
		self.RawSetInt(slotCtx, ud)
	}
	s.vm, s.owner, s.conf, s.kind = vm, owner, conf, kindUpstream
	s.connectTimeout = slotTimeout(self, slotConnectTimeout, conf.ConnectTimeout)
	s.sendTimeout = slotTimeout(self, slotSendTimeout, conf.SendTimeout)
	s.readTimeout = slotTimeout(self, slotReadTimeout, conf.ReadTimeout)
	var local net.IP
	if ud, ok := self.RawGetInt(slotBind).(*lua.LUserData); ok {
		local, _ = ud.Value.(net.IP)
	}

	if p := vm.pools.get(key); p != nil {
		s.pool = p
	} else if poolSize > 0 {
		s.pool = vm.createPool(L, key, poolSize, backlog)
	}
	return vm.connectHelper(L, s, host, port, local, false)
}

// createPool makes the pool of key, with ngx_lua's debug lines.
func (vm *VM) createPool(L *lua.LState, key string, size, backlog int) *pool {
	vm.debug(L, "lua tcp socket connection pool size: %d, backlog: %d", size, backlog)
	vm.debug(L, "lua tcp socket keepalive create connection pool for key \"%s\"", key)
	return vm.pools.create(key, size, backlog)
}

// slotTimeout returns the timeout a socket object's slot holds in
// milliseconds, or def when it holds none.
func slotTimeout(t *lua.LTable, slot int, def time.Duration) time.Duration {
	if f, ok := toNumber(t.RawGetInt(slot)); ok {
		if v := toInt32(f); v > 0 {
			return time.Duration(v) * time.Millisecond
		}
	}
	return def
}

// isNumber is lua_isnumber.
func isNumber(v lua.LValue) bool {
	_, ok := toNumber(v)
	return ok
}

// luaToString is lua_tostring of a string or number.
func luaToString(v lua.LValue) string {
	switch x := v.(type) {
	case lua.LNumber:
		return formatNumber(float64(x))
	case lua.LString:
		return string(x)
	}
	return ""
}

// busy returns ngx_lua's "socket busy ..." error for an operation that
// would overlap one in progress, or "".
func (s *tcpSock) busy(connecting, reading, writing bool) string {
	switch {
	case connecting && s.connWaiting:
		return "socket busy connecting"
	case reading && s.readWaiting:
		return "socket busy reading"
	case writing && s.writeWaiting:
		return "socket busy writing"
	}
	return ""
}

// connectHelper takes a pooled connection, queues on the pool's backlog,
// or makes a new connection (ngx_http_lua_socket_tcp_connect_helper).
func (vm *VM) connectHelper(L *lua.LState, s *tcpSock, host string, port int, local net.IP, resuming bool) int {
	p := s.pool
	if p != nil {
		vm.debug(L, "lua tcp socket pool get keepalive peer")
		if ic := vm.pools.take(p); ic != nil {
			vm.adopt(L, s, ic)
			L.Push(lua.LNumber(1))
			return 1
		}
		vm.debug(L, "lua tcp socket keepalive: connection pool empty")
		vm.pools.mu.Lock()
		p.conns++
		conns := p.conns
		vm.pools.mu.Unlock()
		if p.backlog >= 0 && !resuming {
			if conns > p.size+p.backlog {
				vm.pools.mu.Lock()
				p.conns--
				vm.pools.mu.Unlock()
				return pushNilErr(L, "too many waiting connect operations")
			}
			if conns > p.size {
				return vm.queueConnect(L, s, host, port, local, conns)
			}
		}
	}
	failed := func(nret int) int {
		if p != nil {
			vm.pools.unqueue(p, nil)
		}
		return nret
	}
	d, perr, ok := parseDest(host, port)
	if !ok {
		if perr != "" {
			return failed(pushNilErr(L, sprintf("failed to parse host name \"%s\": %s", host, perr)))
		}
		return failed(pushNilErr(L, sprintf("failed to parse host name \"%s\"", host)))
	}
	vm.debug(L, "lua tcp socket connect timeout: %d", ms(s.connectTimeout))
	if d.unix == "" && d.ip == nil {
		ip, msg := vm.resolve(L, s, d.name)
		if ip == nil {
			return failed(pushNilErr(L, msg))
		}
		d.ip = ip
		d.text = hostPort(ip, port)
		d.port = port
	} else {
		vm.debug(L, "lua tcp socket network address given directly")
	}
	if d.ip != nil && s.conf.loopbackOnly() && !d.ip.IsLoopback() {
		return failed(pushNilErr(L, offLoopback(d.ip)))
	}
	if msg := vm.dial(L, s, d, local); msg != "" {
		return failed(pushNilErr(L, msg))
	}
	L.Push(lua.LNumber(1))
	return 1
}

// adopt gives s a connection taken from its pool.
func (vm *VM) adopt(L *lua.LState, s *tcpSock, ic *idleConn) {
	s.conn, s.plain, s.raw, s.fd, s.peer, s.ssl = ic.conn, ic.plain, ic.raw, ic.fd, ic.peer, ic.ssl
	if s.ssl != nil {
		s.raw = nil
	}
	s.reused = ic.reused + 1
	vm.debug(L, "lua tcp socket get keepalive peer: using connection %s, fd:%d", ptr(ic), ic.fd)
	vm.track(L, s)
}

// queueConnect waits on the pool's backlog for a slot, then connects.
func (vm *VM) queueConnect(L *lua.LState, s *tcpSock, host string, port int, local net.IP, conns int) int {
	p := s.pool
	vm.debug(L, "lua tcp socket queue connect operation for connection pool \"%s\", connections: %d", p.key, conns)
	w := vm.pools.enqueue(p)
	vm.debug(L, "lua tcp socket queued connect operation for %d(ms), u: %s, ctx: %s", ms(s.connectTimeout), ptr(s), ptr(w))
	timedOut := false
	s.connWaiting = true
	killed := true
	defer func() {
		s.connWaiting = false
		if killed {
			vm.debugGlobal("lua tcp socket abort queueing, conn_op_ctx: %s, u: %s", ptr(w), ptr(s))
			vm.pools.unqueue(p, w)
		}
	}()
	vm.host.Block(L, func(cancel <-chan struct{}) {
		tm := time.NewTimer(s.connectTimeout)
		defer tm.Stop()
		select {
		case <-w.wake:
		case <-tm.C:
			timedOut = true
		case <-cancel:
		}
	})
	killed = false
	if timedOut {
		vm.pools.mu.Lock()
		stillQueued := false
		for i, x := range p.queue {
			if x == w {
				p.queue = append(p.queue[:i], p.queue[i+1:]...)
				stillQueued = true
				break
			}
		}
		if stillQueued {
			p.conns--
		}
		vm.pools.mu.Unlock()
		if stillQueued {
			if vm.socketErrors(L) {
				vm.host.Log(L, LogErr, sprintf("lua tcp socket queued connect timed out, when trying to connect to %s:%d", host, port))
			}
			return pushNilErr(L, "timeout")
		}
	}
	vm.pools.mu.Lock()
	p.conns--
	vm.pools.mu.Unlock()
	return vm.connectHelper(L, s, host, port, local, true)
}

// resolve looks a name up with the resolver in effect; it returns the
// chosen address, or nil and the error to return.
func (vm *VM) resolve(L *lua.LState, s *tcpSock, name string) (net.IP, string) {
	rc := s.conf.Resolver
	if rc == nil || len(rc.Addresses) == 0 {
		return nil, sprintf("no resolver defined to resolve \"%s\"", name)
	}
	var addrs []net.IP
	var err error
	loop := s.conf.loopbackOnly()
	s.connWaiting = true
	killed := true
	defer func() {
		s.connWaiting = false
		if killed {
			vm.debugGlobal("lua tcp socket abort resolver")
			if s.pool != nil {
				vm.pools.unqueue(s.pool, nil)
			}
		}
	}()
	vm.host.Block(L, func(cancel <-chan struct{}) {
		addrs, err = vm.dns.resolve(rc, name, loop, cancel)
	})
	killed = false
	var re *resolveError
	switch {
	case errors.As(err, &re):
		vm.debug(L, "lua tcp socket resolver error: %s (connect waiting: 1)", re.text())
		return nil, name + " could not be resolved " + re.Error()
	case err != nil:
		return nil, name + " could not be resolved"
	}
	ip := addrs[0]
	if len(addrs) > 1 {
		ip = addrs[rand.IntN(len(addrs))]
	}
	if loop && !ip.IsLoopback() {
		return nil, offLoopback(ip)
	}
	return ip, ""
}

// dial makes the connection. A unix socket connects at once, as in nginx;
// a TCP connection is waited for with the baton released. It returns the
// error to return, "" on success.
func (vm *VM) dial(L *lua.LState, s *tcpSock, d dest, local net.IP) string {
	var c net.Conn
	var err error
	if d.unix != "" {
		s.peer = d.text
		c, err = net.DialTimeout("unix", d.unix, s.connectTimeout)
		if err != nil {
			return vm.connectFailed(L, s, err, true)
		}
	} else {
		s.peer = d.text
		dl := net.Dialer{Timeout: s.connectTimeout, KeepAlive: -1}
		if local != nil {
			dl.LocalAddr = &net.TCPAddr{IP: local}
		}
		s.connWaiting = true
		killed := true
		defer func() {
			s.connWaiting = false
			if killed && s.pool != nil {
				vm.pools.unqueue(s.pool, nil)
			}
		}()
		vm.host.Block(L, func(cancel <-chan struct{}) {
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			halt := onCancel(cancel, stop)
			c, err = dl.DialContext(ctx, "tcp", net.JoinHostPort(d.ip.String(), strconv.Itoa(d.port)))
			if halt() && c != nil {
				c.Close()
			}
		})
		killed = false
		if err != nil {
			if isDialTimeout(err) {
				if vm.socketErrors(L) {
					vm.host.Log(L, LogErr, sprintf("lua tcp socket connect timed out, when connecting to %s:%d", d.ip.String(), d.port))
				}
				return "timeout"
			}
			return vm.connectFailed(L, s, err, false)
		}
	}
	s.conn, s.plain = c, c
	s.raw = rawOf(c)
	s.fd = fdOf(c)
	vm.track(L, s)
	vm.debug(L, "lua tcp socket connected: fd:%d", s.fd)
	return ""
}

// isDialTimeout reports a connect that ran out of time.
func isDialTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// connectFailed logs a failed connect as nginx does and returns its error
// string. A connect nginx sees fail at once (unix sockets, a failed bind)
// is logged by nginx's core whatever lua_socket_log_errors says; one that
// fails later is logged by ngx_lua only when it says so.
func (vm *VM) connectFailed(L *lua.LState, s *tcpSock, err error, sync bool) string {
	en, ok := errnoOf(err)
	if !ok {
		return "error"
	}
	var se *os.SyscallError
	if errors.As(err, &se) && se.Syscall == "bind" {
		vm.host.Log(L, LogCrit, sprintf("bind(%s) failed %s", localText(err), errnoLog(en)))
		return errnoLua(en)
	}
	if sync {
		level := LogCrit
		switch en {
		case 11, 111, 104, 100, 101, 112, 113: // EAGAIN ECONNREFUSED ECONNRESET ENETDOWN ENETUNREACH EHOSTDOWN EHOSTUNREACH
			level = LogErr
		}
		vm.host.Log(L, level, sprintf("connect() to %s failed %s", s.peer, errnoLog(en)))
	} else if vm.socketErrors(L) {
		vm.host.Log(L, connErrorLevel(en), "connect() failed "+errnoLog(en))
	}
	return errnoLua(en)
}

// localText names the local address of a failed bind.
func localText(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Source != nil {
		if ta, ok := oe.Source.(*net.TCPAddr); ok {
			return ta.IP.String()
		}
		return oe.Source.String()
	}
	return "?"
}

// track registers s with its owner, with ngx_lua's debug line when a freed
// cleanup is reused.
func (vm *VM) track(L *lua.LState, s ender) {
	if o := ownerOf(s); o != nil && o.track(s) {
		vm.debug(L, "lua http cleanup reuse: %s", ptr(o))
	}
}

func ownerOf(s ender) *Owner {
	switch x := s.(type) {
	case *tcpSock:
		return x.owner
	case *udpSock:
		return x.owner
	}
	return nil
}

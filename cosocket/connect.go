package cosocket

import (
	"net"
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
	if d.ip != nil && s.conf.loopbackOnly() && !staysLocal(d.ip) {
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

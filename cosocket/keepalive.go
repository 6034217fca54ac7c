package cosocket

import (
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Putting a connection back into its pool (setkeepalive) and how often a
// pooled connection was reused (getreusedtimes).

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
	if vm.host.Exiting() {
		// nginx keeps nothing when it exits
		vm.debug(L, "lua tcp socket set keepalive while process exiting, closing connection %s", ptr(s))
		s.finalize()
		L.Push(lua.LNumber(1))
		return 1
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

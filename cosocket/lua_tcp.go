package cosocket

import (
	"time"

	lua "github.com/yuin/gopher-lua"
)

// tcpBind is sock:bind(address): the local address of the next connect.
func (vm *VM) tcpBind(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raise(L, "expecting 2 arguments, but got %d", n)
	}
	// bind's phases are the yieldable ones
	vm.host.Owner(L, true)
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

// coreSocketLua is where lua-resty-core's socket.lua lives on the
// reference installation: errors it raises carry that position.
const coreSocketLua = "/usr/share/lua/5.1/resty/core/socket.lua"

// raiseCore raises msg as resty.core's socket.lua does at line.
func raiseCore(L *lua.LState, line int, msg string) {
	L.Error(lua.LString(sprintf("%s:%d: %s", coreSocketLua, line, msg)), 0)
}

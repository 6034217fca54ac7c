package cosocket

import (
	lua "github.com/yuin/gopher-lua"
)

// The receive methods: receive, receiveany and receiveuntil (whose iterator
// reads up to a pattern), on TCP cosockets and request sockets.

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

package cosocket

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// VM is the cosocket state of one worker VM: the socket metatables, the
// keepalive pools and the resolver's cache.
type VM struct {
	host  Host
	pools *pools
	dns   dnsCache

	tcpMT, udpMT, reqMT, rawMT *lua.LTable
	// freeSession is the finalizer of the sessions sslhandshake returns.
	freeSession *lua.LFunction
}

// tcpMetatableKey is where ngx_lua publishes the TCP socket metatable in
// the registry, for lua-resty-core and libraries that add methods.
const tcpMetatableKey = "__tcp_cosocket_mt"

// connectSource is ngx.socket.connect: create a socket and connect it.
const connectSource = `local sock = ngx.socket.tcp()
local ok, err = sock:connect(...)
if not ok then
    return nil, err
end
return sock`

// Install creates the cosocket API of one worker VM and returns its state
// and the ngx.socket table (tcp, stream, connect, udp). ngx.socket.connect
// calls ngx.socket.tcp through the global ngx table, as ngx_lua's does.
func Install(L *lua.LState, h Host) (*VM, *lua.LTable) {
	vm := &VM{host: h}
	vm.pools = newPools(vm)
	vm.freeSession = L.NewFunction(vm.sessionFinalizer)
	vm.tcpMT = vm.methods(L, map[string]lua.LGFunction{
		"bind":           vm.tcpBind,
		"connect":        vm.tcpConnect,
		"receive":        vm.tcpReceive,
		"receiveany":     vm.tcpReceiveAny,
		"receiveuntil":   vm.tcpReceiveUntil,
		"send":           vm.tcpSend,
		"close":          vm.tcpClose,
		"settimeout":     vm.tcpSetTimeout,
		"settimeouts":    vm.tcpSetTimeouts,
		"getreusedtimes": vm.tcpGetReusedTimes,
		"setkeepalive":   vm.tcpSetKeepalive,
		"setoption":      vm.tcpSetOption,
		"getoption":      vm.tcpGetOption,
		"sslhandshake":   vm.tcpSSLHandshake,
		"tlshandshake":   vm.tcpTLSHandshake,
		"setclientcert":  vm.tcpSetClientCert,
	})
	L.G.Registry.RawSetString(tcpMetatableKey, vm.tcpMT)
	vm.reqMT = vm.methods(L, map[string]lua.LGFunction{
		"receive":      vm.tcpReceive,
		"receiveany":   vm.tcpReceiveAny,
		"receiveuntil": vm.tcpReceiveUntil,
		"settimeout":   vm.tcpSetTimeout,
		"settimeouts":  vm.tcpSetTimeouts,
	})
	vm.rawMT = vm.methods(L, map[string]lua.LGFunction{
		"receive":      vm.tcpReceive,
		"receiveany":   vm.tcpReceiveAny,
		"receiveuntil": vm.tcpReceiveUntil,
		"send":         vm.tcpSend,
		"settimeout":   vm.tcpSetTimeout,
		"settimeouts":  vm.tcpSetTimeouts,
	})
	vm.udpMT = vm.methods(L, map[string]lua.LGFunction{
		"setpeername": vm.udpSetPeerName,
		"send":        vm.udpSend,
		"receive":     vm.udpReceive,
		"settimeout":  vm.udpSetTimeout,
		"close":       vm.udpClose,
	})

	sock := L.NewTable()
	tcp := L.NewFunction(vm.newTCP)
	sock.RawSetString("tcp", tcp)
	sock.RawSetString("stream", tcp)
	sock.RawSetString("udp", L.NewFunction(vm.newUDP))
	if fn, err := lua51compat.Load(L, []byte(connectSource), "=ngx.socket.connect"); err == nil {
		sock.RawSetString("connect", fn)
	}
	return vm, sock
}

// methods makes a metatable whose __index is itself.
func (vm *VM) methods(L *lua.LState, fns map[string]lua.LGFunction) *lua.LTable {
	mt := L.NewTable()
	for name, fn := range fns {
		mt.RawSetString(name, L.NewFunction(fn))
	}
	mt.RawSetString("__index", mt)
	return mt
}

// Close closes the idle connections of the VM's pools (the worker exits).
func (vm *VM) Close() { vm.pools.closeAll() }

// debug writes a debug line for L's request when debug logging is on.
func (vm *VM) debug(L *lua.LState, format string, args ...any) {
	if vm.host.DebugEnabled() {
		vm.host.Log(L, LogDebug, sprintf(format, args...))
	}
}

// debugGlobal writes a debug line without request context.
func (vm *VM) debugGlobal(format string, args ...any) {
	if vm.host.DebugEnabled() {
		vm.host.LogGlobal(LogDebug, sprintf(format, args...))
	}
}

// socketErrors reports whether lua_socket_log_errors is on where L runs.
func (vm *VM) socketErrors(L *lua.LState) bool { return vm.host.Config(L).LogErrors }

// newTCP is ngx.socket.tcp() (and ngx.socket.stream()).
func (vm *VM) newTCP(L *lua.LState) int {
	if n := L.GetTop(); n != 0 {
		raise(L, "expecting zero arguments, but got %d", n)
	}
	vm.host.Owner(L, true)
	t := L.CreateTable(7, 1)
	t.Metatable = vm.tcpMT
	L.Push(t)
	return 1
}

// Slots of a socket object, as ngx_lua lays it out.
const (
	slotCtx            = 1
	slotConnectTimeout = 2
	slotKey            = 3
	slotSendTimeout    = 4
	slotReadTimeout    = 5
	slotBind           = 8
	slotUDPTimeout     = 2
)

// tcpOf returns the TCP socket state of a socket object, nil when it has
// none (never connected) or holds something else.
func tcpOf(t *lua.LTable) *tcpSock {
	ud, ok := t.RawGetInt(slotCtx).(*lua.LUserData)
	if !ok {
		return nil
	}
	s, _ := ud.Value.(*tcpSock)
	return s
}

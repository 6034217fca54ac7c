package cosocket

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// Making a connection: resolving the name and dialing, with nginx's
// error_log lines for what fails.

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
	if loop && !staysLocal(ip) {
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
		case syscall.EAGAIN, syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ENETDOWN,
			syscall.ENETUNREACH, syscall.EHOSTDOWN, syscall.EHOSTUNREACH:
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

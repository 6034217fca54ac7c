package http1

import (
	"net"
	"strconv"
)

// connAddrs caches the connection's address variables, computed on first
// use.
type connAddrs struct {
	done                   bool
	remoteAddr, remotePort string
	serverAddr, serverPort string
}

func (c *Conn) addrs() *connAddrs {
	a := &c.addr
	if !a.done {
		a.done = true
		a.remoteAddr, a.remotePort = addrStrings(c.rwc.RemoteAddr())
		a.serverAddr, a.serverPort = addrStrings(c.rwc.LocalAddr())
	}
	return a
}

// addrStrings renders an address as nginx's $remote_addr/$remote_port do:
// a unix socket is "unix:" and its path (empty for an unnamed peer), with
// no port.
func addrStrings(a net.Addr) (string, string) {
	switch a := a.(type) {
	case *net.TCPAddr:
		return a.IP.String(), strconv.Itoa(a.Port)
	case *net.UnixAddr:
		if a.Name == "" || a.Name == "@" {
			return "unix:", ""
		}
		return "unix:" + a.Name, ""
	case nil:
		return "", ""
	}
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String(), ""
	}
	return host, port
}

// RemoteAddr returns $remote_addr ("unix:" for a unix socket peer).
func (c *Conn) RemoteAddr() string { return c.addrs().remoteAddr }

// RemotePort returns $remote_port ("" for a unix socket).
func (c *Conn) RemotePort() string { return c.addrs().remotePort }

// ServerAddr returns $server_addr ("unix:" and the path for a unix socket).
func (c *Conn) ServerAddr() string { return c.addrs().serverAddr }

// ServerPort returns $server_port ("" for a unix socket).
func (c *Conn) ServerPort() string { return c.addrs().serverPort }

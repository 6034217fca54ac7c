package cosocket

import (
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// The resolver: names a cosocket connects to are looked up with nginx's
// resolver directive, over UDP, never through the system's resolver
// (nginx does not read /etc/hosts either). Failures read as nginx's:
// "name could not be resolved (3: Host not found)".

// resolveError is a failed lookup with nginx's resolver state.
type resolveError struct {
	code int
}

// nginx's resolver states (ngx_resolver_strerror).
const (
	rcodeFormErr  = 1
	rcodeServFail = 2
	rcodeNXDomain = 3
	rcodeNotImp   = 4
	rcodeRefused  = 5
	rcodeTimedOut = 110
)

func (e *resolveError) text() string {
	switch e.code {
	case rcodeFormErr:
		return "Format error"
	case rcodeServFail:
		return "Server failure"
	case rcodeNXDomain:
		return "Host not found"
	case rcodeNotImp:
		return "Unimplemented"
	case rcodeRefused:
		return "Operation refused"
	case rcodeTimedOut:
		return "Operation timed out"
	}
	return "Unknown error"
}

// Error renders the state as nginx does: "(3: Host not found)".
func (e *resolveError) Error() string { return sprintf("(%d: %s)", e.code, e.text()) }

// errResolveCanceled is a lookup stopped because its thread is killed.
var errResolveCanceled = errors.New("resolve canceled")

// resendTimeout is how long nginx's resolver waits before asking again.
const resendTimeout = 5 * time.Second

// dnsCache keeps answers for their TTL (or the resolver's valid=).
type dnsCache struct {
	mu sync.Mutex
	m  map[string]dnsEntry
}

type dnsEntry struct {
	addrs   []net.IP
	code    int
	expires time.Time
}

var queryID atomic.Uint32

func init() { queryID.Store(rand.Uint32()) }

// resolve looks name up with cfg's resolver. It returns the addresses in
// the answer order, or a *resolveError.
func (c *dnsCache) resolve(cfg *ResolverConfig, name string, loopback bool, cancel <-chan struct{}) ([]net.IP, error) {
	key := strings.ToLower(name)
	now := time.Now()
	c.mu.Lock()
	if e, ok := c.m[key]; ok && now.Before(e.expires) {
		c.mu.Unlock()
		if e.code != 0 {
			return nil, &resolveError{code: e.code}
		}
		return e.addrs, nil
	}
	c.mu.Unlock()
	addrs, ttl, err := lookup(cfg, name, loopback, cancel)
	if errors.Is(err, errResolveCanceled) {
		return nil, err
	}
	entry := dnsEntry{addrs: addrs}
	var re *resolveError
	switch {
	case errors.As(err, &re):
		entry.code = re.code
		ttl = 30 * time.Second
		if re.code == rcodeTimedOut {
			return nil, err
		}
	case err != nil:
		return nil, err
	}
	if cfg.Valid > 0 {
		ttl = cfg.Valid
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[string]dnsEntry)
	}
	c.m[key] = dnsEntry{addrs: entry.addrs, code: entry.code, expires: time.Now().Add(ttl)}
	c.mu.Unlock()
	return addrs, err
}

// nameServers returns the resolver's addresses as host:port.
func nameServers(cfg *ResolverConfig) []string {
	out := make([]string, 0, len(cfg.Addresses))
	for _, a := range cfg.Addresses {
		host, port := a, "53"
		if strings.HasPrefix(a, "[") {
			if i := strings.Index(a, "]"); i > 0 {
				host = a[1:i]
				if rest := a[i+1:]; strings.HasPrefix(rest, ":") {
					port = rest[1:]
				}
			}
		} else if i := strings.LastIndexByte(a, ':'); i >= 0 {
			host, port = a[:i], a[i+1:]
		}
		out = append(out, net.JoinHostPort(host, port))
	}
	return out
}

// lookup asks the name servers for name's A (and AAAA) records until one
// answers or the resolver timeout passes.
func lookup(cfg *ResolverConfig, name string, loopback bool, cancel <-chan struct{}) ([]net.IP, time.Duration, error) {
	servers := nameServers(cfg)
	if loopback {
		kept := servers[:0]
		for _, s := range servers {
			host, _, _ := net.SplitHostPort(s)
			if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
				kept = append(kept, s)
			}
		}
		servers = kept
	}
	if len(servers) == 0 {
		return nil, 0, &resolveError{code: rcodeTimedOut}
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	until := time.Now().Add(timeout)
	var types []dnsmessage.Type
	if cfg.IPv4 || !cfg.IPv6 {
		types = append(types, dnsmessage.TypeA)
	}
	if cfg.IPv6 {
		types = append(types, dnsmessage.TypeAAAA)
	}
	fqdn := name
	if !strings.HasSuffix(fqdn, ".") {
		fqdn += "."
	}
	qname, err := dnsmessage.NewName(fqdn)
	if err != nil {
		return nil, 0, &resolveError{code: rcodeFormErr}
	}
	var addrs []net.IP
	var minTTL uint32 = 1<<32 - 1
	code := -1
	for _, t := range types {
		ips, ttl, rc, err := exchange(servers, qname, t, until, cancel)
		if err != nil {
			return nil, 0, err
		}
		if rc != 0 {
			if code <= 0 {
				code = rc
			}
			continue
		}
		if len(ips) > 0 {
			code = 0
			addrs = append(addrs, ips...)
			minTTL = min(minTTL, ttl)
		}
	}
	if len(addrs) == 0 {
		if code <= 0 {
			code = rcodeNXDomain
		}
		return nil, 0, &resolveError{code: code}
	}
	return addrs, time.Duration(minTTL) * time.Second, nil
}

// exchange sends one query to the servers in turn, resending every
// resendTimeout, and returns the addresses of the answer, their smallest
// TTL and the response code.
func exchange(servers []string, name dnsmessage.Name, t dnsmessage.Type, until time.Time, cancel <-chan struct{}) ([]net.IP, uint32, int, error) {
	id := uint16(queryID.Add(1))
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: id, RecursionDesired: true})
	b.StartQuestions()
	b.Question(dnsmessage.Question{Name: name, Type: t, Class: dnsmessage.ClassINET})
	msg, err := b.Finish()
	if err != nil {
		return nil, 0, 0, &resolveError{code: rcodeFormErr}
	}
	for try := 0; ; try++ {
		if !time.Now().Before(until) {
			return nil, 0, 0, &resolveError{code: rcodeTimedOut}
		}
		server := servers[try%len(servers)]
		conn, err := net.Dial("udp", server)
		if err != nil {
			return nil, 0, 0, &resolveError{code: rcodeTimedOut}
		}
		stop := onCancel(cancel, func() { conn.SetDeadline(past) })
		dl := time.Now().Add(resendTimeout)
		if until.Before(dl) {
			dl = until
		}
		ips, ttl, rc, err := query(conn, msg, id, dl)
		canceled := stop()
		conn.Close()
		if canceled {
			return nil, 0, 0, errResolveCanceled
		}
		if err == nil {
			return ips, ttl, rc, nil
		}
	}
}

// query sends msg on conn and reads until the answer to id arrives or the
// deadline passes.
func query(conn net.Conn, msg []byte, id uint16, dl time.Time) ([]net.IP, uint32, int, error) {
	conn.SetDeadline(dl)
	if _, err := conn.Write(msg); err != nil {
		return nil, 0, 0, err
	}
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return nil, 0, 0, err
		}
		var p dnsmessage.Parser
		h, err := p.Start(buf[:n])
		if err != nil || h.ID != id || !h.Response {
			continue
		}
		if h.RCode != dnsmessage.RCodeSuccess {
			return nil, 0, int(h.RCode), nil
		}
		if err := p.SkipAllQuestions(); err != nil {
			return nil, 0, rcodeFormErr, nil
		}
		var ips []net.IP
		var ttl uint32 = 1<<32 - 1
		for {
			rh, err := p.AnswerHeader()
			if err != nil {
				break
			}
			switch rh.Type {
			case dnsmessage.TypeA:
				r, err := p.AResource()
				if err != nil {
					return nil, 0, rcodeFormErr, nil
				}
				ips = append(ips, net.IP(r.A[:]))
				ttl = min(ttl, rh.TTL)
			case dnsmessage.TypeAAAA:
				r, err := p.AAAAResource()
				if err != nil {
					return nil, 0, rcodeFormErr, nil
				}
				ips = append(ips, net.IP(r.AAAA[:]))
				ttl = min(ttl, rh.TTL)
			default:
				if err := p.SkipAnswer(); err != nil {
					return nil, 0, rcodeFormErr, nil
				}
			}
		}
		return ips, ttl, 0, nil
	}
}

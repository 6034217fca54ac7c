package conformance

import (
	"encoding/binary"
	"net"
	"strings"
)

// DNSStub answers the runner's TEST_NGINX_RESOLVER queries on loopback:
// the local names with loopback addresses, anything else with NXDOMAIN, so
// no block's name resolution leaves the machine.
type DNSStub struct {
	Addr string // host part given to the blocks ("127.0.0.1")
	Port int
	pc   net.PacketConn
	tcp  net.Listener
}

// StartDNSStub listens on 127.0.0.1:53 when possible (blocks pass the
// resolver to code that assumes port 53), else on a free port.
func StartDNSStub() (*DNSStub, error) {
	s := &DNSStub{Addr: "127.0.0.1"}
	pc, err := net.ListenPacket("udp", "127.0.0.1:53")
	if err != nil {
		pc, err = net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
	}
	s.pc = pc
	s.Port = pc.LocalAddr().(*net.UDPAddr).Port
	if ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", itoa(s.Port))); err == nil {
		s.tcp = ln
		go s.serveTCP()
	}
	go s.serveUDP()
	return s, nil
}

// Resolver is the value of TEST_NGINX_RESOLVER.
func (s *DNSStub) Resolver() string {
	if s.Port == 53 {
		return s.Addr
	}
	return net.JoinHostPort(s.Addr, itoa(s.Port))
}

// Close stops the stub.
func (s *DNSStub) Close() {
	s.pc.Close()
	if s.tcp != nil {
		s.tcp.Close()
	}
}

func (s *DNSStub) serveUDP() {
	buf := make([]byte, 1500)
	for {
		n, addr, err := s.pc.ReadFrom(buf)
		if err != nil {
			return
		}
		if reply := dnsAnswer(buf[:n]); reply != nil {
			_, _ = s.pc.WriteTo(reply, addr)
		}
	}
}

func (s *DNSStub) serveTCP() {
	for {
		c, err := s.tcp.Accept()
		if err != nil {
			return
		}
		go func(c net.Conn) {
			defer c.Close()
			var l [2]byte
			if _, err := readFull(c, l[:]); err != nil {
				return
			}
			q := make([]byte, binary.BigEndian.Uint16(l[:]))
			if _, err := readFull(c, q); err != nil {
				return
			}
			if r := dnsAnswer(q); r != nil {
				binary.BigEndian.PutUint16(l[:], uint16(len(r)))
				_, _ = c.Write(append(l[:], r...))
			}
		}(c)
	}
}

func readFull(c net.Conn, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := c.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// dnsAnswer builds the reply to one query message.
func dnsAnswer(q []byte) []byte {
	if len(q) < 12 {
		return nil
	}
	qd := binary.BigEndian.Uint16(q[4:6])
	if qd != 1 {
		return nil
	}
	// the question
	i := 12
	var labels []string
	for i < len(q) {
		l := int(q[i])
		if l == 0 {
			i++
			break
		}
		if l&0xc0 != 0 || i+1+l > len(q) {
			return nil
		}
		labels = append(labels, string(q[i+1:i+1+l]))
		i += 1 + l
	}
	if i+4 > len(q) {
		return nil
	}
	qtype := binary.BigEndian.Uint16(q[i : i+2])
	question := q[12 : i+4]
	name := strings.ToLower(strings.Join(labels, "."))

	var answer []byte
	rcode := byte(3) // NXDOMAIN
	if localNames[name] || strings.HasSuffix(name, ".localhost") {
		rcode = 0
		switch qtype {
		case 1: // A
			answer = rr(qtype, []byte{127, 0, 0, 1})
		case 28: // AAAA
			answer = rr(qtype, net.IPv6loopback)
		}
	}
	h := make([]byte, 12)
	copy(h[0:2], q[0:2])
	h[2] = 0x80 | (q[2] & 0x01) // QR, keep RD
	h[3] = 0x80 | rcode         // RA
	binary.BigEndian.PutUint16(h[4:6], 1)
	if answer != nil {
		binary.BigEndian.PutUint16(h[6:8], 1)
	}
	out := append(h, question...)
	return append(out, answer...)
}

// rr is one answer record pointing back at the question's name.
func rr(qtype uint16, data []byte) []byte {
	b := []byte{0xc0, 0x0c, 0, 0, 0, 1, 0, 0, 0, 60, 0, 0}
	binary.BigEndian.PutUint16(b[2:4], qtype)
	binary.BigEndian.PutUint16(b[10:12], uint16(len(data)))
	return append(b, data...)
}

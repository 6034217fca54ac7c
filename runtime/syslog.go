package runtime

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// error_log syslog:server=... targets, as nginx's ngx_syslog writer sends
// them: one UDP datagram per line (or a datagram socket for unix:),
//
//	<187>Nov 27 02:39:06 host nginx: 2026/11/27 02:39:06 [error] 1#1: *1 msg
//
// where 187 is facility*8 + severity, the severity follows the line's level
// (emerg is 0), and the rest is the error_log line itself without its
// newline.

// syslogFacilities are nginx's facility names, in syslog's numbering.
var syslogFacilities = []string{"kern", "user", "mail", "daemon", "auth", "intern", "lpr", "news", "uucp",
	"clock", "authpriv", "ftp", "ntp", "audit", "alert", "cron",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"}

// syslogPeer is one syslog destination.
type syslogPeer struct {
	conn       net.Conn
	facility   int
	tag        string
	hostname   string
	nohostname bool
}

// newSyslogPeer parses "syslog:server=ADDR[:PORT][,facility=F][,tag=T]
// [,severity=S][,nohostname]" and opens the datagram socket. The arguments
// were checked when the configuration was read; what is not understood here
// is ignored.
func newSyslogPeer(target string) (*syslogPeer, error) {
	p := &syslogPeer{facility: 23, tag: "nginx"}
	server := ""
	for _, arg := range strings.Split(strings.TrimPrefix(target, "syslog:"), ",") {
		name, value, _ := strings.Cut(arg, "=")
		switch name {
		case "server":
			server = value
		case "facility":
			for i, f := range syslogFacilities {
				if f == value {
					p.facility = i
				}
			}
		case "tag":
			p.tag = value
		case "nohostname":
			p.nohostname = true
		}
	}
	if server == "" {
		return nil, fmt.Errorf("no server specified")
	}
	var err error
	if path, ok := strings.CutPrefix(server, "unix:"); ok {
		p.conn, err = net.Dial("unixgram", path)
	} else {
		if _, _, splitErr := net.SplitHostPort(server); splitErr != nil {
			server = net.JoinHostPort(strings.Trim(server, "[]"), "514")
		}
		p.conn, err = net.Dial("udp", server)
	}
	if err != nil {
		return nil, err
	}
	if h, err := os.Hostname(); err == nil {
		p.hostname = strings.ToLower(h)
	}
	return p, nil
}

// send writes line (an error_log line with its newline) at level.
func (p *syslogPeer) send(level int, line []byte) {
	sev := level - 1
	if sev < 0 {
		sev = 0
	}
	buf := make([]byte, 0, 64+len(p.hostname)+len(p.tag)+len(line))
	buf = append(buf, '<')
	buf = strconv.AppendInt(buf, int64(p.facility*8+sev), 10)
	buf = append(buf, '>')
	buf = time.Now().AppendFormat(buf, "Jan _2 15:04:05")
	buf = append(buf, ' ')
	if !p.nohostname {
		buf = append(buf, p.hostname...)
		buf = append(buf, ' ')
	}
	buf = append(buf, p.tag...)
	buf = append(buf, ": "...)
	buf = append(buf, strings.TrimSuffix(string(line), "\n")...)
	// A lost datagram is lost, as in nginx (which logs the failure to the
	// other targets only).
	_, _ = p.conn.Write(buf)
}

// AddSyslog adds a syslog target that receives lines up to level.
func (l *ErrorLog) AddSyslog(target string, level int) error {
	p, err := newSyslogPeer(target)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.targets = append(l.targets, logTarget{sys: p, level: level, close: p.conn.Close})
	if level > l.max {
		l.max = level
	}
	l.mu.Unlock()
	return nil
}

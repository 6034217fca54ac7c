package runtime

import (
	"net"
	"regexp"
	"testing"
	"time"

	"gresty/ngxshim"
)

// A syslog error_log target gets each line as one datagram with nginx's
// header: priority (facility*8 + severity of the line's level), syslog
// time, host name and tag.
func TestSyslogTarget(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	log := NewErrorLog()
	defer log.Close()
	if err := log.AddSyslog("syslog:server="+pc.LocalAddr().String()+",tag=gr_1,facility=user", ngxshim.LogWarn); err != nil {
		t.Fatal(err)
	}
	log.Write(ngxshim.LogErr, "Bad bad bad", LogContext{Conn: 3, Suffix: ", client: 127.0.0.1"})
	log.Write(ngxshim.LogInfo, "not sent", LogContext{})
	log.Write(ngxshim.LogWarn, "warned", LogContext{})
	want := []*regexp.Regexp{
		regexp.MustCompile(`^<11>[A-Z][a-z]{2} [ 1-3][0-9] \d\d:\d\d:\d\d \S+ gr_1: \d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[error\] \d+#\d+: \*3 Bad bad bad, client: 127\.0\.0\.1$`),
		regexp.MustCompile(`^<12>.* gr_1: .* \[warn\] \d+#\d+: warned$`),
	}
	buf := make([]byte, 4096)
	for _, re := range want {
		pc.SetReadDeadline(time.Now().Add(2 * time.Second))
		n, _, err := pc.ReadFrom(buf)
		if err != nil {
			t.Fatal(err)
		}
		if !re.Match(buf[:n]) {
			t.Errorf("datagram %q does not match %s", buf[:n], re)
		}
	}
}

// Without a host name and with the defaults: local7, tag "nginx".
func TestSyslogDefaults(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	log := NewErrorLog()
	defer log.Close()
	if err := log.AddSyslog("syslog:server="+pc.LocalAddr().String()+",nohostname", ngxshim.LogErr); err != nil {
		t.Fatal(err)
	}
	log.Write(ngxshim.LogCrit, "x", LogContext{})
	buf := make([]byte, 4096)
	pc.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, _, err := pc.ReadFrom(buf)
	if err != nil {
		t.Fatal(err)
	}
	if re := regexp.MustCompile(`^<186>[A-Z][a-z]{2} [ 1-3][0-9] \d\d:\d\d:\d\d nginx: .* \[crit\] .*: x$`); !re.Match(buf[:n]) {
		t.Errorf("datagram %q does not match %s", buf[:n], re)
	}
}

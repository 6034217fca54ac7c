package runtime

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// OpenResty's nginx leaves on HUP in single process mode (master_process
// off), gracefully, instead of reloading.
func TestHUPExitsInSingleProcessMode(t *testing.T) {
	prefix := t.TempDir() + "/"
	for _, d := range []string{"conf", "logs"} {
		os.MkdirAll(filepath.Join(prefix, d), 0o755)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	conf := "master_process off;\nerror_log logs/error.log notice;\nevents {}\nhttp { server { listen " + addr + "; location / { return 200; } } }\n"
	if err := os.WriteFile(filepath.Join(prefix, "conf/nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := NewProcess(Options{Prefix: prefix, ConfFile: "conf/nginx.conf"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Run() }()
	// a served request means Run has taken over the signals
	for i := 0; ; i++ {
		if st, _ := tryGet("http://"+addr, "/"); st == 200 {
			break
		}
		if i == 100 {
			t.Fatal("server did not listen")
		}
		time.Sleep(10 * time.Millisecond)
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		p.Stop(false)
		t.Fatal("HUP did not end the process")
	}
	b, _ := os.ReadFile(filepath.Join(prefix, "logs/error.log"))
	log := string(b)
	if !strings.Contains(log, "signal 1 (SIGHUP) received, exiting") || strings.Contains(log, "reconfiguring") {
		t.Fatalf("log:\n%s", log)
	}
}

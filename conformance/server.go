package conformance

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Server is one started server process (nginx or gresty) of a block run.
type Server struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	errLog string
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

// StartServer runs "BIN -p PREFIX/ -c CONF" in dir with env, in its own
// process group. The server's standard error is appended to errLog: what
// a server logs before it opens its error log (Debian's nginx logs to
// stderr until then) lands in the log the blocks check, next to the rest.
func StartServer(bin, prefix, conf, dir, errLog string, env []string) (*Server, error) {
	cmd := exec.Command(bin, "-p", strings.TrimSuffix(prefix, "/")+"/", "-c", conf)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s := &Server{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stdout = nil
	if err := os.MkdirAll(filepath.Dir(errLog), 0o755); err != nil {
		return nil, fmt.Errorf("create log folder: %w", err)
	}
	logf, err := os.OpenFile(errLog, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open error log: %w", err)
	}
	defer logf.Close()
	cmd.Stderr = logf
	s.errLog = errLog
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		err := cmd.Wait()
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
		close(s.done)
	}()
	return s, nil
}

// Stderr returns the end of the server's error log (where its standard
// error goes).
func (s *Server) Stderr() string {
	data, _ := os.ReadFile(s.errLog)
	if len(data) > 4096 {
		data = data[len(data)-4096:]
	}
	return string(data)
}

// Exited reports whether the process ended, and its exit status.
func (s *Server) Exited() (bool, int) {
	select {
	case <-s.done:
		s.mu.Lock()
		defer s.mu.Unlock()
		return true, exitCode(s.err)
	default:
		return false, 0
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return -1
}

// WaitReady waits until something listens on port or the process exits.
func (s *Server) WaitReady(port int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	step := 2 * time.Millisecond
	for {
		if exited, code := s.Exited(); exited {
			return fmt.Errorf("server exited with status %d before listening: %s", code, lastLines(s.Stderr(), 4))
		}
		if listening(port) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("server not listening on port %d after %v", port, limit)
		}
		time.Sleep(step)
		if step < 50*time.Millisecond {
			step *= 2
		}
	}
}

// WaitExit waits for the process to end on its own.
func (s *Server) WaitExit(limit time.Duration) (bool, int) {
	select {
	case <-s.done:
		return s.Exited()
	case <-time.After(limit):
		return false, 0
	}
}

// Stop asks the server to quit gracefully (SIGQUIT), then kills its process
// group after grace.
func (s *Server) Stop(grace time.Duration) {
	if exited, _ := s.Exited(); exited {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-s.done:
	case <-time.After(grace):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
	// workers of a master process that outlived it
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
}

// listening tells whether a TCP socket is in LISTEN state on port, from
// /proc/net/tcp{,6}; probing by connecting would show up in the error log.
func listening(port int) bool {
	want := fmt.Sprintf(":%04X", port)
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 4 || fields[3] != "0A" {
				continue
			}
			if strings.HasSuffix(fields[1], want) {
				fh.Close()
				return true
			}
		}
		fh.Close()
	}
	return false
}

// LogReader reads an error log incrementally, as Test::Nginx's
// error_log_data does (lines since the previous read).
type LogReader struct {
	Path  string
	pos   int64
	Accum bool // check_accum_error_log: always from the start
}

// Lines returns the lines written since the previous call (each with its
// newline).
func (r *LogReader) Lines() []string {
	data, err := os.ReadFile(r.Path)
	if err != nil {
		return nil
	}
	start := r.pos
	if r.Accum || start > int64(len(data)) {
		start = 0
	}
	chunk := string(data[start:])
	if !r.Accum {
		r.pos = int64(len(data))
	}
	if chunk == "" {
		return nil
	}
	lines := strings.SplitAfter(chunk, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// Reset starts reading from the beginning again.
func (r *LogReader) Reset() { r.pos = 0 }

func itoa(i int) string { return strconv.Itoa(i) }

// Reload asks a running server (with a master process) to reopen its logs
// and reload its configuration, then waits until the "Test-Nginx" server
// answers the new version 20 times in a row, as Test::Nginx's HUP mode
// does.
// With reloadFails (--- reload_fails) the new configuration is expected to
// be refused, so it only waits a moment.
func (s *Server) Reload(port int, version string, reloadFails bool) error {
	if exited, code := s.Exited(); exited {
		return fmt.Errorf("server exited with status %d before the reload", code)
	}
	_ = s.cmd.Process.Signal(syscall.SIGUSR1)
	time.Sleep(testNginxSleep)
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		return fmt.Errorf("send SIGHUP: %w", err)
	}
	time.Sleep(3 * testNginxSleep)
	if reloadFails {
		time.Sleep(300 * time.Millisecond)
		return nil
	}
	ok := 0
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if ver, _ := fetchVersion(port); ver == version {
			ok++
			if ok == 5 {
				time.Sleep(testNginxSleep)
			}
			if ok >= 20 {
				return nil
			}
			continue
		}
		ok = 0
		time.Sleep(testNginxSleep)
	}
	return fmt.Errorf("failed to reload configuration: version %s not served", version)
}

// fetchVersion reads /ver from the "Test-Nginx" server.
func fetchVersion(port int) (string, error) {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 2*time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write([]byte("GET /ver HTTP/1.0\r\nHost: Test-Nginx\r\n\r\n")); err != nil {
		return "", err
	}
	data, err := io.ReadAll(conn)
	if err != nil && len(data) == 0 {
		return "", err
	}
	res, _, perr := ParseResponse(string(data))
	if perr != nil || res.Code != "200" {
		return "", fmt.Errorf("bad /ver answer")
	}
	return res.Body, nil
}

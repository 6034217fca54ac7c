package runtime

import (
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"gresty/ngxshim"
)

// ErrorLog writes nginx's error_log lines:
//
//	2026/11/26 23:17:56 [warn] 28076#28076: *2 message, client: 127.0.0.1, ...
//
// Each line is one write, unbuffered, as nginx does, so a test reading the
// file right after a response sees every line.
type ErrorLog struct {
	mu      sync.Mutex
	targets []logTarget
	max     int
	pid     string
	// capture is lua_capture_error_log's buffer, nil when not configured.
	capture *captureBuffer
}

// Capture makes the log keep its lines in a buffer of size bytes for
// ngx.errlog.get_logs (lua_capture_error_log).
func (l *ErrorLog) Capture(size int) {
	l.capture = newCaptureBuffer(size)
}

type logTarget struct {
	w     io.Writer
	level int
	close func() error
	path  string // set for files, which Reopen opens again
	// sys is set for a syslog target, which needs each line's level.
	sys *syslogPeer
}

// levelNames are nginx's level names, indexed by ngx.STDERR .. ngx.DEBUG
// (ngx.STDERR has none: its lines read "[]").
var levelNames = [...]string{"", "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"}

// NewErrorLog returns a log with no targets.
func NewErrorLog() *ErrorLog {
	return &ErrorLog{pid: strconv.Itoa(os.Getpid())}
}

// AddWriter adds a target that receives lines up to level.
func (l *ErrorLog) AddWriter(w io.Writer, level int) {
	l.mu.Lock()
	l.targets = append(l.targets, logTarget{w: w, level: level})
	if level > l.max {
		l.max = level
	}
	l.mu.Unlock()
}

// AddFile opens path for appending and adds it as a target.
func (l *ErrorLog) AddFile(path string, level int) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.targets = append(l.targets, logTarget{w: f, level: level, close: f.Close, path: path})
	if level > l.max {
		l.max = level
	}
	l.mu.Unlock()
	return nil
}

// Reopen opens the log files again (after a log rotation, USR1); a file
// that cannot be opened keeps its old descriptor.
func (l *ErrorLog) Reopen() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, t := range l.targets {
		if t.path == "" {
			continue
		}
		f, err := os.OpenFile(t.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			continue
		}
		t.close()
		l.targets[i].w, l.targets[i].close = f, f.Close
	}
}

// Close closes the files the log opened.
func (l *ErrorLog) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range l.targets {
		if t.close != nil {
			t.close()
		}
	}
	l.targets = nil
}

// Enabled reports whether some target takes lines of level.
func (l *ErrorLog) Enabled(level int) bool { return l != nil && level <= l.max }

// Write writes one line: msg with the connection number conn (0: none) and a
// context suffix (", client: ...").
func (l *ErrorLog) Write(level int, msg string, ctx LogContext) {
	if !l.Enabled(level) {
		return
	}
	if level < 0 || level >= len(levelNames) {
		level = ngxshim.LogErr
	}
	name := levelNames[level]
	buf := make([]byte, 0, 64+len(msg)+len(ctx.Suffix))
	buf = time.Now().AppendFormat(buf, "2006/01/02 15:04:05")
	buf = append(buf, " ["...)
	buf = append(buf, name...)
	buf = append(buf, "] "...)
	buf = append(buf, l.pid...)
	buf = append(buf, '#')
	buf = append(buf, l.pid...)
	buf = append(buf, ": "...)
	if ctx.Conn > 0 {
		buf = append(buf, '*')
		buf = strconv.AppendUint(buf, ctx.Conn, 10)
		buf = append(buf, ' ')
	}
	buf = append(buf, msg...)
	buf = append(buf, ctx.Suffix...)
	if l.capture != nil {
		l.capture.add(level, string(buf))
	}
	buf = append(buf, '\n')
	l.mu.Lock()
	for _, t := range l.targets {
		if level > t.level {
			continue
		}
		if t.sys != nil {
			t.sys.send(level, buf)
			continue
		}
		t.w.Write(buf)
	}
	l.mu.Unlock()
}

// LogContext is what an error_log line says about where it comes from.
type LogContext struct {
	// Conn is the connection number (nginx's "*N"), 0 for none.
	Conn uint64
	// Suffix is appended to the message: ", client: ..., server: ...,
	// request: ..., host: ..." or ", context: ngx.timer".
	Suffix string
}

package cosocket

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"unsafe"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// errnoOf returns the system error number behind a net error.
func errnoOf(err error) (syscall.Errno, bool) {
	var en syscall.Errno
	if errors.As(err, &en) {
		return en, true
	}
	return 0, false
}

// errnoLua is the error string ngx_lua returns for a failed system call:
// strerror in lower case, for compatibility with LuaSocket.
func errnoLua(en syscall.Errno) string { return en.Error() }

// errnoLog is how nginx's error_log renders a system error:
// "(111: Connection refused)".
func errnoLog(en syscall.Errno) string {
	msg := en.Error()
	if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
		msg = string(msg[0]-'a'+'A') + msg[1:]
	}
	return fmt.Sprintf("(%d: %s)", int(en), msg)
}

// connErrorLevel is the level ngx_connection_error logs err at for an
// upstream connection: errors of the network are errors, others alerts.
func connErrorLevel(en syscall.Errno) int {
	switch en {
	case 0, syscall.ECONNRESET, syscall.EPIPE, syscall.ENOTCONN, syscall.ETIMEDOUT,
		syscall.ECONNREFUSED, syscall.ENETDOWN, syscall.ENETUNREACH, syscall.EHOSTDOWN,
		syscall.EHOSTUNREACH:
		return LogErr
	}
	return LogAlert
}

// isTimeout reports whether err is a deadline that passed.
func isTimeout(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded)
}

// isEOF reports whether err says the peer closed its side.
func isEOF(err error) bool { return errors.Is(err, io.EOF) }

// ptr renders a pointer as nginx's %p does: 16 upper-case hex digits.
func ptr[T any](p *T) string {
	return fmt.Sprintf("%016X", uintptr(unsafe.Pointer(p)))
}

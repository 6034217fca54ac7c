package config

import (
	"errors"
	"syscall"
)

// errnoNumber extracts the errno of a system call error.
func errnoNumber(err error) (int, bool) {
	var en syscall.Errno
	if errors.As(err, &en) {
		return int(en), true
	}
	return 0, false
}

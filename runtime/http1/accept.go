package http1

import (
	"errors"
	"syscall"
)

// isTemporaryAccept reports accept errors worth retrying: nginx keeps
// accepting after running out of file descriptors or memory, or when a
// connection was aborted before it was accepted.
func isTemporaryAccept(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ENOBUFS) || errors.Is(err, syscall.ENOMEM) ||
		errors.Is(err, syscall.ECONNABORTED)
}

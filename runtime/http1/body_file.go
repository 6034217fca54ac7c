package http1

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
)

// tempSerial numbers temporary files as nginx's ngx_temp_number does.
var tempSerial atomic.Uint64

func (r *Request) createTempFile() (*os.File, error) {
	dir := r.conf.ClientBodyTempPath
	for range 100 {
		name := filepath.Join(dir, fmt.Sprintf("%010d", tempSerial.Add(1)))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			r.body.tempPath = name
			return f, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("http1: creating client body temp file: %w", err)
		}
	}
	return nil, fmt.Errorf("http1: no free client body temp file name in %s", dir)
}

func (r *Request) removeTempFile() {
	if r.body.tempPath != "" {
		os.Remove(r.body.tempPath)
		r.body.tempPath = ""
	}
}

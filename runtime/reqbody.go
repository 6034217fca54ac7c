package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"

	"gresty/ngxshim"
	"gresty/runtime/http1"
)

// The request body as nginx keeps it (r->request_body): read by
// ngx.req.read_body, lua_need_request_body or echo_read_request_body, in
// memory or in a temporary file, and replaced by ngx.req.set_body_data,
// set_body_file and init_body/append_body/finish_body. A subrequest shares
// its parent's, or has its own (ngx.location.capture's body option).

// reqBody is r->request_body.
type reqBody struct {
	mu sync.Mutex
	// exists is set once the body was read (or given): nginx's
	// r->request_body != NULL.
	exists    bool
	discarded bool
	// data is the body held in memory; file names the file holding it
	// (r->request_body->temp_file), "" when none.
	data []byte
	file string
	// building is set between init_body and finish_body; buf collects
	// the body up to size bytes, then out receives it.
	building bool
	size     int
	buf      []byte
	out      *os.File
	length   int64
	// remove lists files to delete when the request ends (temporary
	// files gresty made, set_body_file with auto_clean).
	remove []string
}

var _ ngxshim.RequestBody = (*request)(nil)

// Errors of the body API, with ngx_lua's words.
var (
	errBodyDiscarded = errors.New("request body already discarded asynchronously")
	errBodyNotRead   = errors.New("request body not read yet")
	errBodyNoInit    = errors.New("request_body not initialized")
	errBodyWrite     = errors.New("fail to write file")
)

// ReadBody implements ngxshim.RequestBody: the body is read whole, as
// ngx_http_read_client_request_body. A failure is the status nginx
// finalizes the request with (413, 400, 408...); the caller gives the
// baton back while it runs.
func (r *request) ReadBody() int {
	b := r.body
	b.mu.Lock()
	defer b.mu.Unlock()
	if !r.isMain() || b.exists || b.discarded {
		return 0
	}
	r.ensureTempPath()
	body, err := r.hr.ReadBody()
	if err != nil {
		var se *http1.StatusError
		if errors.As(err, &se) {
			switch se.Status {
			case 400, 408:
				r.logAt(ngxshim.LogInfo, bodyErrorText(se))
			case 500:
				r.logErr(se.Msg)
			}
			if se.Drop {
				return 499
			}
			return se.Status
		}
		r.logErr(err.Error())
		return 500
	}
	b.exists = true
	b.data = body.Data
	b.file = body.Path
	if b.file != "" {
		r.logAt(ngxshim.LogWarn, "a client request body is buffered to a temporary file "+b.file)
	}
	if b.file == "" && r.loc.ClientBodyInFileOnly != "" && r.loc.ClientBodyInFileOnly != "off" {
		p, err := r.writeTempBody(body.Data)
		if err != nil {
			r.logErr(err.Error())
			return 500
		}
		b.file, b.data = p, nil
		if r.loc.ClientBodyInFileOnly == "clean" {
			b.remove = append(b.remove, p)
		}
	}
	return 0
}

// tempPaths remembers the client_body_temp_path folders made so far.
var tempPaths sync.Map // string -> struct{}

// ensureTempPath makes client_body_temp_path, as nginx does at start.
func (r *request) ensureTempPath() {
	dir := r.loc.ClientBodyTempPath
	if dir == "" {
		return
	}
	if _, ok := tempPaths.Load(dir); ok {
		return
	}
	if os.MkdirAll(dir, 0o700) == nil {
		tempPaths.Store(dir, struct{}{})
	}
}

// bodyErrorText is how nginx logs a body that could not be read.
func bodyErrorText(se *http1.StatusError) string {
	if se.Status == 408 {
		return "client timed out (110: Connection timed out)"
	}
	return "client prematurely closed connection"
}

// tempSerial numbers the temporary files gresty writes bodies to; their
// names start at 1000000001 so as not to meet the front's, which count
// from 1 in the same folder.
var tempSerial atomic.Uint64

// writeTempBody writes p to a new file in client_body_temp_path.
func (r *request) writeTempBody(p []byte) (string, error) {
	dir := r.loc.ClientBodyTempPath
	if dir == "" {
		dir = filepath.Join(r.e.cfg.Prefix, "client_body_temp")
	}
	os.MkdirAll(dir, 0o700)
	for range 100 {
		name := filepath.Join(dir, fmt.Sprintf("%010d", 1000000000+tempSerial.Add(1)))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("open() \"%s\" failed (%s)", name, errnoText(err))
		}
		_, werr := f.Write(p)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		return name, werr
	}
	return "", errors.New("no free temporary file name")
}

// DiscardBody implements ngxshim.RequestBody.
func (r *request) DiscardBody() error {
	b := r.body
	b.mu.Lock()
	defer b.mu.Unlock()
	if !r.isMain() || b.exists || b.discarded {
		return nil
	}
	if err := r.hr.DiscardBody(); err != nil {
		return errors.New("failed to discard request body")
	}
	// as r->discard_body, only a body not all received yet stays being
	// discarded
	b.discarded = r.hr.Discarding()
	return nil
}

// BodyData implements ngxshim.RequestBody: the body held in memory, nil
// when it is not read, empty or in a file.
func (r *request) BodyData() []byte {
	b := r.body
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.exists || b.file != "" || len(b.data) == 0 {
		return nil
	}
	return b.data
}

// BodyFile implements ngxshim.RequestBody.
func (r *request) BodyFile() string { return r.body.filePath() }

// BodyState implements ngxshim.RequestBody: whether the body was read and
// whether it was discarded.
func (r *request) BodyState() (read, discarded bool) {
	b := r.body
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.exists, b.discarded
}

// filePath is the file holding the body, "" when none.
func (b *reqBody) filePath() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.exists {
		return ""
	}
	return b.file
}

// variable is $request_body: the body when it is in memory.
func (b *reqBody) variable() (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	// an empty body has no buffers: nginx's variable is not found then
	if !b.exists || b.file != "" || b.building || len(b.data) == 0 {
		return "", false
	}
	return string(b.data), true
}

// bytes returns the body wherever it is held, and whether there is one.
func (b *reqBody) bytes() ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.exists {
		return nil, false
	}
	if b.file != "" {
		p, err := os.ReadFile(b.file)
		if err != nil {
			return nil, false
		}
		return p, true
	}
	return b.data, true
}

// checkReplace is the check set_body_data, set_body_file and init_body
// make.
func (b *reqBody) checkReplace() error {
	switch {
	case b.discarded:
		return errBodyDiscarded
	case !b.exists:
		return errBodyNotRead
	}
	return nil
}

// SetBodyData implements ngxshim.RequestBody.
func (r *request) SetBodyData(p []byte) error {
	b := r.body
	b.mu.Lock()
	if err := b.checkReplace(); err != nil {
		b.mu.Unlock()
		return err
	}
	b.dropFile()
	b.building = false
	b.data = append([]byte(nil), p...)
	b.mu.Unlock()
	r.setContentLengthIn(int64(len(p)))
	return nil
}

// SetBodyFile implements ngxshim.RequestBody.
func (r *request) SetBodyFile(path string, autoClean bool) error {
	b := r.body
	b.mu.Lock()
	if err := b.checkReplace(); err != nil {
		b.mu.Unlock()
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.mu.Unlock()
		return fmt.Errorf("open() \"%s\" failed", path)
	}
	b.dropFile()
	b.file = path
	b.data = nil
	b.building = false
	if autoClean {
		b.remove = append(b.remove, path)
	}
	b.mu.Unlock()
	r.setContentLengthIn(fi.Size())
	return nil
}

// InitBody implements ngxshim.RequestBody: size < 0 means
// client_body_buffer_size.
func (r *request) InitBody(size int) error {
	b := r.body
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.checkReplace(); err != nil {
		return err
	}
	if size < 0 {
		size = int(r.loc.ClientBodyBufferSize)
	}
	b.dropFile()
	b.building = true
	b.size = size
	b.buf = make([]byte, 0, size)
	b.out = nil
	b.length = 0
	b.file = ""
	b.data = nil
	return nil
}

// AppendBody implements ngxshim.RequestBody: what does not fit the buffer
// goes to a temporary file.
func (r *request) AppendBody(p []byte) error {
	b := r.body
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.building {
		return errBodyNoInit
	}
	if b.size == 0 {
		// nothing fits in memory: straight to the file
		b.buf = append(b.buf[:0], p...)
		b.length += int64(len(p))
		return r.spillBody()
	}
	for len(p) > 0 {
		if len(b.buf) == b.size {
			if err := r.spillBody(); err != nil {
				return err
			}
		}
		n := min(b.size-len(b.buf), len(p))
		b.buf = append(b.buf, p[:n]...)
		p = p[n:]
		b.length += int64(n)
	}
	return nil
}

// spillBody writes the buffer to the body's temporary file; the caller
// holds b.mu.
func (r *request) spillBody() error {
	b := r.body
	if b.out == nil {
		name, err := r.writeTempBody(nil)
		if err != nil {
			return errBodyWrite
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return errBodyWrite
		}
		b.out = f
		b.file = name
		b.remove = append(b.remove, name)
		r.logAt(ngxshim.LogWarn, "a client request body is buffered to a temporary file "+name)
	}
	if _, err := b.out.Write(b.buf); err != nil {
		return errBodyWrite
	}
	b.buf = b.buf[:0]
	return nil
}

// FinishBody implements ngxshim.RequestBody.
func (r *request) FinishBody() error {
	b := r.body
	b.mu.Lock()
	if !b.building {
		b.mu.Unlock()
		return errBodyNoInit
	}
	if b.out != nil || b.size == 0 {
		if err := r.spillBody(); err != nil {
			b.mu.Unlock()
			return err
		}
		b.out.Close()
		b.out = nil
		b.data = nil
	} else {
		b.data = b.buf
	}
	b.buf = nil
	b.building = false
	n := b.length
	b.mu.Unlock()
	r.setContentLengthIn(n)
	return nil
}

// dropFile lets go of the file holding the body: one to be cleaned up
// goes now, as ngx_lua runs the file's pool cleanup when it replaces it.
func (b *reqBody) dropFile() {
	if b.file == "" {
		return
	}
	for i, p := range b.remove {
		if p == b.file {
			os.Remove(p)
			b.remove = append(b.remove[:i], b.remove[i+1:]...)
			break
		}
	}
	b.file = ""
}

// setContentLengthIn sets the request's Content-Length header to n, as
// ngx_lua does when it replaces the body.
func (r *request) setContentLengthIn(n int64) {
	r.ownHeaders()
	r.setHeaderIn("Content-Length", strconv.FormatInt(n, 10), true)
}

// cleanup removes the files the body left (the request ended).
func (b *reqBody) cleanup() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.out != nil {
		b.out.Close()
		b.out = nil
	}
	for _, p := range b.remove {
		os.Remove(p)
	}
	b.remove = nil
}

// needBody reads the request body before a Lua handler runs when
// lua_need_request_body is on.
func (r *request) needBody() int {
	if !r.loc.Lua.NeedRequestBody || !r.isMain() {
		return statusNext
	}
	if st := r.ReadBody(); st != 0 {
		return st
	}
	return statusNext
}

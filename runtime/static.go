package runtime

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"gresty/runtime/http1"
)

// static is the content phase of a location without a content handler:
// nginx's index and static modules.
func (r *request) static() int {
	if strings.HasSuffix(r.uri, "/") {
		return r.index()
	}
	switch r.method() {
	case "GET", "HEAD", "POST":
	default:
		return 405
	}
	path := cString(r.filename(r.uri))
	f, err := os.Open(path)
	if err != nil {
		return r.openFailed(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		r.logErr(fmt.Sprintf("fstat() \"%s\" failed (%s)", path, errnoText(err)))
		return 500
	}
	if fi.IsDir() {
		// the static module escapes the URI it sends back
		location := escapeProxyURI(r.uri) + "/"
		if r.args != "" {
			location += "?" + r.args
		}
		return r.redirectTo(301, location)
	}
	if r.method() == "POST" {
		return 405
	}
	out := r.out()
	out.Status = 200
	out.ContentLength = fi.Size()
	out.ContentType = r.contentType(path)
	out.Headers = append(out.Headers,
		http1.Header{Name: "Last-Modified", Value: fi.ModTime().UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")},
		http1.Header{Name: "ETag", Value: fmt.Sprintf("\"%x-%x\"", fi.ModTime().Unix(), fi.Size())},
		http1.Header{Name: "Accept-Ranges", Value: "bytes"},
	)
	r.ctypeSet = true
	var remain int64 = -1
	if r.method() == "GET" && r.isMain() {
		if rng, ok := r.headerIn("Range"); ok {
			start, end, st := parseByteRange(rng, fi.Size())
			switch st {
			case 206:
				out.Status = 206
				out.ContentLength = end - start + 1
				out.Headers = dropHeader(out.Headers, "Accept-Ranges")
				out.Headers = append(out.Headers, http1.Header{Name: "Content-Range",
					Value: fmt.Sprintf("bytes %d-%d/%d", start, end, fi.Size())})
				if _, err := f.Seek(start, io.SeekStart); err != nil {
					return 500
				}
				remain = out.ContentLength
			case 416:
				out.ContentLength = -1
				out.Headers = dropHeader(out.Headers, "Accept-Ranges")
				out.Headers = append(out.Headers, http1.Header{Name: "Content-Range",
					Value: fmt.Sprintf("bytes */%d", fi.Size())})
				return 416
			}
		}
	}
	if err := r.sendHeader(); err != nil {
		return statusDone
	}
	if !r.headerOnly() {
		buf := make([]byte, 32<<10)
		for remain != 0 {
			if remain > 0 && remain < int64(len(buf)) {
				buf = buf[:remain]
			}
			n, err := f.Read(buf)
			if remain > 0 {
				remain -= int64(n)
			}
			if n > 0 {
				if werr := r.writeBody(buf[:n], false); werr != nil {
					break
				}
			}
			if err == io.EOF || err != nil {
				break
			}
		}
	}
	return statusDone
}

// index tries the index files of a directory URI, with an internal
// redirect to the first that exists, as ngx_http_index_module.
func (r *request) index() int {
	dir := r.filename(r.uri)
	names := []string{"index.html"}
	if len(r.loc.Index) > 0 {
		names = names[:0]
		for _, cv := range r.loc.Index {
			names = append(names, cv.Eval(r))
		}
	}
	for _, name := range names {
		p := dir + name
		if strings.HasPrefix(name, "/") {
			p = r.filename(name)
		}
		if _, err := os.Stat(p); err == nil {
			uri := r.uri + name
			if strings.HasPrefix(name, "/") {
				uri = name
			}
			r.exec = &execTarget{uri: uri, args: r.args}
			return r.phases(r.takeExec())
		} else if !errors.Is(err, fs.ErrNotExist) {
			r.logErr(fmt.Sprintf("\"%s\" is not found (%s)", p, errnoText(err)))
			return 500
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		r.logErr(fmt.Sprintf("\"%s%s\" is not found (%s)", dir, names[len(names)-1], errnoText(err)))
		return 404
	}
	if fi.IsDir() {
		r.logErr(fmt.Sprintf("directory index of \"%s\" is forbidden", dir))
		return 403
	}
	return 404
}

// openFailed logs a failed open() as nginx and picks the status.
func (r *request) openFailed(path string, err error) int {
	switch {
	case errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ENOTDIR):
		r.logErr(fmt.Sprintf("open() \"%s\" failed (%s)", path, errnoText(err)))
		return 404
	case errors.Is(err, syscall.EACCES):
		r.logErr(fmt.Sprintf("open() \"%s\" failed (%s)", path, errnoText(err)))
		return 403
	}
	r.logErr(fmt.Sprintf("open() \"%s\" failed (%s)", path, errnoText(err)))
	return 500
}

// contentType is the type for a file by its extension (types), else
// default_type.
func (r *request) contentType(path string) string {
	ext := strings.TrimPrefix(filepath.Ext(path), ".")
	if ext != "" && r.loc.Types != nil {
		if t, ok := r.loc.Types[strings.ToLower(ext)]; ok {
			return t
		}
	}
	return r.loc.DefaultType
}

// parseByteRange reads a single "bytes=" range as nginx's range filter
// does: 206 with the first and last byte, 416 when it starts past the
// end, 200 (the whole file) for what it does not serve as one part.
func parseByteRange(h string, size int64) (start, end int64, status int) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return 0, 0, 200
	}
	a, b, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok {
		return 0, 0, 200
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, 416
		}
		if n > size {
			n = size
		}
		return size - n, size - 1, 206
	}
	s, err := strconv.ParseInt(a, 10, 64)
	if err != nil {
		return 0, 0, 200
	}
	e := size - 1
	if b != "" {
		if e, err = strconv.ParseInt(b, 10, 64); err != nil || e < s {
			return 0, 0, 416
		}
		if e >= size {
			e = size - 1
		}
	}
	if s >= size {
		return 0, 0, 416
	}
	return s, e, 206
}

// cString is path as the C library sees it: nginx passes paths as C strings,
// so a NUL (which a decoded URI can hold) ends them.
func cString(path string) string {
	if i := strings.IndexByte(path, 0); i >= 0 {
		return path[:i]
	}
	return path
}

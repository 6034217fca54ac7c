package http1

import (
	"sync/atomic"
	"time"
)

// cachedDate is the Date header value of one second, like nginx's
// ngx_cached_http_time.
type cachedDate struct {
	sec int64
	val []byte
}

var dateCache atomic.Pointer[cachedDate]

// httpDate returns t as an HTTP date ("Mon, 02 Jan 2006 15:04:05 GMT"),
// formatted once per second. The result must not be modified.
func httpDate(t time.Time) []byte {
	sec := t.Unix()
	if d := dateCache.Load(); d != nil && d.sec == sec {
		return d.val
	}
	d := &cachedDate{sec: sec, val: t.UTC().AppendFormat(make([]byte, 0, 29), "Mon, 02 Jan 2006 15:04:05 GMT")}
	dateCache.Store(d)
	return d.val
}

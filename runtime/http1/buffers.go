package http1

import "sync"

// inBufSize is the input buffer a connection starts with: a request header
// of common size fits, and nginx's 1k client_header_buffer_size is modelled
// on top of it (see headerBuffers), not by it.
const inBufSize = 4096

// outBufSize is where buffered response bytes are written out even without
// a flush; larger writes go to the socket directly.
const outBufSize = 16 << 10

// The pools hold array pointers: a buffer goes back without the
// allocation a slice header put into an interface would cost.
var inPool = sync.Pool{New: func() any { return new([inBufSize]byte) }}

var outPool = sync.Pool{New: func() any { return new([outBufSize]byte) }}

func getIn() []byte { return inPool.Get().(*[inBufSize]byte)[:] }

func putIn(b []byte) {
	if cap(b) == inBufSize {
		inPool.Put((*[inBufSize]byte)(b[:inBufSize]))
	}
}

func getOut() []byte { return outPool.Get().(*[outBufSize]byte)[:0] }

func putOut(b []byte) {
	if cap(b) == outBufSize {
		outPool.Put((*[outBufSize]byte)(b[:outBufSize]))
	}
}

// headerBuffers models nginx's request header buffers on top of the real
// input buffer: the client_header_buffer_size buffer first, then up to
// large_client_header_buffers large ones, each line moved whole into the
// next buffer when the current one fills. The model decides the 414 and 494
// answers exactly where nginx gives them. Offsets are into Conn.in.
type headerBuffers struct {
	end   int  // where the current nginx buffer ends
	size  int  // its full size
	large bool // whether it is a large one
	nbusy int  // large buffers taken by this request
}

// alloc is ngx_http_alloc_large_header_buffer: the line in progress, from
// old to pos, moves to a new large buffer. It fails when the line would not
// fit in one or all large buffers are taken.
func (hb *headerBuffers) alloc(conf *Config, old, pos int, inLine bool) bool {
	size := conf.LargeClientHeaderBufferSize
	if inLine && pos-old >= size {
		return false
	}
	if hb.nbusy >= conf.LargeClientHeaderBuffers {
		return false
	}
	hb.nbusy++
	hb.end = old + size
	hb.size = size
	hb.large = true
	return true
}

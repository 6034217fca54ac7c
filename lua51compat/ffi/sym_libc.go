package ffi

import (
	"bytes"
	"os"
	"syscall"
	"time"
)

// The libc functions lua-resty libraries call through ffi.C, over Go's
// standard library. Memory from malloc is ordinary gresty C memory,
// reclaimed by Go's garbage collector; free does nothing.

func init() {
	for name, fn := range map[string]Func{
		"strlen":       libcStrlen,
		"strnlen":      libcStrnlen,
		"memcpy":       libcMemmove,
		"memmove":      libcMemmove,
		"memset":       libcMemset,
		"memcmp":       libcMemcmp,
		"memchr":       libcMemchr,
		"strcmp":       libcStrcmp,
		"strncmp":      libcStrncmp,
		"strchr":       libcStrchr,
		"malloc":       libcMalloc,
		"calloc":       libcCalloc,
		"realloc":      libcRealloc,
		"free":         libcFree,
		"getpid":       libcGetpid,
		"getenv":       libcGetenv,
		"time":         libcTime,
		"gettimeofday": libcGettimeofday,
		"strerror":     libcStrerror,
		"htons":        libcBswap16,
		"ntohs":        libcBswap16,
		"htonl":        libcBswap32,
		"ntohl":        libcBswap32,
		"abs":          libcAbs,
		"labs":         libcAbs,
	} {
		Register(name, fn)
	}
}

func libcStrlen(c *Call) (Value, error) {
	s, err := c.Pointer(0).CString()
	return Uint(uint64(len(s))), err
}

func libcStrnlen(c *Call) (Value, error) {
	p, max := c.Pointer(0), int(c.Uint(1))
	for i := 0; i < max; i++ {
		b, err := p.Add(i).Read(1)
		if err != nil {
			return Void, err
		}
		if b[0] == 0 {
			return Uint(uint64(i)), nil
		}
	}
	return Uint(uint64(max)), nil
}

// libcMemmove serves memcpy too: overlapping copies are well defined here.
func libcMemmove(c *Call) (Value, error) {
	dst, src, n := c.Pointer(0), c.Pointer(1), int(c.Uint(2))
	in, err := src.Read(n)
	if err != nil {
		return Void, err
	}
	out, err := dst.Write(n)
	if err != nil {
		return Void, err
	}
	copy(out, in)
	return Ptr(dst), nil
}

func libcMemset(c *Call) (Value, error) {
	dst, v, n := c.Pointer(0), byte(c.Int(1)), int(c.Uint(2))
	out, err := dst.Write(n)
	if err != nil {
		return Void, err
	}
	for i := range out {
		out[i] = v
	}
	return Ptr(dst), nil
}

func libcMemcmp(c *Call) (Value, error) {
	n := int(c.Uint(2))
	a, err := c.Pointer(0).Read(n)
	if err != nil {
		return Void, err
	}
	b, err := c.Pointer(1).Read(n)
	if err != nil {
		return Void, err
	}
	return Int(int64(cmpBytes(a, b))), nil
}

// cmpBytes compares as memcmp does: the difference of the first differing
// bytes (as unsigned char), or 0.
func cmpBytes(a, b []byte) int {
	for i := range a {
		if i >= len(b) {
			return int(a[i])
		}
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	if len(b) > len(a) {
		return -int(b[len(a)])
	}
	return 0
}

func libcMemchr(c *Call) (Value, error) {
	p, ch, n := c.Pointer(0), byte(c.Int(1)), int(c.Uint(2))
	b, err := p.Read(n)
	if err != nil {
		return Void, err
	}
	if i := bytes.IndexByte(b, ch); i >= 0 {
		return Ptr(p.Add(i)), nil
	}
	return Ptr(Null), nil
}

func libcStrcmp(c *Call) (Value, error) {
	a, err := c.Pointer(0).CString()
	if err != nil {
		return Void, err
	}
	b, err := c.Pointer(1).CString()
	if err != nil {
		return Void, err
	}
	return Int(int64(cmpBytes([]byte(a+"\x00"), []byte(b+"\x00")))), nil
}

func libcStrncmp(c *Call) (Value, error) {
	n := int(c.Uint(2))
	a, err := c.Pointer(0).CString()
	if err != nil {
		return Void, err
	}
	b, err := c.Pointer(1).CString()
	if err != nil {
		return Void, err
	}
	x, y := []byte(a+"\x00"), []byte(b+"\x00")
	if len(x) > n {
		x = x[:n]
	}
	if len(y) > n {
		y = y[:n]
	}
	return Int(int64(cmpBytes(x, y))), nil
}

func libcStrchr(c *Call) (Value, error) {
	p := c.Pointer(0)
	s, err := p.CString()
	if err != nil {
		return Void, err
	}
	ch := byte(c.Int(1))
	if ch == 0 {
		return Ptr(p.Add(len(s))), nil
	}
	if i := bytes.IndexByte([]byte(s), ch); i >= 0 {
		return Ptr(p.Add(i)), nil
	}
	return Ptr(Null), nil
}

func libcMalloc(c *Call) (Value, error) { return Ptr(Alloc(int(c.Uint(0)))), nil }

func libcCalloc(c *Call) (Value, error) {
	return Ptr(Alloc(int(c.Uint(0) * c.Uint(1)))), nil
}

func libcRealloc(c *Call) (Value, error) {
	old, n := c.Pointer(0), int(c.Uint(1))
	p := Alloc(n)
	if old.IsNull() {
		return Ptr(p), nil
	}
	oldSize := 0
	if old.p.a != nil {
		oldSize = len(old.p.a.data) - int(old.p.off)
	}
	if oldSize > n {
		oldSize = n
	}
	in, err := old.Read(oldSize)
	if err != nil {
		return Void, err
	}
	out, _ := p.Write(oldSize)
	copy(out, in)
	return Ptr(p), nil
}

func libcFree(*Call) (Value, error) { return Void, nil }

func libcGetpid(*Call) (Value, error) { return Int(int64(os.Getpid())), nil }

func libcGetenv(c *Call) (Value, error) {
	name, err := c.Pointer(0).CString()
	if err != nil {
		return Void, err
	}
	v, ok := os.LookupEnv(name)
	if !ok {
		return Ptr(Null), nil
	}
	p := Alloc(len(v) + 1)
	b, _ := p.Write(len(v))
	copy(b, v)
	return Ptr(p), nil
}

func libcTime(c *Call) (Value, error) {
	now := time.Now().Unix()
	if p := c.Pointer(0); !p.IsNull() {
		b, err := p.Write(8)
		if err != nil {
			return Void, err
		}
		storeUint(b, uint64(now))
	}
	return Int(now), nil
}

// libcGettimeofday fills a struct timeval { long tv_sec; long tv_usec; }.
func libcGettimeofday(c *Call) (Value, error) {
	now := time.Now()
	b, err := c.Pointer(0).Write(16)
	if err != nil {
		return Void, err
	}
	storeUint(b[:8], uint64(now.Unix()))
	storeUint(b[8:], uint64(now.Nanosecond()/1000))
	return Int(0), nil
}

func libcStrerror(c *Call) (Value, error) {
	// Go's texts are glibc's with a lower-case first letter.
	msg := syscall.Errno(c.Int(0)).Error()
	if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
		msg = string(msg[0]-'a'+'A') + msg[1:]
	}
	p := Alloc(len(msg) + 1)
	b, _ := p.Write(len(msg))
	copy(b, msg)
	return Ptr(p), nil
}

func libcBswap16(c *Call) (Value, error) {
	v := uint16(c.Uint(0))
	return Uint(uint64(v>>8 | v<<8)), nil
}

func libcBswap32(c *Call) (Value, error) {
	v := uint32(c.Uint(0))
	return Uint(uint64(v>>24 | v>>8&0xff00 | v<<8&0xff0000 | v<<24)), nil
}

func libcAbs(c *Call) (Value, error) {
	v := c.Int(0)
	if v < 0 {
		v = -v
	}
	return Int(v), nil
}

package ffi

import "os"

// nginx core string helpers that lua-resty-string reaches through ffi.C
// (they are exported by the nginx binary).

func init() {
	Register("ngx_hex_dump", ngxHexDump)
	Register("ngx_atoi", ngxAtoi)
	// char **ngx_argv: the command line the server was started with
	// (OpenResty's tests run the binary again from it).
	RegisterStringArray("ngx_argv", os.Args)
}

// ngxHexDump is u_char *ngx_hex_dump(u_char *dst, u_char *src, size_t
// len): lower-case hex of src into dst, returning the end of the output.
func ngxHexDump(c *Call) (Value, error) {
	dst, src, n := c.Pointer(0), c.Pointer(1), int(c.Uint(2))
	in, err := src.Read(n)
	if err != nil {
		return Void, err
	}
	out, err := dst.Write(2 * n)
	if err != nil {
		return Void, err
	}
	const hex = "0123456789abcdef"
	for i, b := range in {
		out[2*i] = hex[b>>4]
		out[2*i+1] = hex[b&15]
	}
	return Ptr(dst.Add(2 * n)), nil
}

// ngxAtoi is ngx_int_t ngx_atoi(u_char *line, size_t n): the decimal
// digits of line as a number, or NGX_ERROR (-1) for an empty string, a
// non-digit or a value beyond NGX_MAX_INT_T_VALUE.
func ngxAtoi(c *Call) (Value, error) {
	line, n := c.Pointer(0), int(c.Uint(1))
	if n == 0 {
		return Int(-1), nil
	}
	b, err := line.Read(n)
	if err != nil {
		return Void, err
	}
	const maxInt = int64(^uint64(0) >> 1)
	cutoff, cutlim := maxInt/10, maxInt%10
	var v int64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			return Int(-1), nil
		}
		d := int64(ch - '0')
		if v >= cutoff && (v > cutoff || d > cutlim) {
			return Int(-1), nil
		}
		v = v*10 + d
	}
	return Int(v), nil
}

package cjson

// escapes holds, for each byte, what encode writes instead of it inside a
// JSON string ("" for the byte itself): the C0 controls and DEL as \u00XX
// except the five with a short escape, the quote, the backslash and the
// slash. Bytes from 0x80 up pass through untouched, valid UTF-8 or not.
var escapes = func() (t [256]string) {
	const hex = "0123456789abcdef"
	for c := 0; c < 0x20; c++ {
		t[c] = `\u00` + string(hex[c>>4]) + string(hex[c&0xf])
	}
	t['\b'], t['\t'], t['\n'], t['\f'], t['\r'] = `\b`, `\t`, `\n`, `\f`, `\r`
	t['"'], t['\\'], t['/'] = `\"`, `\\`, `\/`
	t[0x7f] = `\u007f`
	return t
}()

// plain marks the bytes written as they are ('/' is decided per call).
var plain = func() (t [256]bool) {
	for c := range t {
		t[c] = escapes[c] == "" || c == '/'
	}
	return t
}()

// appendString appends s as a JSON string. escapeSlash is false once
// OpenResty's encode_escape_forward_slash(false) is in force.
func appendString(dst []byte, s string, escapeSlash bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if plain[c] && (c != '/' || !escapeSlash) {
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, escapes[c]...)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

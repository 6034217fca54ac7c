package parse

import "strings"

// idSize is LuaJIT's LUA_IDSIZE: the buffer size for a shortened source
// name, terminating NUL included.
const idSize = 60

// ShortSrc shortens a Lua chunk name the way LuaJIT's lj_debug_shortname
// does for source positions in messages: "=name" becomes "name" (at most 59
// bytes), "@path" becomes "path" (the last 56 bytes behind "..." when it is
// 60 bytes or longer), and anything else, taken as the source text itself,
// becomes [string "first line"] cut at the first control character or after
// 45 bytes, with "..." when it was cut.
func ShortSrc(chunkname string) string {
	switch {
	case strings.HasPrefix(chunkname, "="):
		s := cstring(chunkname[1:])
		if len(s) > idSize-1 {
			s = s[:idSize-1]
		}
		return s
	case strings.HasPrefix(chunkname, "@"):
		s := chunkname[1:]
		if len(s) >= idSize {
			return "..." + cstring(s[len(s)-(idSize-4):])
		}
		return cstring(s)
	}
	n := 0
	for n < idSize-12 && n < len(chunkname) && chunkname[n] >= ' ' {
		n++
	}
	if n == len(chunkname) || chunkname[n] == 0 {
		return `[string "` + chunkname[:n] + `"]`
	}
	if n > idSize-15 {
		n = idSize - 15
	}
	return `[string "` + chunkname[:n] + `..."]`
}

// cstring cuts s at its first NUL byte, as C string functions would.
func cstring(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

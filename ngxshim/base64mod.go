package ngxshim

import (
	"encoding/base64"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// ngx.base64: base64url as nginx's ngx_encode_base64url and
// ngx_decode_base64url do it: the URL-safe alphabet, no padding written,
// and on decoding everything from the first '=' on ignored.

func base64Module(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("version", lua.LString(RestyCoreVersion))
	L.SetFuncs(t, map[string]lua.LGFunction{
		"encode_base64url": encodeBase64URL,
		"decode_base64url": decodeBase64URL,
	})
	return t
}

func encodeBase64URL(L *lua.LState) int {
	s, ok := L.Get(1).(lua.LString)
	if !ok {
		L.Push(lua.LNil)
		L.Push(lua.LString("must provide a string"))
		return 2
	}
	L.Push(lua.LString(base64.RawURLEncoding.EncodeToString([]byte(s))))
	return 1
}

func decodeBase64URL(L *lua.LState) int {
	s, ok := L.Get(1).(lua.LString)
	if !ok {
		L.Push(lua.LNil)
		L.Push(lua.LString("must provide a string"))
		return 2
	}
	out, ok := decodeBase64URLString(string(s))
	if !ok {
		L.Push(lua.LNil)
		L.Push(lua.LString("invalid input"))
		return 2
	}
	L.Push(lua.LString(out))
	return 1
}

// decodeBase64URLString decodes like ngx_decode_base64url: the input ends
// at the first '=', every byte before must be in the URL-safe alphabet,
// and a length of 4n+1 is an error; leftover bits are dropped.
func decodeBase64URLString(s string) (string, bool) {
	if i := strings.IndexByte(s, '='); i >= 0 {
		s = s[:i]
	}
	if len(s)%4 == 1 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "", false
		}
	}
	out, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", false
	}
	return string(out), true
}

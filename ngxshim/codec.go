package ngxshim

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"hash/crc32"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// The codecs of the ngx table: URI escaping, query strings, base64, digests,
// CRC-32 and SQL quoting. OpenResty implements some in Lua (resty.core's
// uri, hash and base64 modules, whose coercions and error texts apply) and
// the rest in C (encode_args, decode_args, hmac_sha1, quote_sql_str, with
// luaL_check* errors); each function here follows the implementation the
// reference runs.

// The escaping types of ngx.escape_uri (ngx_escape_uri's NGX_ESCAPE_*).
const (
	escapeURI = iota
	escapeArgs
	escapeURIComponent
	escapeHTML
	escapeRefresh
	escapeMemcached
	escapeMailAuth
)

// maxArgsDefault is the number of arguments ngx.decode_args keeps when not
// told (NGX_HTTP_LUA_MAX_ARGS).
const maxArgsDefault = 100

// escapeSets tells, per escaping type, which bytes become %XX.
var escapeSets = func() (sets [escapeMailAuth + 1][256]bool) {
	for typ := range sets {
		for c := 0; c < 256; c++ {
			sets[typ][c] = escapedIn(typ, byte(c))
		}
	}
	return sets
}()

// escapedIn is nginx's choice for byte c under escaping type typ: control
// characters always, bytes from DEL up except for memcached and mail_auth,
// plus each type's own printable characters.
func escapedIn(typ int, c byte) bool {
	if c < 0x20 {
		return true
	}
	switch typ {
	case escapeMemcached, escapeMailAuth:
		return c == ' ' || c == '%'
	case escapeURIComponent:
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		return !alnum && strings.IndexByte("-._~!*'()", c) < 0
	}
	if c >= 0x7f {
		return true
	}
	own := map[int]string{
		escapeURI:     " #%?",
		escapeArgs:    " #%+?",
		escapeHTML:    " #\"%'",
		escapeRefresh: " \"'",
	}[typ]
	return strings.IndexByte(own, c) >= 0
}

// escapeURIType escapes s as ngx_escape_uri does for typ, with upper-case
// hex digits.
func escapeURIType(s string, typ int) string {
	const digits = "0123456789ABCDEF"
	set := &escapeSets[typ]
	n := 0
	for i := 0; i < len(s); i++ {
		if set[s[i]] {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if set[c] {
			b = append(b, '%', digits[c>>4], digits[c&15])
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// unescapeURIComponent decodes %XX sequences and '+' as ngx_lua's
// ngx_http_lua_unescape_uri does for URI components: a '%' not followed by
// two hex digits stays as it is.
func unescapeURIComponent(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '+':
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// decodeArgsTable parses a query string into a Lua table as
// ngx_http_lua_parse_args does: keys and values unescaped, a bare key maps
// to true, a repeated key collects its values in a list, pairs with an empty
// key are dropped. With max > 0, parsing stops after max pairs (empty ones
// included) when more follow, and truncated is set.
func decodeArgsTable(L *lua.LState, s string, max int) (t *lua.LTable, truncated bool) {
	t = L.NewTable()
	add := func(k string, v lua.LValue) {
		if k == "" {
			return
		}
		key := lua.LString(k)
		switch old := t.RawGet(key).(type) {
		case *lua.LNilType:
			t.RawSet(key, v)
		case *lua.LTable:
			old.RawSetInt(old.Len()+1, v)
		default:
			list := L.CreateTable(4, 0)
			list.RawSetInt(1, old)
			list.RawSetInt(2, v)
			t.RawSet(key, list)
		}
	}
	count := 0
	for s != "" {
		pair, rest, more := strings.Cut(s, "&")
		if !more {
			break
		}
		k, v, hasValue := strings.Cut(pair, "=")
		if hasValue {
			add(unescapeURIComponent(k), lua.LString(unescapeURIComponent(v)))
		} else {
			add(unescapeURIComponent(k), lua.LTrue)
		}
		s = rest
		if count++; max > 0 && count == max {
			return t, true
		}
	}
	if s != "" {
		if k, v, hasValue := strings.Cut(s, "="); hasValue {
			add(unescapeURIComponent(k), lua.LString(unescapeURIComponent(v)))
		} else {
			add(unescapeURIComponent(s), lua.LTrue)
		}
	}
	return t, false
}

// encodeBase64 is nginx's base64 with the standard alphabet, optionally
// without the '=' padding.
func encodeBase64(s string, noPadding bool) string {
	const basis = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b := make([]byte, 0, (len(s)+2)/3*4)
	for ; len(s) > 2; s = s[3:] {
		b = append(b, basis[s[0]>>2], basis[(s[0]&3)<<4|s[1]>>4], basis[(s[1]&15)<<2|s[2]>>6], basis[s[2]&63])
	}
	switch len(s) {
	case 1:
		b = append(b, basis[s[0]>>2], basis[(s[0]&3)<<4])
		if !noPadding {
			b = append(b, '=', '=')
		}
	case 2:
		b = append(b, basis[s[0]>>2], basis[(s[0]&3)<<4|s[1]>>4], basis[(s[1]&15)<<2])
		if !noPadding {
			b = append(b, '=')
		}
	}
	return string(b)
}

// base64Value maps the standard alphabet to its 6-bit values, -1 elsewhere.
var base64Value = func() (v [256]int8) {
	const basis = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range v {
		v[i] = -1
	}
	for i := 0; i < len(basis); i++ {
		v[basis[i]] = int8(i)
	}
	return v
}()

// decodeBase64 is ngx_decode_base64: the input ends at the first '='
// (whatever follows is ignored), any other byte outside the alphabet before
// it is an error, and so is a length leaving a single dangling character.
func decodeBase64(s string) (string, bool) {
	n := len(s)
	if i := strings.IndexByte(s, '='); i >= 0 {
		n = i
	}
	for i := 0; i < n; i++ {
		if base64Value[s[i]] < 0 {
			return "", false
		}
	}
	if n%4 == 1 {
		return "", false
	}
	b := make([]byte, 0, n/4*3+2)
	val := func(i int) byte { return byte(base64Value[s[i]]) }
	i := 0
	for ; n-i > 3; i += 4 {
		b = append(b, val(i)<<2|val(i+1)>>4, val(i+1)<<4|val(i+2)>>2, val(i+2)<<6|val(i+3))
	}
	if n-i > 1 {
		b = append(b, val(i)<<2|val(i+1)>>4)
	}
	if n-i > 2 {
		b = append(b, val(i+1)<<4|val(i+2)>>2)
	}
	return string(b), true
}

// quoteSQLStr quotes s for MySQL as ngx.quote_sql_str does: NUL, \b, \n,
// \r, \t, \Z (26), backslash and both quotes are backslash-escaped.
func quoteSQLStr(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 0:
			b.WriteString(`\0`)
		case '\b':
			b.WriteString(`\b`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 26:
			b.WriteString(`\Z`)
		case '\\', '\'', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// openCodec installs the codec functions into the ngx table.
func (a *api) openCodec(L *lua.LState) {
	for name, fn := range map[string]lua.LGFunction{
		"escape_uri":    ngxEscapeURI,
		"unescape_uri":  ngxUnescapeURI,
		"encode_args":   ngxEncodeArgs,
		"decode_args":   ngxDecodeArgs,
		"encode_base64": ngxEncodeBase64,
		"decode_base64": ngxDecodeBase64,
		"md5":           ngxMD5,
		"md5_bin":       ngxMD5Bin,
		"sha1_bin":      ngxSHA1Bin,
		"hmac_sha1":     ngxHMACSHA1,
		"crc32_short":   ngxCRC32,
		"crc32_long":    ngxCRC32,
		"quote_sql_str": ngxQuoteSQLStr,
	} {
		a.ngx.RawSetString(name, L.NewFunction(fn))
	}
}

// coerceString is resty.core's argument coercion for the string functions:
// nil and false become "", other non-strings go through tostring.
func coerceString(L *lua.LState, n int) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return string(v)
	case *lua.LNilType:
		return ""
	case lua.LBool:
		if !v {
			return ""
		}
	}
	return lua51compat.ToStringMeta(L, L.Get(n))
}

// checkCString is luaL_checklstring: a string, or a number in LuaJIT's
// format; anything else raises the C function's "bad argument".
func checkCString(L *lua.LState, n int) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return lua51compat.ToString(v)
	}
	cArgTypeError(L, n, "string")
	return ""
}

func ngxEscapeURI(L *lua.LState) int {
	s := coerceString(L, 1)
	typ := escapeURIComponent
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
	case lua.LNumber:
		// resty.core raises these with error(msg, 3): the position is that of
		// the caller's caller, if it is Lua code.
		// NaN passes resty.core's range check and makes nginx index its
		// tables out of bounds; it is refused here instead.
		if v < escapeURI || v > escapeMailAuth || v != v {
			raiseAt(L, 2, `"type" `+lua51compat.ToString(v)+" out of range")
		}
		typ = int(v)
	default:
		raiseAt(L, 2, `"type" is not a number`)
	}
	L.Push(lua.LString(escapeURIType(s, typ)))
	return 1
}

func ngxUnescapeURI(L *lua.LState) int {
	L.Push(lua.LString(unescapeURIComponent(coerceString(L, 1))))
	return 1
}

func ngxEncodeArgs(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		raiseAt(L, 1, "expecting 1 argument but seen "+strconv.Itoa(n))
	}
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		cArgTypeError(L, 1, "table")
	}
	L.Push(lua.LString(encodeArgs(L, t, 1, "encode_args")))
	return 1
}

func ngxDecodeArgs(L *lua.LState) int {
	n := L.GetTop()
	if n != 1 && n != 2 {
		raiseAt(L, 1, "expecting 1 or 2 arguments but seen "+strconv.Itoa(n))
	}
	s := checkCString(L, 1)
	max := maxArgsDefault
	if n == 2 {
		max = checkCInt(L, 2)
	}
	t, truncated := decodeArgsTable(L, s, max)
	L.Push(t)
	if truncated {
		L.Push(lua.LString("truncated"))
		return 2
	}
	return 1
}

func ngxEncodeBase64(L *lua.LState) int {
	s := coerceString(L, 1)
	noPadding := false
	if v := L.Get(2); lua.LVAsBool(v) {
		if v != lua.LTrue {
			raiseAt(L, 1, "bad no_padding: boolean expected, got "+v.Type().String())
		}
		noPadding = true
	}
	L.Push(lua.LString(encodeBase64(s, noPadding)))
	return 1
}

func ngxDecodeBase64(L *lua.LState) int {
	s, ok := L.Get(1).(lua.LString)
	if !ok {
		raiseAt(L, 1, "string argument only")
	}
	out, ok := decodeBase64(string(s))
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LString(out))
	return 1
}

func ngxMD5(L *lua.LState) int {
	sum := md5.Sum([]byte(coerceString(L, 1)))
	L.Push(lua.LString(hex.EncodeToString(sum[:])))
	return 1
}

func ngxMD5Bin(L *lua.LState) int {
	sum := md5.Sum([]byte(coerceString(L, 1)))
	L.Push(lua.LString(sum[:]))
	return 1
}

func ngxSHA1Bin(L *lua.LState) int {
	sum := sha1.Sum([]byte(coerceString(L, 1)))
	L.Push(lua.LString(sum[:]))
	return 1
}

// ngxCRC32 serves both crc32_short and crc32_long: nginx's two table sizes
// compute the same IEEE CRC-32.
func ngxCRC32(L *lua.LState) int {
	L.Push(lua.LNumber(crc32.ChecksumIEEE([]byte(coerceString(L, 1)))))
	return 1
}

func ngxHMACSHA1(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raiseAt(L, 1, "expecting 2 arguments, but got "+strconv.Itoa(n))
	}
	key, msg := checkCString(L, 1), checkCString(L, 2)
	mac := hmac.New(sha1.New, []byte(key))
	mac.Write([]byte(msg))
	L.Push(lua.LString(mac.Sum(nil)))
	return 1
}

func ngxQuoteSQLStr(L *lua.LState) int {
	if L.GetTop() != 1 {
		raiseAt(L, 1, "expecting one argument")
	}
	L.Push(lua.LString(quoteSQLStr(checkCString(L, 1))))
	return 1
}

// checkCInt is luaL_checkint: a number or numeric string, truncated.
func checkCInt(L *lua.LState, n int) int {
	switch v := L.Get(n).(type) {
	case lua.LNumber:
		return int(int32(int64(v)))
	case lua.LString:
		if f, ok := lua51compat.ParseNumber(string(v)); ok {
			return int(int32(int64(f)))
		}
	}
	cArgTypeError(L, n, "number")
	return 0
}

// whereAt is the "chunk:line: " prefix LuaJIT gives an error raised at
// the given level above the running Go function (1: its caller, as
// error(msg, 2) in a Lua function, or luaL_error in a C function), and ""
// when no Lua function runs there (a Go caller such as pcall, or the bottom
// of the stack).
func whereAt(L *lua.LState, level int) string {
	dbg, ok := L.GetStack(level)
	if !ok {
		return ""
	}
	if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil || dbg.What == "G" || dbg.CurrentLine <= 0 {
		return ""
	}
	return L.Where(level) + " "
}

// raiseAt raises msg with the position of the Lua function level frames
// up, if any.
func raiseAt(L *lua.LState, level int, msg string) {
	L.Error(lua.LString(whereAt(L, level)+msg), 0)
}

// cArgTypeError raises luaL_checktype's "bad argument #n to 'name' (T
// expected, got U)" as LuaJIT words it for a C function: named as the
// calling Lua code called it ('?' for a Go caller such as pcall), and with
// the arguments after the receiver numbered from 1 for a method call.
func cArgTypeError(L *lua.LState, n int, expected string) {
	got := "no value"
	if n <= L.GetTop() {
		got = L.Get(n).Type().String()
	}
	name, method := calledAs(L)
	msg := "bad argument #" + strconv.Itoa(n) + " to '" + name + "' (" + expected + " expected, got " + got + ")"
	if method {
		if n--; n == 0 {
			msg = "calling '" + name + "' on bad self (" + expected + " expected, got " + got + ")"
		} else {
			msg = "bad argument #" + strconv.Itoa(n) + " to '" + name + "' (" + expected + " expected, got " + got + ")"
		}
	}
	raiseAt(L, 1, msg)
}

// calledAs returns the name under which the calling Lua function called the
// running Go function ("?" when not called from Lua or unknown), and
// whether it was a method call (obj:name()). gopher-lua records call names
// by instruction but not the caller's current instruction, so all calls of
// that name on the caller's current line are looked at: a method call is
// one whose function register was loaded by OP_SELF.
func calledAs(L *lua.LState) (string, bool) {
	self, ok := L.GetStack(0)
	if !ok {
		return "?", false
	}
	if _, err := L.GetInfo("n", self, lua.LNil); err != nil {
		return "?", false
	}
	name := self.Name
	if name == "" || name == "?" || strings.HasPrefix(name, "(") || strings.HasPrefix(name, "<") {
		return "?", false
	}
	caller, ok := L.GetStack(1)
	if !ok {
		return "?", false
	}
	fv, err := L.GetInfo("Slf", caller, lua.LNil)
	fn, isFn := fv.(*lua.LFunction)
	if err != nil || !isFn || fn.IsG || fn.Proto == nil || caller.CurrentLine <= 0 {
		return "?", false
	}
	p := fn.Proto
	calls, methods := 0, 0
	for _, call := range p.DbgCalls {
		if call.Name != name || call.Pc >= len(p.Code) || call.Pc >= len(p.DbgSourcePositions) ||
			p.DbgSourcePositions[call.Pc] != caller.CurrentLine {
			continue
		}
		calls++
		if loadedByOpSelf(p.Code, call.Pc) {
			methods++
		}
	}
	return name, calls > 0 && methods == calls
}

// loadedByOpSelf reports whether the instruction that last wrote the
// function register of the call at pc is OP_SELF. (gopher-lua's encoding:
// the opcode in the top 6 bits, operand A in the next 8.)
func loadedByOpSelf(code []uint32, pc int) bool {
	reg := int(code[pc]>>18) & 0xff
	for i := pc - 1; i >= 0; i-- {
		if int(code[i]>>18)&0xff != reg {
			continue
		}
		switch int(code[i] >> 26) {
		case lua.OP_SELF:
			return true
		case lua.OP_MOVE, lua.OP_MOVEN, lua.OP_LOADK, lua.OP_LOADBOOL, lua.OP_LOADNIL,
			lua.OP_GETUPVAL, lua.OP_GETGLOBAL, lua.OP_GETTABLE, lua.OP_GETTABLEKS,
			lua.OP_NEWTABLE, lua.OP_ADD, lua.OP_SUB, lua.OP_MUL, lua.OP_DIV, lua.OP_MOD,
			lua.OP_POW, lua.OP_UNM, lua.OP_NOT, lua.OP_LEN, lua.OP_CONCAT, lua.OP_CALL,
			lua.OP_CLOSURE, lua.OP_VARARG, lua.OP_TESTSET:
			return false
		}
	}
	return false
}

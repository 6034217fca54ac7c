package ffi

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// string.format with 64-bit integer cdata: LuaJIT's %d, %i, %u, %o, %x and
// %X accept int64_t and uint64_t cdata and print all 64 bits. The wrapper
// formats those conversions itself and hands the rest of the format to
// the string.format it replaces.

func (s *ffiState) patchFormat(L *lua.LState) {
	str, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	orig, ok := str.RawGetString("format").(*lua.LFunction)
	if !ok || !orig.IsG {
		return
	}
	g := orig.GFunction
	str.RawSetString("format", L.NewFunction(func(L *lua.LState) int {
		if !s.hasInt64Arg(L) {
			return g(L)
		}
		f, ok := L.Get(1).(lua.LString)
		if !ok {
			return g(L)
		}
		newFmt, keep := s.renderInt64Specs(L, string(f))
		args := []lua.LValue{lua.LString(newFmt)}
		for _, i := range keep {
			args = append(args, L.Get(i))
		}
		L.SetTop(0)
		for _, a := range args {
			L.Push(a)
		}
		return g(L)
	}))
}

// hasInt64Arg reports whether a format argument is a 64-bit integer cdata.
func (s *ffiState) hasInt64Arg(L *lua.LState) bool {
	for i := 2; i <= L.GetTop(); i++ {
		if _, ok := s.int64Arg(L.Get(i)); ok {
			return true
		}
	}
	return false
}

// int64Arg returns the value of a 64-bit integer cdata and whether it is
// one.
func (s *ffiState) int64Arg(v lua.LValue) (cvalue, bool) {
	cd, ok := toCData(v)
	if !ok || cd.isCtype() || cd.ct.kind == kRef {
		return cvalue{}, false
	}
	r := cd.ct.raw()
	if r.kind != kInt || r.size != 8 {
		return cvalue{}, false
	}
	return cvalue{t: r, num: cd.num}, true
}

// renderInt64Specs replaces the integer conversions whose argument is a
// 64-bit cdata by their text and returns the new format and the indexes
// of the arguments still to format.
func (s *ffiState) renderInt64Specs(L *lua.LState, f string) (string, []int) {
	var out strings.Builder
	var keep []int
	arg := 2
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			out.WriteByte(c)
			continue
		}
		j := i + 1
		if j < len(f) && f[j] == '%' {
			out.WriteString("%%")
			i = j
			continue
		}
		for j < len(f) && strings.IndexByte("-+ #0123456789.", f[j]) >= 0 {
			j++
		}
		if j >= len(f) {
			out.WriteString(f[i:])
			break
		}
		spec, conv := f[i+1:j], f[j]
		if v, ok := s.int64Arg(L.Get(arg)); ok && strings.IndexByte("diuoxX", conv) >= 0 {
			text := formatInt64Spec(spec, conv, v.num)
			out.WriteString(strings.ReplaceAll(text, "%", "%%"))
		} else {
			out.WriteString(f[i : j+1])
			keep = append(keep, arg)
		}
		arg++
		i = j
	}
	for ; arg <= L.GetTop(); arg++ {
		keep = append(keep, arg)
	}
	return out.String(), keep
}

// formatInt64Spec formats a 64-bit value as C's printf does for one
// integer conversion with flags, width and precision.
func formatInt64Spec(spec string, conv byte, v uint64) string {
	var minus, plus, space, alt, zero bool
	k := 0
	for ; k < len(spec) && strings.IndexByte("-+ #0", spec[k]) >= 0; k++ {
		switch spec[k] {
		case '-':
			minus = true
		case '+':
			plus = true
		case ' ':
			space = true
		case '#':
			alt = true
		case '0':
			zero = true
		}
	}
	rest := spec[k:]
	width, prec := 0, -1
	if w, p, ok := strings.Cut(rest, "."); ok {
		width, _ = strconv.Atoi(w)
		prec, _ = strconv.Atoi(p)
	} else {
		width, _ = strconv.Atoi(rest)
	}
	sign, digits := "", ""
	switch conv {
	case 'd', 'i':
		n := int64(v)
		if n < 0 {
			sign, digits = "-", strconv.FormatUint(-uint64(n), 10)
		} else {
			digits = strconv.FormatUint(uint64(n), 10)
			if plus {
				sign = "+"
			} else if space {
				sign = " "
			}
		}
	case 'u':
		digits = strconv.FormatUint(v, 10)
	case 'o':
		digits = strconv.FormatUint(v, 8)
	case 'x':
		digits = strconv.FormatUint(v, 16)
	case 'X':
		digits = strings.ToUpper(strconv.FormatUint(v, 16))
	}
	if prec == 0 && v == 0 {
		digits = ""
	}
	for len(digits) < prec {
		digits = "0" + digits
	}
	if alt {
		switch {
		case conv == 'o' && !strings.HasPrefix(digits, "0"):
			digits = "0" + digits
		case conv == 'x' && v != 0:
			sign = "0x"
		case conv == 'X' && v != 0:
			sign = "0X"
		}
	}
	pad := width - len(sign) - len(digits)
	switch {
	case pad <= 0:
		return sign + digits
	case minus:
		return sign + digits + strings.Repeat(" ", pad)
	case zero && prec < 0:
		return sign + strings.Repeat("0", pad) + digits
	}
	return strings.Repeat(" ", pad) + sign + digits
}

package ngxshim

import (
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// shimHost is a Host for tests of the request-independent API: a clock
// that only ngx.sleep and the test move, and the process's shared dicts.
type shimHost struct {
	now   time.Time
	dicts *SharedDicts
}

func newShimHost() *shimHost { return &shimHost{now: time.UnixMilli(1700000000123)} }

func (h *shimHost) Current(L *lua.LState) *Ctx { return nil }
func (h *shimHost) Block(L *lua.LState, wait func(cancel <-chan struct{})) {
	wait(make(chan struct{}))
}
func (h *shimHost) Threads() ThreadScheduler                 { return nil }
func (h *shimHost) Timers() TimerScheduler                   { return nil }
func (h *shimHost) Exit(L *lua.LState)                       {}
func (h *shimHost) Log(L *lua.LState, level int, msg string) {}
func (h *shimHost) Worker() WorkerInfo {
	return WorkerInfo{Exiting: func() bool { return false }}
}
func (h *shimHost) Now() time.Time            { return h.now }
func (h *shimHost) UpdateTime()               {}
func (h *shimHost) SharedDicts() *SharedDicts { return h.dicts }

// sleep is ngx.sleep on the test clock.
func (h *shimHost) sleep(L *lua.LState) int {
	h.now = h.now.Add(time.Duration(float64(L.CheckNumber(1)) * float64(time.Second)))
	return 0
}

// printTo is a minimal ngx.say: arguments through tostring, then a newline.
func printTo(out *strings.Builder) lua.LGFunction {
	return func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			out.WriteString(lua51compat.ToStringMeta(L, L.Get(i)))
		}
		out.WriteByte('\n')
		L.Push(lua.LNumber(1))
		return 1
	}
}

// shimVM is a VM with LuaJIT's libraries, ngx.say writing to out, ngx.sleep
// moving the host's clock, and the API under test installed by open.
type shimVM struct {
	L    *lua.LState
	host *shimHost
	api  *api
	out  strings.Builder
}

func newShimVM(t testing.TB, open func(a *api, L *lua.LState)) *shimVM {
	t.Helper()
	vm := &shimVM{L: lua.NewState(), host: newShimHost()}
	t.Cleanup(vm.L.Close)
	L := vm.L
	lua51compat.OpenLibs(L)
	lua51compat.OpenLoad(L)
	vm.api = &api{h: vm.host, ngx: L.NewTable()}
	vm.api.ngx.RawSetString("say", L.NewFunction(printTo(&vm.out)))
	vm.api.ngx.RawSetString("sleep", L.NewFunction(vm.host.sleep))
	L.SetGlobal("ngx", vm.api.ngx)
	open(vm.api, L)
	return vm
}

// run runs src as a chunk named "t" and returns what it printed; a Lua
// error fails the test.
func (vm *shimVM) run(t testing.TB, src string) string {
	t.Helper()
	fn, err := lua51compat.Load(vm.L, []byte(src), "=t")
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	vm.out.Reset()
	vm.L.Push(fn)
	if err := vm.L.PCall(0, 0, nil); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, vm.out.String())
	}
	return vm.out.String()
}

// compareGolden runs the Lua file testdata/<name>.lua and compares its
// output, line by line, with testdata/<name>.out, which was recorded by
// running the same file on the reference nginx.
func compareGolden(t *testing.T, vm *shimVM, name string) {
	t.Helper()
	src, err := os.ReadFile("testdata/" + name + ".lua")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/" + name + ".out")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(vm.run(t, string(src)), "\n")
	wantLines := strings.Split(string(want), "\n")
	for i := 0; i < len(got) || i < len(wantLines); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Errorf("line %d:\n got: %q\nwant: %q", i+1, g, w)
		}
	}
}

func TestCodecGolden(t *testing.T) {
	vm := newShimVM(t, func(a *api, L *lua.LState) { a.openCodec(L) })
	compareGolden(t, vm, "codec/cases")
}

func TestEscapeURIType(t *testing.T) {
	// Expected values recorded from the reference (006-escape.t and probes).
	tests := []struct {
		in   string
		typ  int
		want string
	}{
		{"a 你", escapeURIComponent, "a%20%E4%BD%A0"},
		{"-_.!~*'()", escapeURIComponent, "-_.!~*'()"},
		{",$@|`", escapeURIComponent, "%2C%24%40%7C%60"},
		{"https://www.google.com/query?\r\nq=test", escapeURI, "https://www.google.com/query%3F%0D%0Aq=test"},
		{"https://www.google.com/?t=abc@ :", escapeArgs, "https://www.google.com/%3Ft=abc@%20:"},
		{"a+b #%", escapeArgs, "a%2Bb%20%23%25"},
		{"<a href='x'>#%", escapeHTML, "<a%20href=%27x%27>%23%25"},
		{"u='x y'%#", escapeRefresh, "u=%27x%20y%27%#"},
		{"key with space%\x7f\x80", escapeMemcached, "key%20with%20space%25\x7f\x80"},
		{"abc", escapeMailAuth, "abc"},
		{"", escapeURIComponent, ""},
	}
	for _, tt := range tests {
		if got := escapeURIType(tt.in, tt.typ); got != tt.want {
			t.Errorf("escapeURIType(%q, %d) = %q, want %q", tt.in, tt.typ, got, tt.want)
		}
	}
}

func TestUnescapeURIComponent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a%20%e4%bd%a0", "a 你"},
		{"%ua%%20%au", "%ua% %au"},
		{"%a", "%a"},
		{"%", "%"},
		{"good%20job%", "good job%"},
		{"a+b", "a b"},
		{"%2B%2b", "++"},
		{"?a=%3F", "?a=?"},
		{"%00x", "\x00x"},
	}
	for _, tt := range tests {
		if got := unescapeURIComponent(tt.in); got != tt.want {
			t.Errorf("unescapeURIComponent(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBase64(t *testing.T) {
	enc := []struct {
		in        string
		noPadding bool
		want      string
	}{
		{"hello", false, "aGVsbG8="},
		{"hello", true, "aGVsbG8"},
		{"w", false, "dw=="},
		{"ab", false, "YWI="},
		{"abc", true, "YWJj"},
		{"", false, ""},
	}
	for _, tt := range enc {
		if got := encodeBase64(tt.in, tt.noPadding); got != tt.want {
			t.Errorf("encodeBase64(%q, %v) = %q, want %q", tt.in, tt.noPadding, got, tt.want)
		}
	}
	dec := []struct {
		in   string
		want string
		ok   bool
	}{
		{"aGVsbG8=", "hello", true},
		{"YQ", "a", true},
		{"YQ==YWJj", "a", true},
		{"YW=Jj", "a", true},
		{"Y", "", false},
		{"YWJj\n", "", false},
		{"^*~", "", false},
		{"-_8", "", false},
		{"==", "", true},
	}
	for _, tt := range dec {
		got, ok := decodeBase64(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("decodeBase64(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestQuoteSQLStr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "''"},
		{"it's", `'it\'s'`},
		{"\x00\b\n\r\t\x1a", `'\0\b\n\r\t\Z'`},
		{`a"b\c`, `'a\"b\\c'`},
		{"\xe2\x80\x99'", "'\xe2\x80\x99\\''"},
	}
	for _, tt := range tests {
		if got := quoteSQLStr(tt.in); got != tt.want {
			t.Errorf("quoteSQLStr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeArgsTable(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	tests := []struct {
		in        string
		max       int
		want      string
		truncated bool
	}{
		{"a=1&b=2", 100, "a=1 b=2", false},
		{"a=1&a=2&a", 100, "a={1,2,true}", false},
		{"=1&=&&b=2", 100, "b=2", false},
		{"a=b=c", 100, "a=b=c", false},
		{"a=1&b=2", 1, "a=1", true},
		{"a=1&b=2", 2, "a=1 b=2", false},
		{"a=1&b=2&", 2, "a=1 b=2", true},
		{"&&a=1", 2, "", true},
		{"a%20b=c+d", 0, "a b=c d", false},
	}
	for _, tt := range tests {
		got, truncated := decodeArgsTable(L, tt.in, tt.max)
		if s := dumpArgs(got); s != tt.want || truncated != tt.truncated {
			t.Errorf("decodeArgsTable(%q, %d) = %q, %v, want %q, %v", tt.in, tt.max, s, truncated, tt.want, tt.truncated)
		}
	}
}

// dumpArgs renders an argument table with sorted keys.
func dumpArgs(t *lua.LTable) string {
	var keys []string
	t.ForEach(func(k, _ lua.LValue) { keys = append(keys, k.String()) })
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		v := t.RawGetString(k)
		if list, ok := v.(*lua.LTable); ok {
			var items []string
			for i := 1; i <= list.Len(); i++ {
				items = append(items, list.RawGetInt(i).String())
			}
			parts = append(parts, k+"={"+strings.Join(items, ",")+"}")
			continue
		}
		parts = append(parts, k+"="+v.String())
	}
	return strings.Join(parts, " ")
}

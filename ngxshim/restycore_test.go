package ngxshim

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// coreHost is a Host for the tests of the native OpenResty modules: one
// worker VM whose Lua threads (goroutines) take turns behind a baton, each
// with its context, and an error log kept in memory.
type coreHost struct {
	baton sync.Mutex
	// mu guards the fields below, which goroutines blocked off the baton
	// may touch.
	mu      sync.Mutex
	ctxs    map[*lua.LState]*Ctx
	def     *Ctx
	logs    []string
	threads sync.WaitGroup
}

func newCoreHost(def *Ctx) *coreHost {
	return &coreHost{ctxs: map[*lua.LState]*Ctx{}, def: def}
}

func (h *coreHost) Current(L *lua.LState) *Ctx {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c, ok := h.ctxs[L]; ok {
		return c
	}
	return h.def
}

func (h *coreHost) Block(L *lua.LState, wait func(cancel <-chan struct{})) {
	h.baton.Unlock()
	defer h.baton.Lock()
	wait(nil)
}

func (h *coreHost) Threads() ThreadScheduler { return nil }
func (h *coreHost) Timers() TimerScheduler   { return nil }
func (h *coreHost) Exit(L *lua.LState)       {}
func (h *coreHost) Log(L *lua.LState, level int, msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.logs = append(h.logs, levelName(level)+" "+msg)
}
func (h *coreHost) Worker() WorkerInfo {
	return WorkerInfo{PID: 4242, Count: 1, Exiting: func() bool { return false }}
}
func (h *coreHost) Now() time.Time { return time.Now() }
func (h *coreHost) UpdateTime()    {}

// ErrorLogLevel implements ErrorLogHost: the reference ran with
// "error_log ... debug".
func (h *coreHost) ErrorLogLevel(L *lua.LState) int { return LogDebug }

// CapturedErrorLog implements ErrorLogHost: no lua_capture_error_log.
func (h *coreHost) CapturedErrorLog() ErrorLogBuffer { return nil }

func levelName(level int) string {
	return [...]string{"stderr", "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"}[level]
}

// coreRequest is a request with a response header; the other methods are
// not used by these tests.
type coreRequest struct {
	Request
	header *coreHeader
	sent   bool
	reqHdr map[string][]string
}

func (r *coreRequest) Header() ResponseHeader { return r.header }
func (r *coreRequest) HeadersSent() bool      { return r.sent }

// SetRequestHeader implements RequestHeaderEditor.
func (r *coreRequest) SetRequestHeader(name string, values []string, override bool) error {
	if override {
		r.reqHdr[name] = nil
	}
	r.reqHdr[name] = append(r.reqHdr[name], values...)
	if len(r.reqHdr[name]) == 0 {
		delete(r.reqHdr, name)
	}
	return nil
}

// coreHeader is a response header keeping names in order.
type coreHeader struct {
	names []string
	vals  map[string][]string
}

func (h *coreHeader) Get(name string) []string { return h.vals[strings.ToLower(name)] }
func (h *coreHeader) Set(name string, values []string) {
	k := strings.ToLower(name)
	if _, ok := h.vals[k]; !ok && len(values) > 0 {
		h.names = append(h.names, name)
	}
	if len(values) == 0 {
		delete(h.vals, k)
		return
	}
	h.vals[k] = append([]string(nil), values...)
}
func (h *coreHeader) Names() []string { return h.names }

func newCoreRequest() *coreRequest {
	return &coreRequest{header: &coreHeader{vals: map[string][]string{}}, reqHdr: map[string][]string{}}
}

// coreVM is a worker VM built as the runtime builds one (LuaJIT's
// libraries, then the ngx API), with ngx.say writing to out.
type coreVM struct {
	L    *lua.LState
	host *coreHost
	mu   sync.Mutex
	out  strings.Builder
}

func newCoreVM(t testing.TB, host *coreHost) *coreVM {
	return newCoreVMWith(t, host, host)
}

// newCoreVMWith is newCoreVM with the ngx API bound to h, a host built on
// top of the baton host core.
func newCoreVMWith(t testing.TB, core *coreHost, h Host) *coreVM {
	t.Helper()
	vm := &coreVM{L: lua.NewState(), host: core}
	host := core
	L := vm.L
	lua51compat.OpenLibs(L)
	lua51compat.OpenLoad(L)
	lua51compat.Preload(L)
	Open(L, h)
	ngx := L.GetGlobal("ngx").(*lua.LTable)
	ngx.RawSetString("say", L.NewFunction(func(L *lua.LState) int {
		vm.mu.Lock()
		defer vm.mu.Unlock()
		for i := 1; i <= L.GetTop(); i++ {
			vm.out.WriteString(lua51compat.ToStringMeta(L, L.Get(i)))
		}
		vm.out.WriteByte('\n')
		return 0
	}))
	t.Cleanup(func() {
		host.threads.Wait()
		L.Close()
	})
	return vm
}

// run runs src as chunk "case" on the VM's main state, holding the baton,
// then waits for the Lua threads it started, and returns what was said.
func (vm *coreVM) run(t testing.TB, src string) string {
	t.Helper()
	fn, err := lua51compat.Load(vm.L, []byte(src), "=case")
	if err != nil {
		t.Fatal(err)
	}
	vm.mu.Lock()
	vm.out.Reset()
	vm.mu.Unlock()
	vm.host.baton.Lock()
	vm.L.Push(fn)
	err = vm.L.PCall(0, 0, nil)
	vm.host.baton.Unlock()
	if err != nil {
		t.Fatalf("run: %v\nsaid so far:\n%s", err, vm.out.String())
	}
	vm.host.threads.Wait()
	vm.mu.Lock()
	defer vm.mu.Unlock()
	return vm.out.String()
}

// compareRecorded runs testdata/restycore/<name>.lua and compares what it
// says with <name>.out, recorded from the reference nginx.
func compareRecorded(t *testing.T, vm *coreVM, name string) {
	t.Helper()
	src, err := os.ReadFile("testdata/restycore/" + name + ".lua")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/restycore/" + name + ".out")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(vm.run(t, string(src)), "\n")
	wl := strings.Split(string(want), "\n")
	for i := 0; i < len(got) || i < len(wl); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("line %d:\n got: %q\nwant: %q", i+1, g, w)
		}
	}
}

func contentCtx() *Ctx {
	return &Ctx{Phase: PhaseContent, Req: newCoreRequest()}
}

func TestRestyCoreModulesMatchReference(t *testing.T) {
	compareRecorded(t, newCoreVM(t, newCoreHost(contentCtx())), "modules")
}

func TestRestyCoreSingleThreadMatchesReference(t *testing.T) {
	compareRecorded(t, newCoreVM(t, newCoreHost(contentCtx())), "single")
}

// TestPreloadWinsOverPath puts failing lua-resty-core files on
// package.path: the native modules are loaded all the same.
func TestPreloadWinsOverPath(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"ngx/semaphore.lua", "ngx/base64.lua", "resty/core/base.lua", "resty/core.lua"} {
		if err := os.MkdirAll(dir+"/"+f[:strings.LastIndex(f, "/")], 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+f, []byte(`error("loaded from the path")`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	got := vm.run(t, `
package.path = "`+dir+`/?.lua;" .. package.path
package.loaded["resty.core"] = nil
package.loaded["resty.core.base"] = nil
for _, name in ipairs{"ngx.semaphore", "ngx.base64", "resty.core.base", "resty.core"} do
  local ok, m = pcall(require, name)
  ngx.say(name, " ", ok, " ", type(m) == "table" and m.version or m)
end
local ok, err = pcall(require, "ngx.nosuch")
ngx.say(ok, " ", err:find("ngx.nosuch", 1, true) ~= nil)
`)
	want := "ngx.semaphore true 0.1.25\nngx.base64 true 0.1.25\nresty.core.base true 0.1.25\nresty.core true 0.1.25\nfalse true\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestUnsupportedModulesFail(t *testing.T) {
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	got := vm.run(t, `
for _, name in ipairs{"ngx.ssl.session", "ngx.ocsp", "ngx.pipe"} do
  local m = require(name)
  local fname = next(m)
  while type(m[fname]) ~= "function" do fname = next(m, fname) end
  local ok, err = pcall(function() local r = m[fname](); return r end)
  ngx.say(ok, " ", err == "case:6: " .. name .. "." .. fname .. ": not supported by gresty")
end
ngx.say(require("ngx.ssl").TLS1_2_VERSION)
`)
	want := strings.Repeat("false true\n", 3) + "771\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

package runtime

import (
	"fmt"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Blocking calls work wherever Lua code runs: these are the places where
// LuaJIT fails with "attempt to yield across C-call boundary" (table.sort,
// require) or where gopher-lua's own coroutines misbehave (pcall,
// metamethods, iterators).
func TestSleepEverywhere(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "slowmod.lua"), []byte("ngx.sleep(0.001)\nreturn { v = 42 }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tw := newTestWorker(t, VMConfig{PackagePath: filepath.Join(dir, "?.lua")})
	cases := []struct{ name, src, want string }{
		{"pcall", `ngx.say(pcall(function() ngx.sleep(0.001) return "in pcall" end))`, "truein pcall\n"},
		{"xpcall", `ngx.say(xpcall(function(a) ngx.sleep(0.001) return a end, print, "arg"))`, "truearg\n"},
		{"xpcall error", `ngx.say(xpcall(function() ngx.sleep(0.001) error("x", 0) end, function(e) return "h:" .. e end))`, "falseh:x\n"},
		{"__index", `local t = setmetatable({}, {__index = function(_, k) ngx.sleep(0.001) return k .. "!" end}) ngx.say(t.foo)`, "foo!\n"},
		{"__newindex", `local log = {} local t = setmetatable({}, {__newindex = function(_, k, v) ngx.sleep(0.001) log[#log+1] = k .. v end}) t.a = 1 ngx.say(log[1])`, "a1\n"},
		{"__tostring", `local t = setmetatable({}, {__tostring = function() ngx.sleep(0.001) return "T" end}) ngx.say(tostring(t))`, "T\n"},
		{"__add", `local mt = {__add = function(a, b) ngx.sleep(0.001) return 3 end} ngx.say(setmetatable({}, mt) + 1)`, "3\n"},
		{"iterator", `local function it(s, i) ngx.sleep(0.001) if i < 3 then return i + 1 end end for i in it, nil, 0 do ngx.print(i) end ngx.say()`, "123\n"},
		{"coroutine.wrap", `local gen = coroutine.wrap(function() for i = 1, 3 do ngx.sleep(0.001) coroutine.yield(i) end end) ngx.say(gen(), gen(), gen())`, "123\n"},
		{"require", `ngx.say(require("slowmod").v)`, "42\n"},
		{"table.sort", `local t = {3, 1, 2} table.sort(t, function(a, b) ngx.sleep(0.001) return a < b end) ngx.say(table.concat(t, ","))`, "1,2,3\n"},
		{"string.gsub", `ngx.say((string.gsub("abc", "%w", function(c) ngx.sleep(0.001) return c:upper() end)))`, "ABC\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, res, _ := tw.content(t, c.src)
			if res.Err != nil {
				t.Fatalf("error: %v\nlog: %s", res.Err, tw.log.String())
			}
			if body != c.want {
				t.Fatalf("got %q, want %q", body, c.want)
			}
		})
	}
}

// gopher-lua's pcall closes every open upvalue of the thread on error;
// gresty's pcall keeps closures and their enclosing function sharing locals.
func TestPcallKeepsUpvalues(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	body, res, _ := tw.content(t, `
local x = 1
local function get() return x end
pcall(error, "e")
x = 2
ngx.say(get())
local ok, err = pcall(function() local y = 5; local f = function() return y end; error({f = f}) end)
ngx.say(ok, " ", err.f())
`)
	if res.Err != nil {
		t.Fatal(res.Err, tw.log.String())
	}
	if body != "2\nfalse 5\n" {
		t.Fatalf("got %q", body)
	}
}

func TestCoroutines(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	body, res, _ := tw.content(t, `
local co = coroutine.create(function(a, b)
  ngx.say("start ", a, b, " ", coroutine.status(coroutine.running()))
  local c = coroutine.yield(a + b)
  ngx.say("got ", c)
  error("boom", 0)
end)
ngx.say(coroutine.status(co))
ngx.say(coroutine.resume(co, 1, 2))
ngx.say(coroutine.status(co))
ngx.say(coroutine.resume(co, "x"))
ngx.say(coroutine.status(co))
ngx.say(coroutine.resume(co))
ngx.say(type(coroutine.running()), " ", coroutine.status(coroutine.running()))
ngx.say(coroutine.resume(coroutine.running()))
ngx.say(pcall(coroutine.yield, 1))
local outer = coroutine.wrap(function()
  local inner = coroutine.create(function() coroutine.yield("in") end)
  ngx.say(coroutine.resume(inner))
  coroutine.yield("out")
end)
ngx.say(outer())
`)
	if res.Err != nil {
		t.Fatal(res.Err, tw.log.String())
	}
	want := "suspended\nstart 12 running\ntrue3\nsuspended\ngot x\nfalseboom\ndead\nfalsecannot resume dead coroutine\nthread running\nfalsecannot resume running coroutine\ntrue\ntruein\nout\n"
	if body != want {
		t.Fatalf("got:\n%s\nwant:\n%s", body, want)
	}
}

func TestLightThreads(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	body, res, _ := tw.content(t, `
local function f(name, d)
  ngx.say(name, " start")
  ngx.sleep(d)
  ngx.say(name, " end")
  return name .. " done"
end
local t1 = ngx.thread.spawn(f, "a", 0.02)
ngx.say("after spawn a")
local t2 = ngx.thread.spawn(f, "b", 0.001)
ngx.say(coroutine.status(t1))
ngx.say(ngx.thread.wait(t1, t2))
ngx.say(ngx.thread.wait(t1))
ngx.say(ngx.thread.wait(t1))
local t3 = ngx.thread.spawn(function() ngx.sleep(1) ngx.say("never") end)
ngx.say(ngx.thread.kill(t3))
ngx.say(ngx.thread.kill(t3))
local t4 = ngx.thread.spawn(function() error("oops") end)
ngx.say(ngx.thread.wait(t4))
`)
	if res.Err != nil {
		t.Fatal(res.Err, tw.log.String())
	}
	want := "a start\nafter spawn a\nb start\nrunning\nb end\ntrueb done\na end\ntruea done\nnilalready waited or killed\n1\nnilalready waited or killed\nfalseoopscontent_by_lua(nginx.conf:1):18: oops\n"
	if body != want {
		t.Fatalf("got:\n%s\nwant:\n%s", body, want)
	}
	if !strings.Contains(tw.log.String(), "lua user thread aborted: runtime error: content_by_lua(nginx.conf:1):18: oops") {
		t.Fatalf("missing user thread error in log:\n%s", tw.log.String())
	}
}

// The request waits for its light threads; ngx.exit in a light thread ends
// the handler and kills the others.
func TestRunWaitsForThreadsAndExitKills(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	body, res, _ := tw.content(t, `
ngx.thread.spawn(function() ngx.sleep(0.01) ngx.say("late thread") end)
ngx.say("entry done")
`)
	if res.Err != nil || body != "entry done\nlate thread\n" {
		t.Fatalf("got %q %v", body, res.Err)
	}
	body, res, req := tw.content(t, `
ngx.thread.spawn(function() ngx.sleep(0.5) ngx.say("never") end)
ngx.thread.spawn(function() ngx.sleep(0.01) ngx.exit(503) end)
ngx.sleep(1)
ngx.say("never either")
`)
	if !res.Exited || req.exit != 503 || body != "" {
		t.Fatalf("got %q exited=%v status=%d", body, res.Exited, req.exit)
	}
}

func TestEntryErrorIsLoggedWithTraceback(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	_, res, _ := tw.content(t, "local function f() error(\"boom\") end\nlocal function g() f() end\ng()\n")
	if res.Err == nil {
		t.Fatal("no error")
	}
	log := tw.log.String()
	for _, want := range []string{
		"[error]",
		"*1 lua entry thread aborted: runtime error: content_by_lua(nginx.conf:1):1: boom\nstack traceback:\ncoroutine 0:\n\t[C]: in function 'error'\n\tcontent_by_lua(nginx.conf:1):1: in function 'f'\n\tcontent_by_lua(nginx.conf:1):2: in function 'g'\n\tcontent_by_lua(nginx.conf:1):3: in main chunk, client: 127.0.0.1\n",
	} {
		if !strings.Contains(log, want) {
			t.Fatalf("log lacks %q:\n%s", want, log)
		}
	}
}

func TestRequireLoopAndConcurrentLoad(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "loopmod.lua"), []byte("require 'loopmod'\nreturn 1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "parked.lua"), []byte("ngx.sleep(0.02)\ncount = (count or 0) + 1\nreturn { n = count }\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.lua"), []byte("error('bad module')\n"), 0o644)
	tw := newTestWorker(t, VMConfig{PackagePath: filepath.Join(dir, "?.lua")})
	body, _, _ := tw.content(t, `ngx.say(pcall(require, "loopmod"))`)
	if !strings.Contains(body, "loop or previous error loading module 'loopmod'") {
		t.Fatalf("got %q", body)
	}
	body, _, _ = tw.content(t, `ngx.say(pcall(require, "bad")) ngx.say(pcall(require, "bad"))`)
	if !strings.Contains(body, "bad module") || !strings.Contains(body, "loop or previous error loading module 'bad'") {
		t.Fatalf("got %q", body)
	}
	body, _, _ = tw.content(t, `ngx.say(pcall(require, "nosuch"))`)
	if !strings.Contains(body, "module 'nosuch' not found:\n\tno field package.preload['nosuch']\n\tno file '"+dir+"/nosuch.lua'") {
		t.Fatalf("got %q", body)
	}
	// Two requests require a module whose top-level code sleeps: the second
	// waits for the first instead of failing.
	var wg sync.WaitGroup
	out := make([]string, 2)
	for i := range out {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i], _, _ = tw.content(t, `ngx.say(require("parked").n)`)
		}(i)
	}
	wg.Wait()
	if out[0] != "1\n" || out[1] != "1\n" {
		t.Fatalf("got %q", out)
	}
}

func TestGlobalWriteGuardAndRequestGlobals(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	tw.content(t, "leaked = 1\n")
	if !strings.Contains(tw.log.String(), "[warn]") || !strings.Contains(tw.log.String(), "[lua] _G write guard:12: __newindex(): writing a global Lua variable ('leaked') which may lead to race conditions between concurrent requests, so prefer the use of 'local' variables\nstack traceback:\n\tcontent_by_lua(nginx.conf:1):1: in main chunk") {
		t.Fatalf("log:\n%s", tw.log.String())
	}
	body, _, _ := tw.content(t, "ngx.say(leaked)")
	if body != "1\n" {
		t.Fatalf("shared _G: got %q", body)
	}
}

func TestTimers(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	body, res, _ := tw.content(t, `
local ok, err = ngx.timer.at(0.01, function(premature, a) ngx.log(ngx.ERR, "timer fired ", tostring(premature), " ", a) end, "x")
ngx.say(ok, err, " ", ngx.timer.pending_count())
local n = 0
ngx.timer.every(0.005, function() n = n + 1 end)
ngx.sleep(0.05)
ngx.say(n >= 3)
`)
	if res.Err != nil || body != "1nil 1\ntrue\n" {
		t.Fatalf("got %q %v\n%s", body, res.Err, tw.log.String())
	}
	if !strings.Contains(tw.log.String(), "timer fired false x, context: ngx.timer") {
		t.Fatalf("log:\n%s", tw.log.String())
	}
}

// Premature timers: when the worker exits, pending timers run at once with
// premature set.
func TestTimerPremature(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	tw.content(t, `ngx.timer.at(100, function(premature) ngx.log(ngx.ERR, "premature: ", tostring(premature)) end)`)
	done := make(chan struct{})
	go func() { tw.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	if !strings.Contains(tw.log.String(), "premature: true") {
		t.Fatalf("log:\n%s", tw.log.String())
	}
	for _, want := range []string{"lua creating fake watcher connection", "lua abort pending timers", "lua found 1 pending timers to be aborted prematurely"} {
		if !strings.Contains(tw.log.String(), want) {
			t.Fatalf("log lacks %q:\n%s", want, tw.log.String())
		}
	}
}

// 1000 concurrent requests that sleep and spawn light threads on one VM:
// correct output, no data race (run with -race), and every goroutine gone
// soon after.
func TestManyConcurrentRequests(t *testing.T) {
	base := goruntime.NumGoroutine()
	tw := newTestWorker(t, VMConfig{})
	const n = 1000
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			src := fmt.Sprintf(`
local id = %d
local th = ngx.thread.spawn(function() ngx.sleep(0.001) return id * 2 end)
local co = coroutine.wrap(function() ngx.sleep(0.001) coroutine.yield(id) end)
ngx.sleep(0.002)
local ok, v = ngx.thread.wait(th)
ngx.say(id, " ", v, " ", co())`, i)
			body, res, _ := tw.content(t, src)
			if want := fmt.Sprintf("%d %d %d\n", i, i*2, i); res.Err != nil || body != want {
				errs <- fmt.Sprintf("request %d: got %q want %q (%v)", i, body, want, res.Err)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	deadline := time.Now().Add(time.Second)
	for goruntime.NumGoroutine() > base+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := goruntime.NumGoroutine(); g > base+2 {
		t.Fatalf("%d goroutines left, baseline %d", g, base)
	}
}

func TestCJSONLoads(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	body, res, _ := tw.content(t, `local cjson = require "cjson" ngx.say(cjson.encode({a = {1, 2, cjson.null}}), " ", cjson.null == ngx.null)`)
	if res.Err != nil || body != `{"a":[1,2,null]} true`+"\n" {
		t.Fatalf("got %q %v", body, res.Err)
	}
}

package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startWorkerThreads serves locations with a thread pool "pool" and the
// given Lua modules in lua_package_path.
func startWorkerThreads(t *testing.T, poolSize string, modules map[string]string, locations string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range modules {
		if err := os.WriteFile(filepath.Join(dir, name+".lua"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	conf := `
error_log logs/error.log debug;
thread_pool pool threads=4;
events {}
http {
    lua_package_path '` + dir + `/?.lua;;';
    lua_worker_thread_vm_pool_size ` + poolSize + `;
    lua_shared_dict dogs 1m;
    server {
        listen 127.0.0.1:PORT;
        ` + locations + `
    }
}
`
	_, base, prefix := startEngine(t, conf)
	return base, prefix
}

func TestRunWorkerThread(t *testing.T) {
	base, prefix := startWorkerThreads(t, "2", map[string]string{
		"m": `
local _M = {}
function _M.echo(...) return ... end
function _M.sum(t) local s = 0 for _, v in ipairs(t) do s = s + v end return s end
function _M.fail() error("oops") end
function _M.fn() return function() end end
function _M.api()
    return type(ngx.md5), type(ngx.re.match), type(ngx.shared.dogs), ngx.config.subsystem,
        type(ngx.say), type(ngx.var), type(ngx.run_worker_thread), ngx.shared.dogs:get("k")
end
_M.notfn = 1
return _M
`,
		"notmod": `return 42`,
	}, `
location = /t {
    content_by_lua_block {
        ngx.shared.dogs:set("k", "v")
        local function show(...)
            local out = {}
            for i = 1, select("#", ...) do out[#out + 1] = tostring((select(i, ...))) end
            ngx.say(table.concat(out, " "))
        end
        show(ngx.run_worker_thread("pool", "m", "echo", 1, "two", true, nil))
        show(ngx.run_worker_thread("pool", "m", "sum", {1, 2, 3}))
        show(ngx.run_worker_thread("pool", "m", "fail"))
        show(ngx.run_worker_thread("pool", "m", "fn"))
        show(ngx.run_worker_thread("pool", "m", "api"))
        show(ngx.run_worker_thread("pool", "m", "notfn"))
        show(ngx.run_worker_thread("pool", "notmod", "x"))
        show(ngx.run_worker_thread("pool", "m", "echo", print))
        local cyc = {} cyc.self = cyc
        show(ngx.run_worker_thread("pool", "m", "echo", cyc))
        show(ngx.run_worker_thread("nope", "m", "echo"))
        show(ngx.run_worker_thread("pool", "m"))
        show(ngx.run_worker_thread({}, "m", "echo"))
        show(ngx.run_worker_thread("pool", {}, "echo"))
        show(ngx.run_worker_thread("pool", "m", {}))
        local ok, err = ngx.run_worker_thread("pool", "absent", "x")
        show(ok, err:match("^module 'absent' not found:") ~= nil)
    }
}
`)
	want := strings.Join([]string{
		"true 1 two true nil",
		"true 6",
		"false " + "", // filled below
		"false unsupported Lua type: LUA_TFUNCTION in the return value",
		"true function function table http nil nil nil v",
		"false invalid function",
		"false invalid lua module",
		"false unsupported Lua type: LUA_TFUNCTION in the argument",
		"false suspicious circular references, table depth exceed max depth: 100 in the argument",
		"false thread pool nope not found",
		"false expecting at least 3 arguments",
		"false threadpool should be a string",
		"false module name should be a string",
		"false function name should be a string",
		"false true",
	}, "\n") + "\n"
	dir := ""
	got := getPath(t, base, "/t")
	for _, l := range strings.Split(got.body, "\n") {
		if strings.HasPrefix(l, "false ") && strings.HasSuffix(l, "/m.lua:5: oops") {
			dir = strings.TrimSuffix(strings.TrimPrefix(l, "false "), "/m.lua:5: oops")
		}
	}
	want = strings.Replace(want, "false \n", "false "+dir+"/m.lua:5: oops\n", 1)
	if dir == "" || got.body != want {
		t.Fatalf("got:\n%s\nwant:\n%s\n%s", got.body, want, errorLog(prefix))
	}
}

// A worker-thread VM keeps its loaded modules and globals between tasks,
// and at most lua_worker_thread_vm_pool_size VMs exist.
func TestWorkerThreadVMPool(t *testing.T) {
	base, prefix := startWorkerThreads(t, "1", map[string]string{
		"m": `
local n = 0
return {
    count = function() n = n + 1 return n end,
    slow = function() os.execute("sleep 0.3") return "slow" end,
}
`,
	}, `
location = /count { content_by_lua_block { ngx.say(select(2, ngx.run_worker_thread("pool", "m", "count"))) } }
location = /busy {
    content_by_lua_block {
        local th = ngx.thread.spawn(function() return ngx.run_worker_thread("pool", "m", "slow") end)
        ngx.say(ngx.run_worker_thread("pool", "m", "count"))
        ngx.say(select(2, ngx.thread.wait(th)))
    }
}
`)
	for _, want := range []string{"1\n", "2\n"} {
		if got := getPath(t, base, "/count"); got.body != want {
			t.Fatalf("got %q, want %q\n%s", got.body, want, errorLog(prefix))
		}
	}
	if got := getPath(t, base, "/busy"); got.body != "falseno available Lua vm\ntrueslow\n" {
		t.Fatalf("got %q\n%s", got.body, errorLog(prefix))
	}
}

// A caller killed while its task runs leaves the VM to come back to the
// pool when the task ends.
func TestWorkerThreadKilledCaller(t *testing.T) {
	base, prefix := startWorkerThreads(t, "1", map[string]string{
		"m": `return { slow = function() os.execute("sleep 0.2") return "slow" end, fast = function() return "fast" end }`,
	}, `
location = /kill {
    content_by_lua_block {
        local th = ngx.thread.spawn(function() return ngx.run_worker_thread("pool", "m", "slow") end)
        ngx.say(ngx.thread.kill(th))
        ngx.say(ngx.run_worker_thread("pool", "m", "fast"))
        ngx.sleep(0.4)
        ngx.say(ngx.run_worker_thread("pool", "m", "fast"))
    }
}
`)
	if got := getPath(t, base, "/kill"); got.body != "1\nfalseno available Lua vm\ntruefast\n" {
		t.Fatalf("got %q\n%s", got.body, errorLog(prefix))
	}
}

// startThreadPools starts an engine with the main-level directives main,
// the http-level ones httpExtra and the locations, with the Lua modules
// mods (name -> source) in html/, which is on lua_package_path.
func startThreadPools(t *testing.T, main, httpExtra, locations string, mods map[string]string) (string, string) {
	t.Helper()
	conf := `
error_log logs/error.log debug;
` + main + `
events {}
http {
    default_type text/plain;
    lua_package_path "$prefix/html/?.lua;;";
    ` + httpExtra + `
    server {
        listen 127.0.0.1:PORT;
        server_name localhost;
        ` + locations + `
    }
}
`
	_, base, prefix := startEngine(t, conf)
	for name, src := range mods {
		if err := os.WriteFile(prefix+"html/"+name+".lua", []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return base, prefix
}

// A worker-thread VM has what ngx_lua gives one: the codecs, the time
// functions, get_phase ("init": there is no request), ngx.re, ngx.config
// and ngx.shared, resty.core's modules that ngx_lua requires there, and
// resty.lrucache working (it needs ngx.now); no request API, no
// escape_uri (resty.core.uri is not loaded there) and no ngx.null.
func TestWorkerThreadVMAPI(t *testing.T) {
	base, prefix := startThreadPools(t, "thread_pool tp threads=2;", "lua_shared_dict d 1m;", `
location = /t {
    content_by_lua_block {
        ngx.shared.d:set("k", "from main")
        ngx.say(ngx.run_worker_thread("tp", "probe", "api"))
    }
}
`, map[string]string{"probe": `
local lrucache = require "resty.lrucache"
local c = lrucache.new(4)
return {api = function()
    c:set("x", 7, 60)
    local out = {
        type(ngx.now()), type(ngx.time()), ngx.http_time(0), ngx.get_phase(),
        tostring(ngx.escape_uri), tostring(ngx.say), tostring(ngx.var), tostring(ngx.null),
        ngx.encode_base64("ab"), ngx.re.match("abc", "b")[0], ngx.config.subsystem,
        ngx.shared.d:get("k"), c:get("x"),
        tostring(package.loaded["resty.core.time"] ~= nil),
        tostring(package.loaded["resty.core.uri"] ~= nil),
    }
    return table.concat(out, ",")
end}
`})
	got := getPath(t, base, "/t")
	want := "truenumber,number,Thu, 01 Jan 1970 00:00:00 GMT,init,nil,nil,nil,nil,YWI=,b,http,from main,7,true,false\n"
	if got.body != want {
		t.Fatalf("got %q, want %q\n%s", got.body, want, errorLog(prefix))
	}
}

// lua_worker_thread_vm_pool_size 0 allows no VM at all.
func TestWorkerThreadVMPoolSizeZero(t *testing.T) {
	base, prefix := startThreadPools(t, "thread_pool tp threads=1;", "lua_worker_thread_vm_pool_size 0;", `
location = /t { content_by_lua_block { ngx.say(ngx.run_worker_thread("tp", "m", "f")) } }
`, map[string]string{"m": `return {f = function() return 1 end}`})
	if got := getPath(t, base, "/t"); got.body != "falseno available Lua vm\n" {
		t.Fatalf("got %q\n%s", got.body, errorLog(prefix))
	}
}

// A pool runs at most "threads" tasks at once: two tasks that wait for
// each other meet on two threads, and on one the first gives up.
func TestWorkerThreadPoolThreads(t *testing.T) {
	mods := map[string]string{"meet": `
return {f = function(i)
    local d = ngx.shared.d
    d:incr("n", 1, 0)
    local deadline = ngx.now() + 0.3
    while d:get("n") < 2 do
        ngx.update_time()
        if ngx.now() > deadline then return i .. " alone" end
    end
    return i .. " met"
end}
`}
	for _, tc := range []struct{ threads, want string }{
		{"2", "truetrue1 met\ntruetrue2 met\n"},
		{"1", "truetrue1 alone\ntruetrue2 met\n"},
	} {
		base, prefix := startThreadPools(t, "thread_pool tp threads="+tc.threads+";", "lua_shared_dict d 1m;", `
location = /t {
    content_by_lua_block {
        local a = ngx.thread.spawn(function() return ngx.run_worker_thread("tp", "meet", "f", 1) end)
        ngx.sleep(0.05)
        local b = ngx.thread.spawn(function() return ngx.run_worker_thread("tp", "meet", "f", 2) end)
        ngx.say(ngx.thread.wait(a))
        ngx.say(ngx.thread.wait(b))
    }
}
`, mods)
		if got := getPath(t, base, "/t"); got.body != tc.want {
			t.Fatalf("threads=%s: got %q, want %q\n%s", tc.threads, got.body, tc.want, errorLog(prefix))
		}
	}
}

// A task that finds max_queue tasks waiting is not posted: the call fails
// and nginx's overflow line is logged.
func TestWorkerThreadQueueOverflow(t *testing.T) {
	base, prefix := startThreadPools(t, "thread_pool tp threads=1 max_queue=0;", "", `
location = /t { content_by_lua_block { ngx.say(ngx.run_worker_thread("tp", "m", "f")) } }
`, map[string]string{"m": `return {f = function() return 1 end}`})
	if got := getPath(t, base, "/t"); got.body != "falsengx_thread_task_post failed\n" {
		t.Fatalf("got %q\n%s", got.body, errorLog(prefix))
	}
	want := `[error] ` // followed by the pid
	line := `thread pool "tp" queue overflow: 0 tasks waiting`
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(errorLog(prefix), line) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	log := errorLog(prefix)
	i := strings.Index(log, line)
	if i < 0 || !strings.Contains(log[strings.LastIndex(log[:i], "\n")+1:i], want) {
		t.Fatalf("no overflow line at error level:\n%s", log)
	}
}

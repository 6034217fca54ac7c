package runtime

import (
	"os"
	"strings"
	"testing"
	"time"
)

// startWorkerThreads starts an engine with the main-level directives main,
// the http-level ones httpExtra and the locations, with the Lua modules
// mods (name -> source) in html/, which is on lua_package_path.
func startWorkerThreads(t *testing.T, main, httpExtra, locations string, mods map[string]string) (string, string) {
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
	base, prefix := startWorkerThreads(t, "thread_pool tp threads=2;", "lua_shared_dict d 1m;", `
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

// The VMs are pooled: at most lua_worker_thread_vm_pool_size exist, a
// call finding none free fails at once, and a VM is reused (its globals
// and loaded modules stay).
func TestWorkerThreadVMPool(t *testing.T) {
	base, prefix := startWorkerThreads(t, "thread_pool tp threads=4;", "lua_worker_thread_vm_pool_size 1;", `
location = /t {
    content_by_lua_block {
        local a = ngx.thread.spawn(ngx.run_worker_thread, "tp", "m", "wait", 0.2)
        local b = ngx.thread.spawn(ngx.run_worker_thread, "tp", "m", "wait", 0)
        ngx.say(ngx.thread.wait(a))
        ngx.say(ngx.thread.wait(b))
        ngx.say(ngx.run_worker_thread("tp", "m", "count"))
        ngx.say(ngx.run_worker_thread("tp", "m", "count"))
    }
}
location = /none {
    content_by_lua_block { ngx.say(ngx.run_worker_thread("tp", "m", "count")) }
}
`, map[string]string{"m": `
return {
    wait = function(s)
        local deadline = ngx.now() + s
        repeat ngx.update_time() until ngx.now() >= deadline
        return "waited"
    end,
    count = function() n = (n or 0) + 1 return n end,
}
`})
	got := getPath(t, base, "/t")
	want := "truetruewaited\ntruefalseno available Lua vm\ntrue1\ntrue2\n"
	if got.body != want {
		t.Fatalf("got %q, want %q\n%s", got.body, want, errorLog(prefix))
	}
}

// lua_worker_thread_vm_pool_size 0 allows no VM at all.
func TestWorkerThreadVMPoolSizeZero(t *testing.T) {
	base, prefix := startWorkerThreads(t, "thread_pool tp threads=1;", "lua_worker_thread_vm_pool_size 0;", `
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
		base, prefix := startWorkerThreads(t, "thread_pool tp threads="+tc.threads+";", "lua_shared_dict d 1m;", `
location = /t {
    content_by_lua_block {
        local a = ngx.thread.spawn(ngx.run_worker_thread, "tp", "meet", "f", 1)
        ngx.sleep(0.05)
        local b = ngx.thread.spawn(ngx.run_worker_thread, "tp", "meet", "f", 2)
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
	base, prefix := startWorkerThreads(t, "thread_pool tp threads=1 max_queue=0;", "", `
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

// A caller killed while its task runs gives the VM back when the task
// ends, so the pool of one VM serves the next call.
func TestWorkerThreadKilledCaller(t *testing.T) {
	base, prefix := startWorkerThreads(t, "thread_pool tp threads=1;", "lua_worker_thread_vm_pool_size 1;", `
location = /t {
    content_by_lua_block {
        local th = ngx.thread.spawn(ngx.run_worker_thread, "tp", "m", "wait", 0.1)
        ngx.say(ngx.thread.kill(th))
        ngx.say(ngx.run_worker_thread("tp", "m", "wait", 0))
        ngx.sleep(0.2)
        ngx.say(ngx.run_worker_thread("tp", "m", "wait", 0))
    }
}
`, map[string]string{"m": `
return {wait = function(s)
    local deadline = ngx.now() + s
    repeat ngx.update_time() until ngx.now() >= deadline
    return "done"
end}
`})
	want := "1\nfalseno available Lua vm\ntruedone\n"
	if got := getPath(t, base, "/t"); got.body != want {
		t.Fatalf("got %q, want %q\n%s", got.body, want, errorLog(prefix))
	}
}

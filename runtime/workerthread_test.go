package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
        local th = ngx.thread.spawn(ngx.run_worker_thread, "pool", "m", "slow")
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
        local th = ngx.thread.spawn(ngx.run_worker_thread, "pool", "m", "slow")
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

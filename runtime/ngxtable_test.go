package runtime

import (
	"strings"
	"testing"
)

// The coroutine table as ngx_lua leaves it, ndk.set_var, and the raw phase
// functions.
func TestNgxLuaTables(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	body, res, _ := tw.content(t, `
local keys = {}
for k in pairs(coroutine) do keys[#keys + 1] = k end
table.sort(keys)
ngx.say(table.concat(keys, " "))
ngx.say(package.loaded.ndk == ndk, " ", pcall(function() return ndk.set_var.set_no_such_directive end))
ngx.say(pcall(function() ndk.set_var.x = 1 end))
ngx.say(ngx._phase_ctx(), " ", ngx.get_raw_phase(require("resty.core.base").get_request()))
ngx.say(pcall(ngx.get_raw_phase, nil))
ngx.say(type(ngx.run_worker_thread))
`)
	if res.Err != nil {
		t.Fatalf("error: %s", tw.log.String())
	}
	want := "__create __resume __status __wrap __yield _create _resume _status _wrap _yield create resume running status wrap yield\n" +
		"true falsecontent_by_lua(nginx.conf:1):6: ndk.set_var: directive \"set_no_such_directive\" not found or does not use ndk_set_var_value\n" +
		"falsecontent_by_lua(nginx.conf:1):7: not allowed\n" +
		"8 8\n" +
		"falseno request context\n" +
		"function\n"
	if body != want {
		t.Fatalf("got:\n%s\nwant:\n%s", body, want)
	}
}

// lua_thread_cache_max_entries: request handlers take their Lua thread from
// the cache and put it back, as ngx_lua's debug log tells.
func TestThreadCache(t *testing.T) {
	count := func(log, s string) int { return strings.Count(log, s) }
	tw := newTestWorker(t, VMConfig{ThreadCacheMaxEntries: 1})
	tw.content(t, `ngx.say(1)`)
	tw.content(t, `ngx.say(1)`)
	log := tw.log.String()
	if count(log, "lua ref lua thread") != 1 || count(log, "lua reusing cached lua thread") != 1 || count(log, "lua caching unused lua thread") != 2 {
		t.Fatalf("cache of 1:\n%s", log)
	}
	tw = newTestWorker(t, VMConfig{ThreadCacheMaxEntries: -1})
	tw.content(t, `ngx.say(1)`)
	tw.content(t, `ngx.say(1)`)
	log = tw.log.String()
	if count(log, "lua ref lua thread") != 2 || count(log, "lua caching unused lua thread") != 0 || count(log, "http lua unref thread") != 2 {
		t.Fatalf("no cache:\n%s", log)
	}
}

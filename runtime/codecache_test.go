package runtime

import (
	"strings"
	"testing"
	"time"
)

// Under lua_code_cache off a request's own VM lives until the timers it
// made have run, as ngx_lua's reference-counted VM state.
func TestFreshVMOutlivesItsRequestForTimers(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /t {
    lua_code_cache off;
    content_by_lua_block {
        local n = 0
        ngx.timer.at(0.05, function() n = n + 1 ngx.log(ngx.WARN, "timer ran, n=", n) end)
        ngx.say("ok")
    }
}`)
	if got := getPath(t, base, "/t"); got.body != "ok\n" {
		t.Fatalf("got %q", got.body)
	}
	var log string
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if log = errorLog(prefix); strings.Contains(log, "lua close the global Lua VM") {
			break
		}
	}
	want := []string{"decrementing the reference count for Lua VM: 2", "timer ran, n=1",
		"decrementing the reference count for Lua VM: 1", "lua close the global Lua VM"}
	at := 0
	for _, w := range want {
		i := strings.Index(log[at:], w)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", w, log)
		}
		at += i
	}
	if strings.Contains(log, "process exiting") {
		t.Errorf("the timer saw its VM exiting:\n%s", log)
	}
}

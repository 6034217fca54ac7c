package runtime

import (
	"strings"
	"testing"
	"time"
)

func TestMallocTrimEveryN(t *testing.T) {
	base, prefix := startLocations(t, "lua_malloc_trim 2;", `location = /t { content_by_lua_block { ngx.say("ok") } }`)
	for i := 0; i < 5; i++ {
		getPath(t, base, "/t")
	}
	// the log phase runs after the response went out
	n := 0
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		log := errorLog(prefix)
		if n = strings.Count(log, "malloc_trim(1) returned "); n >= 2 && strings.Count(log, "lua log handler") == 5 {
			break
		}
	}
	if n != 2 {
		t.Errorf("%d trims for 5 requests, want 2\n%s", n, errorLog(prefix))
	}
}

package runtime

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// Timers that expire together run in the order they were made, as nginx's
// single timer tree runs them.
func TestTimersExpireInCreationOrder(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /t {
    content_by_lua_block {
        local seen = {}
        for i = 1, 30 do
            ngx.timer.at(i % 3 == 0 and 0.02 or 0, function()
                seen[#seen + 1] = i
                if #seen == 30 then ngx.log(ngx.WARN, "order: ", table.concat(seen, ",")) end
            end)
        end
        ngx.say("ok")
    }
}`)
	getPath(t, base, "/t")
	var want []string
	for i := 1; i <= 30; i++ {
		if i%3 != 0 {
			want = append(want, strconv.Itoa(i))
		}
	}
	for i := 3; i <= 30; i += 3 {
		want = append(want, strconv.Itoa(i))
	}
	line := "order: " + strings.Join(want, ",")
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if log := errorLog(prefix); strings.Contains(log, "order: ") {
			if !strings.Contains(log, line+",") && !strings.Contains(log, line+" ") && !strings.Contains(log, line+"\n") {
				t.Fatalf("want %q in:\n%s", line, log)
			}
			return
		}
	}
	t.Fatalf("the timers did not all run:\n%s", errorLog(prefix))
}

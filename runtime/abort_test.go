package runtime

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// lua_check_client_abort and ngx.on_abort: a client closing its
// connection while the handler sleeps.
func TestClientAbort(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /plain {
    lua_check_client_abort on;
    content_by_lua_block { ngx.sleep(0.5) ngx.log(ngx.WARN, "plain handler went on") }
}
location = /callback {
    lua_check_client_abort on;
    content_by_lua_block {
        local ok, err = ngx.on_abort(function ()
            ngx.log(ngx.WARN, "on abort called")
            ngx.exit(499)
        end)
        ngx.log(ngx.WARN, "registered ", ok, " ", tostring(err), " again ", select(2, ngx.on_abort(function() end)))
        ngx.sleep(0.5)
        ngx.log(ngx.WARN, "callback handler went on")
    }
}
location = /ignore {
    lua_check_client_abort on;
    content_by_lua_block {
        ngx.on_abort(function () ngx.log(ngx.WARN, "ignored abort") end)
        ngx.thread.spawn(function () ngx.sleep(0.4) ngx.log(ngx.WARN, "ignore handler done") end)
    }
}
location = /off {
    content_by_lua_block {
        local ok, err = ngx.on_abort(function () end)
        ngx.say(tostring(ok), " ", err)
    }
}
`)
	abort := func(path string) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n")
		time.Sleep(100 * time.Millisecond)
		conn.Close()
	}
	abort("/plain")
	abort("/callback")
	abort("/ignore")
	time.Sleep(700 * time.Millisecond)
	log := errorLog(prefix)
	if n := strings.Count(log, "client prematurely closed connection"); n != 3 {
		t.Errorf("%d abort lines", n)
	}
	for _, want := range []string{"on abort called", "registered 1 nil again duplicate call", "ignored abort", "ignore handler done"} {
		if !strings.Contains(log, want) {
			t.Errorf("error.log lacks %q", want)
		}
	}
	for _, unwanted := range []string{"plain handler went on", "callback handler went on"} {
		if strings.Contains(log, unwanted) {
			t.Errorf("error.log has %q", unwanted)
		}
	}
	if got := getPath(t, base, "/off"); got.body != "nil lua_check_client_abort is off\n" {
		t.Errorf("off: %q", got.body)
	}
}

package runtime

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// Light threads and pending subrequests: a subrequest cannot be abandoned
// halfway, so ngx_lua refuses to kill a thread waiting for one and to end
// the handler while one is pending.

func TestKillRefusesThreadWithPendingSubrequest(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /sub { echo_sleep 0.2; echo ok; }
location = /t {
    content_by_lua_block {
        local f = ngx.thread.spawn(function() ngx.location.capture("/sub") end)
        local g = ngx.thread.spawn(function() ngx.sleep(0.2) end)
        ngx.say("f: ", select(2, ngx.thread.kill(f)))
        ngx.say("g: ", ngx.thread.kill(g))
        ngx.say("f again: ", select(2, ngx.thread.kill(f)))
    }
}
`)
	got := getPath(t, base, "/t")
	want := "f: pending subrequests\ng: 1\nf again: pending subrequests\n"
	if got.body != want {
		t.Fatalf("got %q, want %q\n%s", got.body, want, errorLog(prefix))
	}
}

// A thread that is done with its subrequests can be killed again.
func TestKillAfterSubrequestDone(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /sub { echo ok; }
location = /t {
    content_by_lua_block {
        local f = ngx.thread.spawn(function() ngx.location.capture("/sub") ngx.sleep(0.2) end)
        ngx.sleep(0.05)
        ngx.say(ngx.thread.kill(f))
    }
}
`)
	if got := getPath(t, base, "/t"); got.body != "1\n" {
		t.Fatalf("got %q\n%s", got.body, errorLog(prefix))
	}
}

// ngx.exec, ngx.redirect and ngx.exit fail while a light thread waits for
// a subrequest, and the entry thread dying that way ends the request with
// no response at all (NGX_ERROR), not a 500.
func TestEntryAbortWithPendingSubrequestClosesConnection(t *testing.T) {
	for _, call := range []string{`ngx.exec("/foo")`, `ngx.redirect("/foo", 301)`, `ngx.exit(200)`} {
		base, prefix := startLocations(t, "", `
location = /sleep { echo_sleep 0.2; }
location = /foo { echo foo; }
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function() ngx.location.capture("/sleep") ngx.say("end") end)
        ngx.sleep(0.05)
        `+call+`
    }
}
`)
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(3 * time.Second))
		io.WriteString(conn, "GET /t HTTP/1.1\r\nHost: localhost\r\n\r\n")
		b, err := io.ReadAll(conn)
		conn.Close()
		if err != nil || len(b) != 0 {
			t.Errorf("%s: got %q, %v; want the connection closed with no response", call, b, err)
		}
		if log := errorLog(prefix); !strings.Contains(log, "lua entry thread aborted: runtime error: content_by_lua(nginx.conf:14):4: attempt to abort with pending subrequests") {
			t.Errorf("%s: error.log lacks the abort error:\n%s", call, log)
		}
	}
}

// ngx.req.set_uri(uri, true) in a light thread fails while the entry thread
// waits for a subrequest; the light thread dies and the entry thread goes on.
func TestSetURIJumpWithPendingSubrequest(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /sleep { echo_sleep 0.2; }
location = /foo { echo foo; }
location = /t {
    rewrite_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.05) ngx.req.set_uri("/foo", true) end)
        ngx.location.capture("/sleep")
        ngx.say("end ", ngx.var.uri)
    }
}
`)
	got := getPath(t, base, "/t")
	if got.body != "end /t\n" {
		t.Fatalf("got %q\n%s", got.body, errorLog(prefix))
	}
	if log := errorLog(prefix); !strings.Contains(log, "lua user thread aborted: runtime error: rewrite_by_lua(nginx.conf:14):2: attempt to abort with pending subrequests") {
		t.Errorf("error.log lacks the user thread's error:\n%s", log)
	}
}

// When a handler ends (ngx.exit here), its killed light threads have
// unwound before the run returns, as ngx_lua drops them at once.
func TestKilledThreadsUnwoundAtRunEnd(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	_, res, _ := tw.content(t, `
ngx.thread.spawn(function() ngx.sleep(10) end)
ngx.thread.spawn(function() ngx.sleep(10) end)
ngx.exit(200)
`)
	if !res.Exited {
		t.Fatal("not exited")
	}
	if n := strings.Count(tw.log.String(), "lua clean up the timer for pending ngx.sleep"); n != 2 {
		t.Fatalf("%d threads unwound when the run returned:\n%s", n, tw.log.String())
	}
}

// A semaphore its handler's killed thread waited on is garbage once the
// subrequest is over: collectgarbage() in the parent request finds it (Go's
// cleanup logs it asynchronously, so the test waits for the line).
func TestSemaphoreCollectedAfterSubrequest(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /up {
    content_by_lua_block {
        local sem = require("ngx.semaphore").new()
        ngx.thread.spawn(function() sem:wait(10) end)
        sem:post()
        ngx.say("hello")
        ngx.exit(200)
    }
}
location = /t {
    content_by_lua_block {
        local res = ngx.location.capture("/up")
        collectgarbage()
        ngx.print(res.body)
    }
}
`)
	if got := getPath(t, base, "/t"); got.body != "hello\n" {
		t.Fatalf("got %q", got.body)
	}
	log := errorLog(prefix)
	for i := 0; i < 200 && !strings.Contains(log, "in lua gc, semaphore 0x"); i++ {
		time.Sleep(10 * time.Millisecond)
		log = errorLog(prefix)
	}
	if !strings.Contains(log, "in lua gc, semaphore 0x") {
		t.Fatalf("the semaphore was not collected:\n%s", log)
	}
}

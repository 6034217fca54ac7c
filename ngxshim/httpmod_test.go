package ngxshim

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// httpTestServer answers on loopback: /echo describes the request, /slow
// answers after 150ms, /status/N answers with status N.
func httpTestServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/echo":
			body, _ := io.ReadAll(r.Body)
			c, _ := r.Cookie("c")
			var cookie string
			if c != nil {
				cookie = c.Value
			}
			user, pass, _ := r.BasicAuth()
			w.Header().Set("X-Method", r.Method)
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "42"})
			fmt.Fprintf(w, "%s %s q=%s h=%s c=%s ct=%s auth=%s:%s body=%s",
				r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("X-Test"), cookie,
				r.Header.Get("Content-Type"), user, pass, body)
		case r.URL.Path == "/slow":
			time.Sleep(150 * time.Millisecond)
			io.WriteString(w, "slow")
		case strings.HasPrefix(r.URL.Path, "/status/"):
			var code int
			fmt.Sscanf(r.URL.Path, "/status/%d", &code)
			w.WriteHeader(code)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPModule(t *testing.T) {
	srv := httpTestServer(t)
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	got := vm.run(t, `
local http = require "http"
local base = "`+srv.URL+`"
local r = http.get(base .. "/echo", {query = "a=1", headers = {["X-Test"] = "yes"}, cookies = {c = "v"}})
ngx.say(r.status_code, " ", r.body)
ngx.say(r.body_size == #r.body, " ", r.headers["X-Method"], " ", r.cookies.sid, " ", r.url == base .. "/echo?a=1")
ngx.say(r.headers ~= r.headers, " ", type(r.nosuch))
r = http.post(base .. "/echo", {body = "payload"})
ngx.say(r.body)
r = http.post(base .. "/echo", {form = "x=1"})
ngx.say(r.body)
r = http.request("PUT", base .. "/echo", {auth = {user = "u", pass = "p"}})
ngx.say(r.body)
ngx.say(http.head(base .. "/status/204").status_code, " ", http.delete(base .. "/status/404").status_code)
ngx.say(getmetatable(r) == http.response)
local rs, errs = http.request_batch({{"get", base .. "/status/201"}, {"get", "nosuch://x"}, {"post", base .. "/echo", {body = "b"}}})
-- gluahttp leaves the failed requests out of the responses and the
-- successful ones out of the errors.
ngx.say(#rs, " ", rs[1].status_code, " ", rs[2].body, " ", #errs, " ", errs[1]:find("nosuch", 1, true) ~= nil)
local none, err = http.get("http://127.0.0.1:1/")
ngx.say(none, " ", err:find("connection refused", 1, true) ~= nil)
none, err = http.get(base .. "/slow", {timeout = "20ms"})
ngx.say(none, " ", err:find("deadline exceeded", 1, true) ~= nil)
`)
	want := "200 GET /echo q=a=1 h=yes c=v ct= auth=: body=\n" +
		"true GET 42 true\n" +
		"true nil\n" +
		"POST /echo q= h= c= ct= auth=: body=payload\n" +
		"POST /echo q= h= c= ct=application/x-www-form-urlencoded auth=: body=x=1\n" +
		"PUT /echo q= h= c= ct= auth=u:p body=\n" +
		"204 404\n" +
		"true\n" +
		"2 201 POST /echo q= h= c= ct= auth=: body=b 1 true\n" +
		"nil true\n" +
		"nil true\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestHTTPModuleReleasesBaton: while one Lua thread waits for a slow
// server, the others run.
func TestHTTPModuleReleasesBaton(t *testing.T) {
	srv := httpTestServer(t)
	vm := withThreads(newCoreVM(t, newCoreHost(contentCtx())))
	got := vm.run(t, `
local http = require "http"
spawn(function()
  local r = http.get("`+srv.URL+`/slow")
  ngx.say("fetched ", r.body)
end)
sleep(0.03)
ngx.say("main ran")
`)
	if want := "main ran\nfetched slow\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHTTPModuleTestModeLoopbackOnly(t *testing.T) {
	t.Setenv("GRESTY_TEST_MODE", "1")
	srv := httpTestServer(t)
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	// 192.0.2.1 (TEST-NET-1) is refused before any packet is sent.
	got := vm.run(t, `
local http = require "http"
local r, err = http.get("http://192.0.2.1:9/")
ngx.say(r, " ", err:find("connecting to non-loopback address 192.0.2.1 is not allowed in test mode", 1, true) ~= nil)
ngx.say(http.get("`+srv.URL+`/status/200").status_code)
`)
	if want := "nil true\n200\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestHTTPCallCancelled: a killed Lua thread cancels its request.
func TestHTTPCallCancelled(t *testing.T) {
	srv := httpTestServer(t)
	cancel := make(chan struct{})
	time.AfterFunc(20*time.Millisecond, func() { close(cancel) })
	start := time.Now()
	res, err := runHTTP("get", []any{srv.URL + "/slow"}, cancel)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 120*time.Millisecond {
		t.Errorf("cancelled request took %v", d)
	}
	if len(res) != 2 || res[0] != nil || !strings.Contains(fmt.Sprint(res[1]), "context canceled") {
		t.Errorf("results %v, want nil and a cancellation error", res)
	}
}

func TestHTTPCopyKeepsStructure(t *testing.T) {
	vm := newCoreVM(t, newCoreHost(contentCtx()))
	vm.run(t, `t = {1, "two", {three = true}, [false] = 4.5}; t.self = t`)
	v := copyOut(vm.L.GetGlobal("t"), nil)
	back := copyIn(vm.L, v)
	vm.L.SetGlobal("u", back)
	got := vm.run(t, `ngx.say(u[1], u[2], tostring(u[3].three), u[false], u.self == u, u ~= t)`)
	if want := "1twotrue4.5truetrue\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

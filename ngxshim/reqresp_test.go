package ngxshim

import (
	"fmt"
	"strings"
	"testing"
)

// The expected values were printed by the same code on the reference
// nginx (ngx.header and ngx.req.get_headers read back).

func TestRespAddHeader(t *testing.T) {
	c := contentCtx()
	vm := newCoreVM(t, newCoreHost(c))
	got := vm.run(t, `
local resp = require "ngx.resp"
ngx.header.X_Foo = "a"
resp.add_header("X_Foo", "b")
resp.add_header("X-Foo", {"c", 1})
resp.add_header("X-Bar", 2.5)
resp.add_header("X-Empty", {})
local ok, err = pcall(function() resp.add_header("X-Nil") end)
local v = ngx.header["X-Foo"]
ngx.say(type(v), " ", type(v) == "table" and table.concat(v, ",") or v)
ngx.say(ngx.header["X-Bar"], " ", tostring(ngx.header["X-Empty"]))
ngx.say(ok, " ", err)
`)
	want := "table a,b,c,1\n2.5 nil\nfalse case:8: invalid header value\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// After the header is sent: logged and ignored, as ngx.header.
	c.Req.(*coreRequest).sent = true
	vm.run(t, `require("ngx.resp").add_header("X-Late", "1")`)
	if v := c.Req.Header().Get("X-Late"); v != nil {
		t.Errorf("header added after sending: %q", v)
	}
	if logs := strings.Join(vm.host.logs, "\n"); !strings.Contains(logs, "error attempt to set ngx.header.HEADER after sending out response headers") {
		t.Errorf("no error logged: %q", logs)
	}
}

func TestReqAddHeader(t *testing.T) {
	c := contentCtx()
	vm := newCoreVM(t, newCoreHost(c))
	got := vm.run(t, `
local req = require "ngx.req"
req.add_header("X-In", "1")
req.add_header("X-In", "2")
req.add_header("X-In", {"3", 4})
ngx.say(pcall(function() req.add_header("X-In") end))
ngx.say(pcall(function() req.add_header(nil, "x") end))
ngx.say(pcall(function() req.add_header("X-In", {}) end))
`)
	want := "falsecase:6: bad 'value' argument: string or table expected, got nil\n" +
		"falsecase:7: bad 'name' argument: string expected, got nil\n" +
		"falsecase:8: bad 'value' argument: non-empty table expected\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if v := strings.Join(c.Req.(*coreRequest).reqHdr["X-In"], ","); v != "1,2,3,4" {
		t.Errorf("X-In = %q, want 1,2,3,4", v)
	}
}

func TestHeaderModulesOutsideRequests(t *testing.T) {
	for _, tc := range []struct {
		ctx  *Ctx
		want string
	}{
		{&Ctx{Phase: PhaseInit}, "no request found"},
		{&Ctx{Phase: PhaseTimer}, "case:1: API disabled in the current context"},
	} {
		vm := newCoreVM(t, newCoreHost(tc.ctx))
		for _, mod := range []string{"ngx.resp", "ngx.req"} {
			got := vm.run(t, `local ok, err = pcall(function() require("`+mod+`").add_header("X", "1") end) ngx.say(err)`)
			if got != tc.want+"\n" {
				t.Errorf("%s in %s: got %q, want %q", mod, tc.ctx.Phase, got, tc.want)
			}
		}
	}
}

// bareRequest is a request that cannot edit its header.
type bareRequest struct{ Request }

func TestReqAddHeaderUnsupported(t *testing.T) {
	vm := newCoreVM(t, newCoreHost(&Ctx{Phase: PhaseContent, Req: bareRequest{}}))
	got := vm.run(t, `ngx.say(select(2, pcall(function() require("ngx.req").add_header("X", "1") end)))`)
	if want := "case:1: ngx.req.add_header: not supported by gresty\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// editingHeader records SetHeader calls, as the engine's response header
// applies nginx's rules itself.
type editingHeader struct {
	*coreHeader
	calls []string
}

func (h *editingHeader) SetHeader(name string, values []string, override bool) error {
	h.calls = append(h.calls, fmt.Sprintf("%s=%s override=%v", name, strings.Join(values, ","), override))
	return nil
}

type editingRequest struct {
	*coreRequest
	h *editingHeader
}

func (r editingRequest) Header() ResponseHeader { return r.h }

func TestRespAddHeaderThroughEditor(t *testing.T) {
	h := &editingHeader{coreHeader: &coreHeader{vals: map[string][]string{}}}
	vm := newCoreVM(t, newCoreHost(&Ctx{Phase: PhaseContent, Req: editingRequest{newCoreRequest(), h}}))
	vm.run(t, `require("ngx.resp").add_header("X_A", {"1", 2})`)
	if got, want := strings.Join(h.calls, ";"), "X-A=1,2 override=false"; got != want {
		t.Errorf("calls %q, want %q", got, want)
	}
}

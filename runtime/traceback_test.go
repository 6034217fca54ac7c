package runtime

import (
	"fmt"
	"strings"
	"testing"

	"gresty/ngxshim"
)

// deepChain is a chunk whose f1 raises an error under n nested calls.
func deepChain(n int) string {
	var b strings.Builder
	b.WriteString("local function f1() error(\"deep\") end\n")
	for i := 2; i <= n; i++ {
		fmt.Fprintf(&b, "local function f%d() local v = f%d() return v end\n", i, i-1)
	}
	fmt.Fprintf(&b, "f%d()\n", n)
	return b.String()
}

// ngx_lua's own traceback of a failed thread lists the first 22 frames and
// then "...", where LuaJIT's debug.traceback shows the first 12 and the last
// 10.
func TestThreadTracebackDepth(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	_, res, _ := tw.content(t, deepChain(30))
	if res.Err == nil {
		t.Fatal("no error")
	}
	log := tw.log.String()
	start := strings.Index(log, "stack traceback:\n")
	if start < 0 {
		t.Fatalf("no traceback:\n%s", log)
	}
	tb := log[start:]
	tb = tb[:strings.Index(tb, ", client:")]
	lines := strings.Split(tb, "\n")
	// "stack traceback:", "coroutine 0:", 22 frames, "..."
	if len(lines) != 25 {
		t.Fatalf("%d lines:\n%s", len(lines), tb)
	}
	if lines[2] != "\t[C]: in function 'error'" || lines[23] != "\tcontent_by_lua(nginx.conf:1):21: in function 'f21'" || lines[24] != "\t..." {
		t.Fatalf("unexpected frames %q %q %q:\n%s", lines[2], lines[23], lines[24], tb)
	}
}

// A stack of exactly 22 frames has no "..." line.
func TestThreadTracebackNoCut(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	// error, f1..f20, main chunk
	tw.content(t, deepChain(20))
	log := tw.log.String()
	if strings.Contains(log, "\t...") || !strings.Contains(log, "in main chunk, client:") {
		t.Fatalf("unexpected traceback:\n%s", log)
	}
}

// A plain protected call (init_by_lua here) gets debug.traceback's text:
// the frames of the thread the error reached, without coroutine labels,
// even when it came out of a wrapped coroutine.
func TestPlainCallTraceback(t *testing.T) {
	tw := newTestWorker(t, VMConfig{})
	tw.Lock()
	fn := tw.fn(t, "local co = coroutine.wrap(function()\nerror('x')\nend)\nco()\n", "init_by_lua(nginx.conf:1)")
	res := tw.runQuiet(&ngxshim.Ctx{Phase: ngxshim.PhaseInit}, fn)
	tw.Unlock()
	want := "stack traceback:\n\t[C]: in function 'co'\n\tinit_by_lua(nginx.conf:1):4: in main chunk"
	if res.lerr == nil || res.lerr.traceback != want {
		t.Fatalf("got %+v, want traceback %q", res.lerr, want)
	}
}

package conformance

import (
	"strings"
	"testing"
)

func TestLedgerRoundTrip(t *testing.T) {
	text := `# header
# more

s 002-content.t TEST-51 both environment: reason one
s 002-content.t TEST-3 gresty not-implemented:content: ngx.echo
s 014-bugs.t TEST-41 nginx environment: ee key too small
`
	l, err := ParseLedger(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 4 {
		t.Fatalf("%d entries, want 4 (both splits into two)", len(l.Entries))
	}
	out := l.Format()
	want := `# header
# more

s 002-content.t TEST-3 gresty not-implemented:content: ngx.echo
s 002-content.t TEST-51 both environment: reason one
s 014-bugs.t TEST-41 nginx environment: ee key too small
`
	if out != want {
		t.Errorf("Format:\n%s\nwant:\n%s", out, want)
	}
	if _, err := ParseLedger("s f TEST-1 somebody cls: x\n"); err == nil {
		t.Error("a bad target must be rejected")
	}
}

func results(blocks ...BlockResult) []FileResult {
	return []FileResult{{Suite: "s", File: "f.t", Blocks: blocks}}
}

func TestLedgerCompareAndUpdate(t *testing.T) {
	l, err := ParseLedger("s f.t TEST-1 gresty not-implemented:x: hand-written\ns f.t TEST-2 gresty environment: old\ns f.t TEST-6 gresty flaky: passes or not\n")
	if err != nil {
		t.Fatal(err)
	}
	run := results(
		BlockResult{Suite: "s", File: "f.t", ID: "TEST-1", Status: "fail", Reason: "error_code: status code mismatch"},
		BlockResult{Suite: "s", File: "f.t", ID: "TEST-2", Status: "pass"},
		BlockResult{Suite: "s", File: "f.t", ID: "TEST-3", Status: "fail", Reason: `start: cannot start server: [emerg] unknown directive "drizzle_pass"`},
		BlockResult{Suite: "s", File: "f.t", ID: "TEST-4", Status: "skip", Class: "skip", Reason: "--- SKIP"},
		BlockResult{Suite: "s", File: "f.t", ID: "TEST-5", Status: "skip", Class: ClassNeedsInternet, Reason: "needs the internet (x.org)"},
		BlockResult{Suite: "s", File: "f.t", ID: "TEST-6", Status: "pass"},
	)
	d := l.Compare("gresty", run)
	if len(d.Regressions) != 1 || d.Regressions[0].ID != "TEST-3" {
		t.Errorf("regressions = %+v, want TEST-3", d.Regressions)
	}
	if len(d.Stale) != 1 || d.Stale[0].ID != "TEST-2" {
		t.Errorf("stale = %+v, want TEST-2", d.Stale)
	}
	if d.Empty() || len(d.Lines()) != 2 {
		t.Errorf("lines = %v", d.Lines())
	}
	if got := l.Compare("nginx", run); len(got.Regressions) != 2 {
		t.Errorf("nginx has no ledger lines: want 2 regressions, got %+v", got.Regressions)
	}

	l.Update("gresty", run)
	out := l.Format()
	for _, want := range []string{
		"s f.t TEST-1 gresty not-implemented:x: hand-written",
		"s f.t TEST-3 gresty needs-module:drizzle: ",
		"s f.t TEST-5 gresty needs-internet: needs the internet (x.org)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("updated ledger lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "TEST-2 ") || strings.Contains(out, "TEST-4") {
		t.Errorf("passing and upstream-skipped blocks must not be ledgered:\n%s", out)
	}
	if !strings.Contains(out, "TEST-6 gresty flaky") {
		t.Errorf("a flaky line stays when its block passes:\n%s", out)
	}
	if d := l.Compare("gresty", run); !d.Empty() {
		t.Errorf("after update the run must match: %v", d.Lines())
	}
}

func TestAutoClass(t *testing.T) {
	tests := []struct {
		target, file, reason, want string
	}{
		{"nginx", "003-errors.t", `start: cannot start server: [emerg] 1#1: unknown directive "drizzle_pass" in x`, "needs-module:drizzle"},
		{"nginx", "065-x.t", `start: cannot start server: [emerg] 1#1: invalid event type "poll"`, "environment"},
		{"gresty", "002-content.t", "error_code: status code mismatch", "not-implemented:content"},
		{"gresty", "023-rewrite/exec.t", "x", "not-implemented:exec"},
		{"nginx", "147-x.t", "connect: lua tcp socket connect timed out, when connecting to 127.0.0.2:12345", "environment"},
	}
	for _, tt := range tests {
		got, _ := autoClass(tt.target, BlockResult{File: tt.file, Status: "fail", Reason: tt.reason})
		if got != tt.want {
			t.Errorf("autoClass(%s, %q) = %q, want %q", tt.target, tt.reason, got, tt.want)
		}
	}
}

func TestLedgerTextStaysOneLine(t *testing.T) {
	l := &Ledger{Entries: map[string]LedgerEntry{}}
	l.Update("gresty", results(BlockResult{Suite: "s", File: "f.t", ID: "TEST-1", Status: "fail",
		Reason: "response: invalid chunked body received: \r\nheader: value\r\n"}))
	back, err := ParseLedger(l.Format())
	if err != nil {
		t.Fatalf("a generated ledger must parse again: %v\n%s", err, l.Format())
	}
	if len(back.Entries) != 1 {
		t.Fatalf("got %d entries", len(back.Entries))
	}
}

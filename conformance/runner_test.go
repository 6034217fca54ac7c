package conformance

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func nginxTarget(t *testing.T) *Target {
	t.Helper()
	if _, err := os.Stat("/usr/sbin/nginx"); err != nil {
		t.Skip("no /usr/sbin/nginx")
	}
	if _, err := exec.LookPath("perl"); err != nil {
		t.Skip("no perl")
	}
	tg := NewNginxTarget("/usr/sbin/nginx", DefaultNginxModulesDir)
	if len(tg.LoadModules) < 2 {
		t.Skip("the lua module is not installed")
	}
	return tg
}

// TestRunnerOnNginx runs the runner's own sample suite on the reference
// server: every harness feature it uses must work, and the block written
// to fail must fail.
func TestRunnerOnNginx(t *testing.T) {
	tg := nginxTarget(t)
	file, _ := filepath.Abs(filepath.Join("testdata", "sample", "t", "sample.t"))
	res, err := NewRunner(Options{Target: tg, Jobs: 3, BasePort: 27840, NoRetry: true}).Run(context.Background(), []string{file})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"TEST-1": "pass", "TEST-2": "pass", "TEST-3": "pass", "TEST-4": "pass",
		"TEST-5": "fail", "TEST-6": "pass", "TEST-7": "skip",
	}
	for _, b := range res[0].Blocks {
		if want[b.ID] != b.Status {
			t.Errorf("%s: %s (%s), want %s", b.ID, b.Status, b.Reason, want[b.ID])
			for _, f := range b.Failures {
				t.Logf("  %s: %s\n   expected %q\n   actual   %q", f.Check, f.Message, f.Expected, f.Actual)
			}
		}
	}
	var fail BlockResult
	for _, b := range res[0].Blocks {
		if b.ID == "TEST-5" {
			fail = b
		}
	}
	checks := map[string]bool{}
	for _, f := range fail.Failures {
		checks[f.Check] = true
	}
	if !checks["error_code"] || !checks["response_body"] {
		t.Errorf("TEST-5 should fail on status and body, failures: %+v", fail.Failures)
	}
}

func TestProbe(t *testing.T) {
	tg := nginxTarget(t)
	if err := Probe(context.Background(), tg, 27850); err != nil {
		t.Fatalf("nginx must serve the trivial block: %v", err)
	}
	bogus := &Target{Name: "gresty", Bin: "/bin/false", NginxVersion: "1.022001"}
	err := Probe(context.Background(), bogus, 27851)
	if err == nil || !strings.Contains(err.Error(), "start") {
		t.Fatalf("a binary that exits must not pass the probe, got %v", err)
	}
}

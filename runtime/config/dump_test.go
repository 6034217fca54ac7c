package config

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// testdata/dump.txtar holds a configuration and what "nginx -T" printed
// for it on the reference; the file named "inc/a.conf" has its final
// newline removed before use, to show that file contents are copied as
// they are.
func dumpCase(t *testing.T) (*goldenCase, string) {
	c := readTxtar(t, "testdata/dump.txtar")
	c.files["conf/inc/a.conf"] = strings.TrimSuffix(c.files["conf/inc/a.conf"], "\n")
	return c, c.write(t)
}

func TestDump(t *testing.T) {
	c, dir := dumpCase(t)
	cfg, err := Load("conf/nginx.conf", dir+"/", "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := cfg.Dump(&b); err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(b.String(), dir, "PREFIX"); got != c.expect {
		t.Errorf("Dump:\n%s\nnginx -T (recorded):\n%s", got, c.expect)
	}
}

func TestDumpReference(t *testing.T) {
	nginx := os.Getenv("GRESTY_REFERENCE_NGINX")
	if nginx == "" {
		t.Skip("set GRESTY_REFERENCE_NGINX to the reference nginx binary to check the recording against it")
	}
	c, dir := dumpCase(t)
	cmd := exec.Command(nginx, "-T", "-p", dir+"/", "-c", "conf/nginx.conf")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(string(out), dir, "PREFIX")
	if got == c.expect {
		return
	}
	if *updateGolden {
		rewriteExpect(t, c, got)
		return
	}
	t.Errorf("recorded expectation differs from the reference:\nreference:\n%s\nrecorded:\n%s", got, c.expect)
}

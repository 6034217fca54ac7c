package config

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The golden cases in testdata/conf/*.txtar hold a configuration (files
// named "-- path --") and, in "-- expect --", the diagnostics the reference
// nginx printed for "nginx -t" on it, then "ok" or "failed". Paths are
// written as PREFIX. An optional "-- globals --" section holds -g
// directives.
//
// With GRESTY_REFERENCE_NGINX set to an nginx binary, TestGoldenReference
// checks every expectation against it; -update-golden rewrites them from
// its output.

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata expectations from the reference nginx")

type goldenCase struct {
	name    string
	path    string
	files   map[string]string
	order   []string
	expect  string
	globals string
}

func readTxtar(t *testing.T, path string) *goldenCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := &goldenCase{name: strings.TrimSuffix(filepath.Base(path), ".txtar"), path: path, files: map[string]string{}}
	var cur string
	var buf strings.Builder
	flush := func() {
		if cur == "" {
			return
		}
		switch cur {
		case "expect":
			c.expect = buf.String()
		case "globals":
			c.globals = strings.TrimSuffix(buf.String(), "\n")
		default:
			c.files[cur] = buf.String()
			c.order = append(c.order, cur)
		}
		buf.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimRight(line, "\n"), " --") {
			flush()
			cur = strings.TrimSuffix(strings.TrimPrefix(strings.TrimRight(line, "\n"), "-- "), " --")
			continue
		}
		if cur != "" {
			buf.WriteString(line)
		}
	}
	flush()
	return c
}

func (c *goldenCase) write(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range c.files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// gresty runs Load on a case and renders the outcome as the expectation is
// written.
func (c *goldenCase) gresty(t *testing.T) string {
	dir := c.write(t)
	cfg, err := Load("conf/nginx.conf", dir+"/", c.globals)
	var b strings.Builder
	var warnings []Diagnostic
	if cfg != nil {
		warnings = cfg.Warnings
	}
	if e, ok := err.(*Error); ok {
		warnings = append(append(warnings, e.Warnings...), e.Diagnostic)
	}
	for _, w := range warnings {
		b.WriteString("[" + w.Level.String() + "] " + w.String() + "\n")
	}
	if err != nil {
		b.WriteString("failed\n")
	} else {
		b.WriteString("ok\n")
	}
	return strings.ReplaceAll(b.String(), dir, "PREFIX")
}

var logLine = regexp.MustCompile(`^(?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d |nginx: )\[(\w+)\] (?:\d+#\d+: )?(.*)$`)

// reference runs the reference nginx on a case.
func (c *goldenCase) reference(t *testing.T, nginx string) string {
	dir := c.write(t)
	args := []string{"-t", "-p", dir + "/", "-c", "conf/nginx.conf"}
	if c.globals != "" {
		args = append(args, "-g", c.globals)
	}
	cmd := exec.Command(nginx, args...)
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	var b strings.Builder
	ok := false
	for _, line := range strings.Split(string(out), "\n") {
		if m := logLine.FindStringSubmatch(line); m != nil {
			b.WriteString("[" + m[1] + "] " + m[2] + "\n")
		}
		if strings.HasSuffix(line, "test is successful") {
			ok = true
		}
	}
	if ok {
		b.WriteString("ok\n")
	} else {
		b.WriteString("failed\n")
	}
	return strings.ReplaceAll(b.String(), dir, "PREFIX")
}

func goldenCases(t *testing.T) []*goldenCase {
	paths, err := filepath.Glob("testdata/conf/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no golden cases")
	}
	var out []*goldenCase
	for _, p := range paths {
		out = append(out, readTxtar(t, p))
	}
	return out
}

func TestGoldenConfigs(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			if got := c.gresty(t); got != c.expect {
				t.Errorf("%s:\ngresty:\n%s\nnginx (recorded):\n%s", c.path, got, c.expect)
			}
		})
	}
}

func TestGoldenReference(t *testing.T) {
	nginx := os.Getenv("GRESTY_REFERENCE_NGINX")
	if nginx == "" {
		t.Skip("set GRESTY_REFERENCE_NGINX to the reference nginx binary to check the golden cases against it")
	}
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := c.reference(t, nginx)
			if got == c.expect {
				return
			}
			if *updateGolden {
				rewriteExpect(t, c, got)
				return
			}
			t.Errorf("%s: recorded expectation differs from the reference:\nreference:\n%s\nrecorded:\n%s", c.path, got, c.expect)
		})
	}
}

func rewriteExpect(t *testing.T, c *goldenCase, expect string) {
	data, err := os.ReadFile(c.path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if i := strings.Index(s, "-- expect --\n"); i >= 0 {
		s = s[:i]
	}
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	s += "-- expect --\n" + expect
	if err := os.WriteFile(c.path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

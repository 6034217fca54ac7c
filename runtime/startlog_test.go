package runtime

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"gresty/runtime/config"
)

func TestReportConfigError(t *testing.T) {
	prefix := t.TempDir() + "/"
	os.MkdirAll(filepath.Join(prefix, "logs"), 0o755)
	os.MkdirAll(filepath.Join(prefix, "conf"), 0o755)
	conf := filepath.Join(prefix, "conf", "nginx.conf")
	os.WriteFile(conf, []byte("events {}\nhttp {\n  types { a/b x; a/c x; }\n  bogus;\n}\n"), 0o644)
	opts := Options{Prefix: prefix, ConfFile: "conf/nginx.conf"}
	_, err := LoadConfig(opts)
	if !errors.As(err, new(*config.Error)) {
		t.Fatalf("want a configuration error, got %v", err)
	}
	var stderr bytes.Buffer
	ReportConfigError(opts, err, "gresty", &stderr)
	wantErr := "gresty: [warn] duplicate extension \"x\", content type: \"a/c\", previous content type: \"a/b\" in " + conf + ":3\n" +
		"gresty: [emerg] unknown directive \"bogus\" in " + conf + ":4\n"
	if stderr.String() != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), wantErr)
	}
	log, _ := os.ReadFile(filepath.Join(prefix, "logs", "error.log"))
	re := regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[warn\] \d+#\d+: duplicate extension "x", .* in \S+:3\n` +
		`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[emerg\] \d+#\d+: unknown directive "bogus" in \S+nginx\.conf:4\n$`)
	if !re.Match(log) {
		t.Errorf("error.log:\n%s", log)
	}

	// -e stderr: the full lines go to stderr, and only them.
	stderr.Reset()
	opts.ErrorLog = "stderr"
	ReportConfigError(opts, err, "gresty", &stderr)
	if !regexp.MustCompile(`^\S+ \S+ \[warn\] \d+#\d+: duplicate .*\n\S+ \S+ \[emerg\] \d+#\d+: unknown directive "bogus" in .*:4\n$`).Match(stderr.Bytes()) {
		t.Errorf("-e stderr:\n%s", stderr.String())
	}
}

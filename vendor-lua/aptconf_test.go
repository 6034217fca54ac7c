package vendorlua

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadAptSources(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "sources.list.d"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "sources.list"), []byte(
		"# comment\ndeb [signed-by=/k.gpg] http://mirror.invalid/debian bookworm main contrib\ndeb-src http://mirror.invalid/debian bookworm main\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "sources.list.d", "distro.sources"), []byte(
		"Types: deb\nURIs: http://mirror.invalid/security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/k.gpg\n\n"+
			"Types: deb\nURIs: http://other.invalid/x\nSuites: nodistro\nComponents: main\n\n"+
			"Enabled: no\nTypes: deb\nURIs: http://off.invalid/\nSuites: bookworm\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "sources.list.d", "vendor.list.disabled"), []byte("deb http://x.invalid/ bookworm main\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "sources.list.d", "cloud.list"), []byte("deb http://cloud.invalid/apt cloud-sdk-bookworm main\n"), 0o644))

	srcs, err := readAptSources(dir, "bookworm")
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 {
		t.Fatalf("got %d sources, want 2 (third-party, disabled and non-release entries dropped): %+v", len(srcs), srcs)
	}
	out := renderSources(srcs)
	for _, want := range []string{"Types: deb deb-src", "Suites: bookworm\n", "Suites: bookworm-security", "Signed-By: /k.gpg", "Components: main contrib"} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered sources lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "other.invalid") || strings.Contains(out, "cloud.invalid") || strings.Contains(out, "off.invalid") {
		t.Errorf("foreign repositories leaked:\n%s", out)
	}
	if _, err := readAptSources(dir, "trixie"); err == nil {
		t.Error("no repository of the release must be an error")
	}
}

func TestMachineCodename(t *testing.T) {
	p := filepath.Join(t.TempDir(), "os-release")
	if err := os.WriteFile(p, []byte("NAME=\"Debian\"\nVERSION_CODENAME=bookworm\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := machineCodename(p); err != nil || c != "bookworm" {
		t.Fatalf("codename %q, %v", c, err)
	}
}

package vendorlua

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// origTarball builds a gzipped tarball wrapped in top/, like an orig
// tarball.
func origTarball(t *testing.T, top string, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	_ = tw.WriteHeader(&tar.Header{Name: top + "/", Typeflag: tar.TypeDir, Mode: 0o755})
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: top + "/" + name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestEnsureOffline vendors from an archive already in the download folder:
// no apt involved, the sha256 decides, a second run changes nothing.
func TestEnsureOffline(t *testing.T) {
	dir := t.TempDir()
	data := origTarball(t, "lua-resty-foo-1.0", map[string]string{"lib/resty/foo.lua": "return {}\n", "t/sanity.t": "__DATA__\n"})
	e := Entry{Name: "lua-resty-foo", Version: "1.0", Kind: KindSource, DebianPackage: "lua-nginx-foo",
		DebianVersion: "1.0-1", File: "lua-nginx-foo_1.0.orig.tar.gz", Sha256: sum(data), Provides: []string{"lib", "t"}}
	v := &Vendor{Dir: dir, Lock: Lock{Entries: []Entry{e}}, EtcApt: filepath.Join(dir, "no-apt"), OSRelease: filepath.Join(dir, "no-os-release")}
	if err := os.MkdirAll(v.downloadDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(v.downloadDir(), e.File), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := v.Check(); err == nil {
		t.Fatal("Check must fail before unpacking")
	}
	if err := v.Ensure(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "upstream", "lua-resty-foo-1.0", "lib", "resty", "foo.lua"))
	if err != nil || string(got) != "return {}\n" {
		t.Fatalf("unpacked file: %q, %v", got, err)
	}
	if err := v.Check(); err != nil {
		t.Fatalf("Check after Ensure: %v", err)
	}
	if err := v.Ensure(context.Background()); err != nil {
		t.Fatalf("second Ensure: %v", err)
	}

	// a corrupted archive is refused by its sha256 (and fetching it again
	// fails here, as there is no apt configuration)
	e2 := e
	e2.Sha256 = strings.Repeat("0", 64)
	v2 := &Vendor{Dir: dir, Lock: Lock{Entries: []Entry{e2}}, EtcApt: filepath.Join(dir, "no-apt"), OSRelease: filepath.Join(dir, "no-os-release")}
	if err := v2.Ensure(context.Background()); err == nil {
		t.Fatal("a pin that does not match the archive must fail")
	}
}

func TestUnpackMissingProvides(t *testing.T) {
	dir := t.TempDir()
	data := origTarball(t, "x-1", map[string]string{"README": "hi"})
	e := Entry{Name: "x", Version: "1", Kind: KindSource, File: "x.tar.gz", Sha256: sum(data), Provides: []string{"t"}}
	v := &Vendor{Dir: dir}
	archive := filepath.Join(dir, "x.tar.gz")
	if err := os.WriteFile(archive, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := v.unpack(context.Background(), e, archive); err == nil || !strings.Contains(err.Error(), "lacks t/") {
		t.Fatalf("want a missing-folder error, got %v", err)
	}
}

func TestVerifySha256(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := verifySha256(p, sum([]byte("abc"))); err != nil {
		t.Fatal(err)
	}
	if err := verifySha256(p, sum([]byte("abd"))); err == nil || !strings.Contains(err.Error(), "mismatch") {
		t.Fatalf("want a mismatch, got %v", err)
	}
	if err := verifySha256(p+"x", sum(nil)); !os.IsNotExist(err) {
		t.Fatalf("want not-exist, got %v", err)
	}
}

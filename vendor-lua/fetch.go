package vendorlua

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Vendor fetches and unpacks the lock file's entries below Dir.
type Vendor struct {
	// Dir is the vendor folder (vendor-lua/); sources unpack into Dir/upstream.
	Dir string
	// Lock is the parsed lock file.
	Lock Lock
	// EtcApt is the apt configuration root the repositories are read from.
	EtcApt string
	// OSRelease is the os-release file naming the machine's codename.
	OSRelease string
	// Log receives progress lines; nil discards them.
	Log io.Writer

	aptReady bool
}

// UpstreamDir is the folder holding the unpacked trees.
func (v *Vendor) UpstreamDir() string { return filepath.Join(v.Dir, "upstream") }

func (v *Vendor) downloadDir() string { return filepath.Join(v.UpstreamDir(), ".download") }
func (v *Vendor) aptDir() string      { return filepath.Join(v.UpstreamDir(), ".apt") }

// EntryDir is where an entry is unpacked.
func (v *Vendor) EntryDir(e Entry) string { return filepath.Join(v.UpstreamDir(), e.Dir()) }

func (v *Vendor) logf(format string, args ...any) {
	if v.Log != nil {
		fmt.Fprintf(v.Log, format+"\n", args...)
	}
}

// stampName marks a finished unpack; it records the archive's sha256 so a
// changed pin re-unpacks.
const stampName = ".gresty-vendored"

// Unpacked tells whether e is unpacked from the pinned archive.
func (v *Vendor) Unpacked(e Entry) bool {
	data, err := os.ReadFile(filepath.Join(v.EntryDir(e), stampName))
	return err == nil && strings.TrimSpace(string(data)) == e.Sha256
}

// Ensure makes every entry present: fetching what is missing, checking the
// sha256 of each archive and unpacking it. It does nothing (and needs no
// network) when everything is already unpacked.
func (v *Vendor) Ensure(ctx context.Context) error {
	var errs []error
	for _, e := range v.Lock.Entries {
		if v.Unpacked(e) {
			v.logf("ok       %s (%s)", e.Dir(), e.File)
			continue
		}
		if err := v.ensureOne(ctx, e); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", e.Dir(), err))
			continue
		}
		v.logf("vendored %s (%s)", e.Dir(), e.File)
	}
	return errors.Join(errs...)
}

// Check verifies without fetching: every entry unpacked from an archive
// whose sha256 matches the pin.
func (v *Vendor) Check() error {
	var errs []error
	for _, e := range v.Lock.Entries {
		if !v.Unpacked(e) {
			errs = append(errs, fmt.Errorf("%s: not vendored (run gresty vendor)", e.Dir()))
			continue
		}
		archive := filepath.Join(v.downloadDir(), e.File)
		if _, err := os.Stat(archive); err == nil {
			if err := verifySha256(archive, e.Sha256); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", e.Dir(), err))
			}
		}
	}
	return errors.Join(errs...)
}

func (v *Vendor) ensureOne(ctx context.Context, e Entry) error {
	archive := filepath.Join(v.downloadDir(), e.File)
	if err := verifySha256(archive, e.Sha256); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			v.logf("refetch  %s: %v", e.File, err)
			_ = os.Remove(archive)
		}
		if err := v.fetch(ctx, e); err != nil {
			return err
		}
		if err := verifySha256(archive, e.Sha256); err != nil {
			return fmt.Errorf("after fetching: %w", err)
		}
	}
	return v.unpack(ctx, e, archive)
}

func verifySha256(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("hash %s: %w", filepath.Base(path), err)
	}
	got := hex.EncodeToString(h.Sum(nil))
	if got != want {
		return fmt.Errorf("sha256 mismatch for %s: got %s, pinned %s", filepath.Base(path), got, want)
	}
	return nil
}

// aptOptions are the options that make apt use only the private folder.
func (v *Vendor) aptOptions() []string {
	d := v.aptDir()
	return []string{
		"-o", "Dir::Etc::SourceList=/dev/null",
		"-o", "Dir::Etc::SourceParts=" + filepath.Join(d, "sources.list.d"),
		"-o", "Dir::State::Lists=" + filepath.Join(d, "lists"),
		"-o", "Dir::Cache=" + filepath.Join(d, "cache"),
		"-o", "APT::Sandbox::User=root",
		"-o", "Debug::NoLocking=1",
		"-q",
	}
}

// prepareApt writes the private configuration and refreshes its indexes
// once per run.
func (v *Vendor) prepareApt(ctx context.Context) error {
	if v.aptReady {
		return nil
	}
	codename, err := machineCodename(v.OSRelease)
	if err != nil {
		return err
	}
	srcs, err := readAptSources(v.EtcApt, codename)
	if err != nil {
		return err
	}
	d := v.aptDir()
	for _, sub := range []string{"sources.list.d", "lists/partial", "cache/archives/partial"} {
		if err := os.MkdirAll(filepath.Join(d, sub), 0o755); err != nil {
			return fmt.Errorf("create apt folder: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(d, "sources.list.d", "gresty.sources"), []byte(renderSources(srcs)), 0o644); err != nil {
		return fmt.Errorf("write private sources: %w", err)
	}
	v.logf("apt-get update (private configuration in %s)", d)
	args := append([]string{"update"}, v.aptOptions()...)
	if out, err := v.run(ctx, d, "apt-get", args...); err != nil {
		return fmt.Errorf("apt-get update: %w\n%s", err, tail(out))
	}
	v.aptReady = true
	return nil
}

// fetch downloads e's archive into the download folder. apt's exit status
// is not trusted: the mirror may 404 the packaging tarball after serving the
// orig tarball, so the caller judges by the sha256.
func (v *Vendor) fetch(ctx context.Context, e Entry) error {
	if err := os.MkdirAll(v.downloadDir(), 0o755); err != nil {
		return fmt.Errorf("create download folder: %w", err)
	}
	if err := v.prepareApt(ctx); err != nil {
		return err
	}
	spec := e.DebianPackage + "=" + e.DebianVersion
	var args []string
	if e.Kind == KindSource {
		args = append([]string{"source", "--download-only"}, v.aptOptions()...)
	} else {
		args = append([]string{"download"}, v.aptOptions()...)
	}
	args = append(args, spec)
	v.logf("apt-get %s %s", args[0], spec)
	out, runErr := v.run(ctx, v.downloadDir(), "apt-get", args...)
	if _, err := os.Stat(filepath.Join(v.downloadDir(), e.File)); err != nil {
		if runErr != nil {
			return fmt.Errorf("apt-get %s %s did not produce %s: %w\n%s", args[0], spec, e.File, runErr, tail(out))
		}
		return fmt.Errorf("apt-get %s %s did not produce %s", args[0], spec, e.File)
	}
	return nil
}

func (v *Vendor) run(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive", "LC_ALL=C")
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	return buf.Bytes(), err
}

func tail(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return strings.Join(lines, "\n")
}

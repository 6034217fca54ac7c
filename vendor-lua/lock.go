// Package vendorlua fetches, verifies and unpacks the upstream sources that
// gresty's conformance suites run (the `gresty vendor` subcommand).
package vendorlua

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// LockFileName is the name of the lock file inside the vendor folder.
const LockFileName = "upstream.lock"

//go:embed upstream.lock
var embeddedLock string

// Kind tells how an upstream entry is served by Debian.
type Kind string

const (
	// KindSource is the orig tarball of a Debian source package.
	KindSource Kind = "source"
	// KindBinary is a Debian binary package (.deb).
	KindBinary Kind = "binary"
)

// Entry is one pinned upstream source of the lock file.
type Entry struct {
	Name          string
	Version       string
	Kind          Kind
	DebianPackage string
	DebianVersion string
	File          string
	Sha256        string
	Provides      []string
}

// Dir is the folder name the entry unpacks into, below upstream/.
func (e Entry) Dir() string { return e.Name + "-" + e.Version }

// Lock is the parsed lock file.
type Lock struct {
	Entries []Entry
}

// Find returns the entry with the given upstream name.
func (l Lock) Find(name string) (Entry, bool) {
	for _, e := range l.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// EmbeddedLock returns the lock file compiled into the binary.
func EmbeddedLock() (Lock, error) {
	return ParseLock(strings.NewReader(embeddedLock))
}

// LoadLock reads DIR/upstream.lock, falling back to the embedded copy when
// the folder has none (a gresty binary used outside the source tree).
func LoadLock(dir string) (Lock, error) {
	f, err := os.Open(filepath.Join(dir, LockFileName))
	if os.IsNotExist(err) {
		return EmbeddedLock()
	}
	if err != nil {
		return Lock{}, fmt.Errorf("open lock file: %w", err)
	}
	defer f.Close()
	return ParseLock(f)
}

// ParseLock parses the stanza format of upstream.lock: "key: value" lines,
// stanzas separated by blank lines, '#' comments.
func ParseLock(r io.Reader) (Lock, error) {
	var lock Lock
	var cur *Entry
	sc := bufio.NewScanner(r)
	line := 0
	flush := func() error {
		if cur == nil {
			return nil
		}
		if err := cur.validate(); err != nil {
			return err
		}
		lock.Entries = append(lock.Entries, *cur)
		cur = nil
		return nil
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(text, "#") {
			continue
		}
		if text == "" {
			if err := flush(); err != nil {
				return Lock{}, err
			}
			continue
		}
		key, value, ok := strings.Cut(text, ":")
		if !ok {
			return Lock{}, fmt.Errorf("lock line %d: expected \"key: value\"", line)
		}
		value = strings.TrimSpace(value)
		if cur == nil {
			cur = &Entry{}
		}
		switch strings.TrimSpace(key) {
		case "name":
			cur.Name = value
		case "version":
			cur.Version = value
		case "kind":
			cur.Kind = Kind(value)
		case "debian-package":
			cur.DebianPackage = value
		case "debian-version":
			cur.DebianVersion = value
		case "file":
			cur.File = value
		case "sha256":
			cur.Sha256 = strings.ToLower(value)
		case "provides":
			cur.Provides = strings.Fields(value)
		default:
			return Lock{}, fmt.Errorf("lock line %d: unknown key %q", line, key)
		}
	}
	if err := sc.Err(); err != nil {
		return Lock{}, fmt.Errorf("read lock file: %w", err)
	}
	if err := flush(); err != nil {
		return Lock{}, err
	}
	return lock, nil
}

func (e *Entry) validate() error {
	switch {
	case e.Name == "" || e.Version == "":
		return fmt.Errorf("lock entry %q: name and version are required", e.Name)
	case e.Kind != KindSource && e.Kind != KindBinary:
		return fmt.Errorf("lock entry %s: kind must be source or binary, not %q", e.Name, e.Kind)
	case e.DebianPackage == "" || e.DebianVersion == "" || e.File == "":
		return fmt.Errorf("lock entry %s: debian-package, debian-version and file are required", e.Name)
	case len(e.Sha256) != 64:
		return fmt.Errorf("lock entry %s: sha256 must be 64 hex digits", e.Name)
	case strings.ContainsAny(e.File, "/\\") || strings.Contains(e.Dir(), ".."):
		return fmt.Errorf("lock entry %s: file and name must be plain names", e.Name)
	}
	return nil
}

package conformance

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Block is one test block of a suite file, ready to be scheduled.
type Block struct {
	File   *SuiteFile
	Index  int    // 1-based position among the file's blocks
	ID     string // "TEST-n" (n from the block name), unique in the file
	Name   string // the name after "=== "
	Raw    RawBlock
	Perl   *PerlBlock // nil when Perl did not evaluate it
	Skip   string     // non-empty: the reason the block is not run
	Class  string     // ledger reason class of a skip (needs-internet, ...)
	Locks  []string   // shared resources the block needs alone
	Serial bool       // must not run beside other blocks (timing)
}

// SuiteFile is one .t file and what its Perl preamble set.
type SuiteFile struct {
	Path     string // absolute path
	Suite    string // e.g. lua-nginx-module (upstream name without version)
	Root     string // the suite's package root (prove's working directory)
	Rel      string // path relative to Root, e.g. t/002-content.t
	Settings Settings
	Env      map[string]string
	Loader   *Loader
	Blocks   []*Block
	Err      string // the file could not be loaded
	// WantResolver is the TEST_NGINX_RESOLVER the preamble asks for (its
	// "=" or "||=" default), which the runner replaces by its stub.
	WantResolver string
}

// Key is the ledger/report name of the file: "t/..." paths relative to
// the suite's t/ folder (002-content.t, 023-rewrite/exec.t).
func (f *SuiteFile) Key() string {
	return strings.TrimPrefix(f.Rel, "t/")
}

var testNumber = regexp.MustCompile(`^TEST\s+(\d+)\b`)

// assignIDs gives every block a "TEST-n" id, suffixing repeats of a number
// (".2", ".3") so ids stay unique within the file.
func assignIDs(blocks []*Block) {
	seen := map[string]int{}
	for _, b := range blocks {
		id := "TEST-" + strconv.Itoa(b.Index)
		if m := testNumber.FindStringSubmatch(strings.TrimSpace(b.Name)); m != nil {
			id = "TEST-" + m[1]
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s.%d", id, n)
		}
		b.ID = id
	}
}

// RunBlock is a block's section values for one run: the loader's tokens
// replaced by the run's server root and port.
type RunBlock struct {
	Block    *Block
	Sections map[string]Value
	Port     int
	ServRoot string
	// Call runs one of the loader's Perl code values.
	Call func(id int, arg string) (Value, error)
}

// Get returns a section's value (undefined when absent).
func (r *RunBlock) Get(name string) Value { return r.Sections[name] }

// Has tells whether the section exists (even with an undefined value).
func (r *RunBlock) Has(name string) bool {
	_, ok := r.Sections[name]
	return ok
}

// Str returns a section as a string ("" when absent).
func (r *RunBlock) Str(name string) string { return r.Sections[name].Str }

func newRunBlock(b *Block, servRoot string, port int) *RunBlock {
	rb := &RunBlock{Block: b, Sections: map[string]Value{}, Port: port, ServRoot: servRoot}
	if b.Perl != nil {
		for k, v := range b.Perl.Sections {
			rb.Sections[k] = v.mapStrings(func(s string) string { return ReplaceTokens(s, servRoot, port) })
		}
	}
	if l := b.File.Loader; l != nil {
		rb.Call = l.Call
	}
	return rb
}

package conformance

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
)

// LedgerEntry is one block expected not to pass on a target.
type LedgerEntry struct {
	Suite  string
	File   string
	ID     string
	Target string // gresty or nginx ("both" is split on load)
	Class  string // e.g. needs-module:drizzle
	Text   string
}

func (e LedgerEntry) key() string { return e.Suite + " " + e.File + " " + e.ID + " " + e.Target }

// Ledger is the reviewable list of blocks expected not to pass:
// "suite file TEST-n target reason-class: free text" lines.
type Ledger struct {
	Entries map[string]LedgerEntry
	// Header is the comment block kept at the top of the file.
	Header []string
}

var ledgerLine = regexp.MustCompile(`^(\S+)\s+(\S+)\s+(TEST-\S+)\s+(gresty|nginx|both)\s+([a-z-]+(?::\S+)?):\s?(.*)$`)

// ParseLedger reads ledger lines; '#' lines and blank lines are comments.
func ParseLedger(text string) (*Ledger, error) {
	l := &Ledger{Entries: map[string]LedgerEntry{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	inHeader := true
	for sc.Scan() {
		n++
		line := sc.Text()
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			if inHeader {
				l.Header = append(l.Header, line)
			}
			continue
		}
		inHeader = false
		m := ledgerLine.FindStringSubmatch(t)
		if m == nil {
			return nil, fmt.Errorf("ledger line %d: want \"suite file TEST-n target class: text\", got %q", n, t)
		}
		targets := []string{m[4]}
		if m[4] == "both" {
			targets = []string{"gresty", "nginx"}
		}
		for _, tg := range targets {
			e := LedgerEntry{Suite: m[1], File: m[2], ID: m[3], Target: tg, Class: m[5], Text: m[6]}
			l.Entries[e.key()] = e
		}
	}
	return l, sc.Err()
}

// LoadLedger reads a ledger file; a missing file gives an empty ledger and
// the not-exist error.
func LoadLedger(p string) (*Ledger, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return &Ledger{Entries: map[string]LedgerEntry{}}, err
	}
	return ParseLedger(string(data))
}

// Format renders the ledger sorted by suite, file, test number and
// target, merging identical gresty and nginx lines into "both".
func (l *Ledger) Format() string {
	type row struct {
		e      LedgerEntry
		target string
	}
	byBlock := map[string][]LedgerEntry{}
	for _, e := range l.Entries {
		k := e.Suite + " " + e.File + " " + e.ID
		byBlock[k] = append(byBlock[k], e)
	}
	var rows []row
	for _, es := range byBlock {
		if len(es) == 2 && es[0].Class == es[1].Class && es[0].Text == es[1].Text {
			rows = append(rows, row{es[0], "both"})
			continue
		}
		for _, e := range es {
			rows = append(rows, row{e, e.Target})
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i].e, rows[j].e
		if a.Suite != b.Suite {
			return a.Suite < b.Suite
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.ID != b.ID {
			return lessID(a.ID, b.ID)
		}
		return rows[i].target < rows[j].target
	})
	var sb strings.Builder
	for _, h := range l.Header {
		sb.WriteString(h + "\n")
	}
	for _, r := range rows {
		fmt.Fprintf(&sb, "%s %s %s %s %s: %s\n", r.e.Suite, r.e.File, r.e.ID, r.target, r.e.Class, oneLine(r.e.Text))
	}
	return sb.String()
}

// lessID orders TEST-2 before TEST-10.
func lessID(a, b string) bool {
	var na, nb int
	var ra, rb string
	fmt.Sscanf(a, "TEST-%d%s", &na, &ra)
	fmt.Sscanf(b, "TEST-%d%s", &nb, &rb)
	if na != nb {
		return na < nb
	}
	return ra < rb
}

// Save writes the ledger file.
func (l *Ledger) Save(p string) error {
	if len(l.Header) == 0 {
		l.Header = defaultLedgerHeader
	}
	return os.WriteFile(p, []byte(l.Format()), 0o644)
}

var defaultLedgerHeader = []string{
	"# Blocks of the pinned upstream suites expected not to pass, one per line:",
	"#   suite file TEST-n target reason-class: free text",
	"# target is gresty, nginx or both; reason classes: not-implemented:<area>,",
	"# needs-internet, needs-module:<name>, luajit-only, gresty-extension,",
	"# environment, flaky, runner-limit. Regenerate with",
	"#   gresty test --target T --ledger conformance/ledger.txt --ledger-update PATH...",
	"# which keeps the class and text of lines that stay.",
	"",
}

// ledgered tells whether a result belongs in the ledger: failures, and
// skips the runner decided on (not upstream's own SKIP/skip_all).
func ledgered(r BlockResult) bool {
	switch r.Status {
	case "fail":
		return true
	case "skip":
		return r.Class != "" && r.Class != "skip"
	}
	return false
}

// Update makes the ledger's lines for target match the run: new lines for
// blocks that do not pass, removal for blocks that now pass; lines that
// stay keep their (hand-written) class and text.
func (l *Ledger) Update(target string, results []FileResult) {
	for _, f := range results {
		for _, r := range f.Blocks {
			if r.Status == "skip" && r.Class == "skip" {
				continue
			}
			e := LedgerEntry{Suite: r.Suite, File: r.File, ID: r.ID, Target: target}
			old, had := l.Entries[e.key()]
			switch {
			case ledgered(r) && had:
				_ = old
			case ledgered(r):
				e.Class, e.Text = autoClass(target, r)
				l.Entries[e.key()] = e
			case r.Status == "pass" && !(had && old.Class == ClassFlaky):
				delete(l.Entries, e.key())
			}
		}
	}
}

// LedgerDiff is the difference between a run and the ledger.
type LedgerDiff struct {
	Regressions []BlockResult // failed, not in the ledger
	Stale       []LedgerEntry // in the ledger, but passed
}

// Empty tells whether the run matches the ledger.
func (d LedgerDiff) Empty() bool { return len(d.Regressions) == 0 && len(d.Stale) == 0 }

// Lines renders the difference for humans.
func (d LedgerDiff) Lines() []string {
	var out []string
	for _, r := range d.Regressions {
		out = append(out, fmt.Sprintf("regression: %s %s %s: %s", r.Suite, r.File, r.ID, shorten(strings.ReplaceAll(r.Reason, "\n", " "), 200)))
	}
	for _, e := range d.Stale {
		out = append(out, fmt.Sprintf("stale ledger entry (block passes): %s %s %s %s %s", e.Suite, e.File, e.ID, e.Target, e.Class))
	}
	return out
}

// Expects reports whether the ledger expects r not to pass on target.
func (l *Ledger) Expects(target string, r BlockResult) bool {
	_, had := l.Entries[LedgerEntry{Suite: r.Suite, File: r.File, ID: r.ID, Target: target}.key()]
	return had
}

// Compare checks a run against the ledger for target.
func (l *Ledger) Compare(target string, results []FileResult) LedgerDiff {
	var d LedgerDiff
	for _, f := range results {
		for _, r := range f.Blocks {
			e, had := l.Entries[LedgerEntry{Suite: r.Suite, File: r.File, ID: r.ID, Target: target}.key()]
			switch {
			case r.Status == "fail" && !had:
				d.Regressions = append(d.Regressions, r)
			case r.Status == "pass" && had && e.Class != ClassFlaky:
				d.Stale = append(d.Stale, e)
			}
		}
	}
	return d
}

var (
	unknownDirective = regexp.MustCompile(`unknown directive "([^"]+)"`)
	directiveModule  = []struct{ prefix, module string }{
		{"drizzle_", "drizzle"}, {"rds_json", "rds-json"}, {"redis2_", "redis2"},
		{"image_filter", "image_filter"}, {"lua_fake_shm", "fake-shm"}, {"stream", "stream"},
		{"echo", "echo"}, {"more_", "headers-more"}, {"set_", "set-misc"}, {"memc_", "memc"},
		{"srcache_", "srcache"}, {"upstream_list", "ndk"},
	}
)

var (
	logPid      = regexp.MustCompile(`\] \d+#\d+: (\*\d+ )?`)
	servRootDir = regexp.MustCompile(`/\S*?/t/servroot_\d+`)
	logStamp    = regexp.MustCompile(`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d `)
)

// stableText drops what changes from run to run (pids, dates, the
// runner's folders) and control characters, so that generated ledger
// lines stay one line each and reviewable.
func stableText(s string) string {
	s = oneLine(s)
	s = logPid.ReplaceAllString(s, "] ")
	s = logStamp.ReplaceAllString(s, "")
	return servRootDir.ReplaceAllString(s, "SERVROOT")
}

// autoClass proposes a reason class and text for a block not passing.
func autoClass(target string, r BlockResult) (string, string) {
	full := stableText(strings.ReplaceAll(r.Reason, "\n", " "))
	for _, f := range r.Failures {
		full += " " + f.Message
	}
	reason := shorten(strings.TrimSpace(stableText(strings.ReplaceAll(r.Reason, "\n", " "))), 200)
	if r.Status == "skip" {
		return r.Class, reason
	}
	if m := unknownDirective.FindStringSubmatch(full); m != nil {
		for _, dm := range directiveModule {
			if strings.HasPrefix(m[1], dm.prefix) {
				return ClassNeedsModule + ":" + dm.module, reason
			}
		}
		return ClassNeedsModule + ":" + m[1], reason
	}
	switch {
	case strings.Contains(full, "missing privileged agent process patch"):
		return ClassNeedsModule + ":openresty-core-patches", reason
	case strings.Contains(full, `invalid event type "poll"`):
		return ClassEnvironment, "Debian's nginx has no poll event module: " + reason
	case r.Needs == "mockeagain":
		return ClassEnvironment, "needs the mockeagain LD_PRELOAD library (slow network emulation): " + reason
	case strings.Contains(full, "ee key too small") || strings.Contains(full, "cannot load certificate"):
		return ClassEnvironment, "OpenSSL 3 rejects the suite's 1024-bit test certificates: " + reason
	case strings.Contains(full, "127.0.0.2:12345") || strings.Contains(full, "connect timed out"):
		return ClassEnvironment, "needs upstream CI's loopback firewall rules (drop 127.0.0.2:12345): " + reason
	case strings.Contains(r.Suite, "kafka"):
		return ClassEnvironment, "no Kafka broker on loopback: " + reason
	case strings.Contains(full, "drizzle") || strings.Contains(full, "mysql"):
		return ClassEnvironment, "no MySQL server: " + reason
	}
	if target == "nginx" {
		return ClassEnvironment, reason
	}
	for _, u := range r.Uses {
		if u == "yield-across-c" {
			return ClassExtension, "expects LuaJIT's \"attempt to yield across C-call boundary\", which gresty lifts: " + reason
		}
	}
	for _, u := range r.Uses {
		if m, ok := strings.CutPrefix(u, "module:"); ok {
			switch m {
			case "ssl", "balancer", "worker-thread", "limit_rate":
				// features gresty does not have yet, not separate modules
				return ClassNotImplemented + ":" + m, reason
			}
			return ClassNeedsModule + ":" + m, reason
		}
	}
	area := strings.TrimSuffix(path.Base(r.File), ".t")
	area = strings.TrimLeft(area, "0123456789-")
	if area == "" {
		area = "misc"
	}
	return ClassNotImplemented + ":" + area, reason
}

// oneLine replaces control characters (CR, LF, tabs) with spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

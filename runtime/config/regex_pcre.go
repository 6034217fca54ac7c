package config

import (
	"errors"
	"regexp/syntax"
	"strconv"
	"strings"

	"github.com/dlclark/regexp2"
)

// Go's regexp has no lookarounds, backreferences or atomic groups, which
// nginx configurations do use ("location ~ ^/(?!api/)"). For the patterns
// Go refuses for that reason, the default compiler falls back on regexp2,
// a backtracking engine with Perl syntax. regexp2 numbers named groups
// after the unnamed ones (as .NET does) where PCRE numbers all groups in
// the order they open, so names are taken out of the pattern and kept
// aside.

// needsBacktracking reports whether Go refused a pattern for a feature
// regexp2 has.
func needsBacktracking(err error) bool {
	var se *syntax.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case syntax.ErrInvalidPerlOp, syntax.ErrInvalidEscape, syntax.ErrInvalidNamedCapture:
		// lookbehinds "(?<=" read as bad group names to Go
		return true
	case syntax.ErrInvalidRepeatSize:
		// PCRE allows counts up to 65535, Go up to 1000
		return repeatWithin(se.Expr, 65535)
	}
	return false
}

func repeatWithin(expr string, max int) bool {
	expr = strings.Trim(expr, "{}")
	lo, hi, _ := strings.Cut(expr, ",")
	for _, s := range []string{lo, hi} {
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n > max {
			return false
		}
	}
	return true
}

// btRegex is a regexp2 pattern matched over bytes (one rune per byte).
type btRegex struct {
	re    *regexp2.Regexp
	names []string
	src   string
}

func compileBacktracking(pattern string, caseless bool) (Regex, error) {
	plain, names := stripGroupNames(pattern)
	opts := regexp2.None
	if caseless {
		opts |= regexp2.IgnoreCase
	}
	re, err := regexp2.Compile(plain, opts)
	if err != nil {
		return nil, err
	}
	return &btRegex{re: re, names: names, src: pattern}, nil
}

// FindSubmatchIndex matches s, one rune per byte.
func (b *btRegex) FindSubmatchIndex(s string) []int {
	runes := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		runes[i] = rune(s[i])
	}
	m, err := b.re.FindRunesMatch(runes)
	if err != nil || m == nil {
		return nil
	}
	groups := m.Groups()
	out := make([]int, 2*len(groups))
	for i, g := range groups {
		if len(g.Captures) == 0 && i > 0 {
			out[2*i], out[2*i+1] = -1, -1
			continue
		}
		out[2*i], out[2*i+1] = g.Index, g.Index+g.Length
	}
	return out
}

// NumCaptures returns the number of groups.
func (b *btRegex) NumCaptures() int { return len(b.names) - 1 }

// CaptureNames returns the group names, in PCRE's numbering.
func (b *btRegex) CaptureNames() []string { return b.names }

// String returns the pattern as written.
func (b *btRegex) String() string { return b.src }

// stripGroupNames turns PCRE named groups ((?<n>...), (?P<n>...),
// (?'n'...)) into plain groups and named backreferences into numbered
// ones, returning the names by group number (index 0 is the whole match).
func stripGroupNames(p string) (string, []string) {
	names := []string{""}
	byName := map[string]int{}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			if p[i+1] == 'k' && i+2 < len(p) && (p[i+2] == '<' || p[i+2] == '\'' || p[i+2] == '{') {
				closer := map[byte]byte{'<': '>', '\'': '\'', '{': '}'}[p[i+2]]
				if end := strings.IndexByte(p[i+3:], closer); end >= 0 {
					if n, ok := byName[p[i+3:i+3+end]]; ok {
						b.WriteString(`\` + strconv.Itoa(n))
						i += 3 + end
						continue
					}
				}
			}
			b.WriteString(p[i : i+2])
			i++
		case c == '[':
			j := classEnd(p, i)
			b.WriteString(p[i:j])
			i = j - 1
		case c == '(' && strings.HasPrefix(p[i:], "(?P="):
			if end := strings.IndexByte(p[i:], ')'); end >= 0 {
				if n, ok := byName[p[i+4:i+end]]; ok {
					b.WriteString(`(?:\` + strconv.Itoa(n) + ")")
					i += end
					continue
				}
			}
			b.WriteByte(c)
		case c == '(':
			name, skip := groupName(p[i:])
			switch {
			case skip > 0:
				names = append(names, name)
				byName[name] = len(names) - 1
				b.WriteByte('(')
				i += skip - 1
			case strings.HasPrefix(p[i:], "(?#"):
				end := strings.IndexByte(p[i:], ')')
				if end < 0 {
					end = len(p) - i - 1
				}
				i += end
			case !strings.HasPrefix(p[i:], "(?") && !strings.HasPrefix(p[i:], "(*"):
				names = append(names, "")
				b.WriteByte(c)
			default:
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), names
}

// groupName recognises the opening of a named group and returns its name
// and the length of the opening.
func groupName(s string) (string, int) {
	var open, closer string
	switch {
	case strings.HasPrefix(s, "(?P<"):
		open, closer = "(?P<", ">"
	case strings.HasPrefix(s, "(?<") && len(s) > 3 && s[3] != '=' && s[3] != '!':
		open, closer = "(?<", ">"
	case strings.HasPrefix(s, "(?'"):
		open, closer = "(?'", "'"
	default:
		return "", 0
	}
	end := strings.Index(s[len(open):], closer)
	if end < 0 {
		return "", 0
	}
	return s[len(open) : len(open)+end], len(open) + end + 1
}

// classEnd returns the index just after the character class starting at
// p[i] ("[").
func classEnd(p string, i int) int {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++
	}
	for j < len(p) {
		switch {
		case p[j] == '\\':
			j += 2
			continue
		case p[j] == '[' && j+1 < len(p) && p[j+1] == ':':
			if end := strings.Index(p[j:], ":]"); end >= 0 {
				j += end + 2
				continue
			}
		case p[j] == ']':
			return j + 1
		}
		j++
	}
	return len(p)
}

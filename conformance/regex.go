package conformance

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
)

// PerlRegex is a Perl pattern compiled for matching byte strings. Patterns
// and subjects are mapped byte-per-rune (latin-1) so that the rune-based
// engine sees what Perl sees.
type PerlRegex struct {
	re *regexp2.Regexp
}

var (
	regexCache sync.Map // key string -> *PerlRegex or error
	caretGroup = regexp.MustCompile(`\(\?\^([a-z]*)([:)])`)
)

// translatePerl rewrites the Perl-only parts of a pattern that the .NET
// dialect of regexp2 spells differently: (?^flags:...) groups that
// interpolated qr// objects leave behind, and \z-style anchors are kept.
func translatePerl(pat string) string {
	return caretGroup.ReplaceAllStringFunc(pat, func(m string) string {
		sub := caretGroup.FindStringSubmatch(m)
		on := ""
		for _, c := range sub[1] {
			if strings.ContainsRune("imsx", c) {
				on += string(c)
			}
		}
		off := ""
		for _, c := range "imsx" {
			if !strings.ContainsRune(on, c) {
				off += string(c)
			}
		}
		flags := on
		if off != "" {
			flags += "-" + off
		}
		return "(?" + flags + sub[2]
	})
}

// CompilePerl compiles pattern with Perl modifiers (i, m, s, x).
func CompilePerl(pattern, mods string) (*PerlRegex, error) {
	key := mods + "\x00" + pattern
	if v, ok := regexCache.Load(key); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*PerlRegex), nil
	}
	var opt regexp2.RegexOptions
	for _, c := range mods {
		switch c {
		case 'i':
			opt |= regexp2.IgnoreCase
		case 'm':
			opt |= regexp2.Multiline
		case 's':
			opt |= regexp2.Singleline
		case 'x':
			opt |= regexp2.IgnorePatternWhitespace
		}
	}
	re, err := regexp2.Compile(bytesToLatin1(translatePerl(pattern)), opt)
	if err != nil {
		err = fmt.Errorf("cannot compile Perl pattern %q: %w", pattern, err)
		regexCache.Store(key, err)
		return nil, err
	}
	re.MatchTimeout = 5 * time.Second
	pr := &PerlRegex{re: re}
	regexCache.Store(key, pr)
	return pr, nil
}

// Match tells whether the pattern matches somewhere in s.
func (r *PerlRegex) Match(s string) bool {
	ok, err := r.re.MatchString(bytesToLatin1(s))
	return err == nil && ok
}

// Find returns the first match ($&) and whether there was one.
func (r *PerlRegex) Find(s string) (string, bool) {
	m, err := r.re.FindStringMatch(bytesToLatin1(s))
	if err != nil || m == nil {
		return "", false
	}
	return latin1ToBytes(m.String()), true
}

// regexOf compiles a value used as a pattern: a qr// object keeps its own
// modifiers, a string gets the ones Test::Nginx adds (e.g. "s").
func regexOf(v Value, mods string) (*PerlRegex, error) {
	if v.Kind == KindRegex {
		return CompilePerl(v.Str, v.Mods)
	}
	return CompilePerl(v.Str, mods)
}

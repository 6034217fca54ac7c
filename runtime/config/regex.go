package config

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// Regex is a compiled regular expression as nginx uses them in location,
// server_name, if and rewrite.
type Regex interface {
	// FindSubmatchIndex matches s and returns the offsets of the whole
	// match and of each capture in pairs (-1 for a capture that did not
	// take part), or nil when s does not match.
	FindSubmatchIndex(s string) []int
	// NumCaptures is the number of capture groups.
	NumCaptures() int
	// CaptureNames names the captures: index i is capture i's name, ""
	// when unnamed; index 0 is the whole match.
	CaptureNames() []string
	// String returns the pattern as written.
	String() string
}

// RegexCompiler compiles a pattern, caseless for nginx's "~*" forms. Its
// error message becomes nginx's text after "pcre2_compile() failed: "; a
// *RegexError also carries the position of the problem.
type RegexCompiler func(pattern string, caseless bool) (Regex, error)

// RegexError is a pattern compile error with the byte offset PCRE reports.
type RegexError struct {
	Msg string
	// Offset is where in the pattern the problem is; len(pattern) or
	// more means "at the end".
	Offset int
}

// Error returns the message.
func (e *RegexError) Error() string { return e.Msg }

// DefaultRegexCompiler is the compiler Load uses unless Options gives one.
// It uses Go's regexp package, with nginx's byte semantics: nginx compiles
// its regexes without PCRE's UTF mode, so "." matches one byte and "\xE9"
// one byte 0xE9. Patterns Go refuses for lookarounds, backreferences,
// atomic groups or large repeat counts are compiled with regexp2 (a
// backtracking engine) instead. The differences from PCRE that remain: "$"
// matches only at the very end, not before a final newline (with Go's
// engine); "(?i)" also folds Latin-1 letters, and regexp2's \w and \s
// also match some Latin-1 characters, where PCRE's C tables stay ASCII;
// possessive quantifiers are refused; and compile error texts other than
// the common ones differ.
var DefaultRegexCompiler RegexCompiler = compileGoRegex

// goRegex adapts regexp.Regexp to Regex with byte semantics: subject and
// pattern bytes >= 0x80 are matched as the runes U+0080..U+00FF.
type goRegex struct {
	re  *regexp.Regexp
	src string
}

func compileGoRegex(pattern string, caseless bool) (Regex, error) {
	p := latin1(pattern)
	if caseless {
		p = "(?i)" + p
	}
	re, err := regexp.Compile(p)
	if err != nil {
		if needsBacktracking(err) {
			if bt, btErr := compileBacktracking(pattern, caseless); btErr == nil {
				return bt, nil
			}
		}
		return nil, pcreError(pattern, err)
	}
	return &goRegex{re: re, src: pattern}, nil
}

// FindSubmatchIndex matches s byte-wise (see DefaultRegexCompiler).
func (g *goRegex) FindSubmatchIndex(s string) []int {
	if isASCII(s) {
		return g.re.FindStringSubmatchIndex(s)
	}
	m := g.re.FindStringSubmatchIndex(latin1(s))
	if m == nil {
		return nil
	}
	// map offsets in the widened string back to byte offsets
	back := make([]int, 0, len(s)*2+1)
	for i := 0; i < len(s); i++ {
		back = append(back, i)
		if s[i] >= 0x80 {
			back = append(back, i)
		}
	}
	back = append(back, len(s))
	for i, o := range m {
		if o >= 0 {
			m[i] = back[o]
		}
	}
	return m
}

// NumCaptures returns the number of groups.
func (g *goRegex) NumCaptures() int { return g.re.NumSubexp() }

// CaptureNames returns the group names.
func (g *goRegex) CaptureNames() []string { return g.re.SubexpNames() }

// String returns the pattern as written.
func (g *goRegex) String() string { return g.src }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// latin1 widens every byte >= 0x80 to the rune of the same value, so that
// a rune-based matcher sees one character per byte.
func latin1(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) * 2)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 {
			b.WriteByte(c)
		} else {
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// pcreError words a Go regexp error as PCRE2 words the common ones, with
// the offset PCRE2 reports.
func pcreError(pattern string, err error) *RegexError {
	var se *syntax.Error
	if !errors.As(err, &se) {
		return &RegexError{Msg: err.Error(), Offset: len(pattern)}
	}
	at := len(pattern)
	// PCRE points at the last character of the offending part
	if se.Expr != "" && se.Expr != pattern {
		expr := narrow(se.Expr)
		if i := strings.LastIndex(pattern, expr); i >= 0 {
			at = i + len(expr) - 1
		}
	}
	msg := se.Code.String()
	switch se.Code {
	case syntax.ErrMissingParen:
		msg, at = "missing closing parenthesis", len(pattern)
	case syntax.ErrUnexpectedParen:
		msg = "unmatched closing parenthesis"
		if i := strings.LastIndexByte(pattern, ')'); i >= 0 {
			at = i
		}
	case syntax.ErrMissingBracket:
		msg, at = "missing terminating ] for character class", len(pattern)
	case syntax.ErrMissingRepeatArgument, syntax.ErrInvalidRepeatOp:
		msg = "quantifier does not follow a repeatable item"
	case syntax.ErrInvalidCharRange:
		msg = "range out of order in character class"
	case syntax.ErrInvalidNamedCapture:
		msg, at = "syntax error in subpattern name (missing terminator?)", len(pattern)
	case syntax.ErrInvalidRepeatSize:
		msg = "number too big in {} quantifier"
		lo, hi, _ := strings.Cut(strings.Trim(se.Expr, "{}"), ",")
		if l, h := atoi(lo), atoi(hi); l >= 0 && h >= 0 && h < l {
			msg = "numbers out of order in {} quantifier"
		}
	case syntax.ErrTrailingBackslash:
		msg, at = `\ at end of pattern`, len(pattern)
	default:
		msg = fmt.Sprintf("%s: %s", se.Code, narrow(se.Expr))
	}
	return &RegexError{Msg: msg, Offset: at}
}

// narrow undoes latin1 for text quoted back from the widened pattern.
func narrow(s string) string {
	if isASCII(s) {
		return s
	}
	var b []byte
	for _, r := range s {
		if r < 0x100 {
			b = append(b, byte(r))
		} else {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// regexCompileError words a compile failure as nginx logs it.
func regexCompileError(pattern string, err error) error {
	msg, at := err.Error(), len(pattern)
	var re *RegexError
	if errors.As(err, &re) {
		msg, at = re.Msg, re.Offset
	}
	if at >= len(pattern) || at < 0 {
		return emergf(`pcre2_compile() failed: %s in "%s"`, msg, pattern)
	}
	return emergf(`pcre2_compile() failed: %s in "%s" at "%s"`, msg, pattern, pattern[at:])
}

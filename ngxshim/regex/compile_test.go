package regex

import (
	"errors"
	"testing"
)

// TestCompileErrors checks PCRE's message and error offset for patterns
// it refuses, as the reference OpenResty reported them (the offset is
// where ngx_lua's "at" text starts).
func TestCompileErrors(t *testing.T) {
	tests := []struct {
		pattern string
		opts    Options
		msg     string
		offset  int
	}{
		{`(`, 0, `missing )`, 1},
		{`)`, 0, `unmatched parentheses`, 0},
		{`[`, 0, `missing terminating ] for character class`, 1},
		{`[z-a]`, 0, `range out of order in character class`, 3},
		{`[a-\d]`, 0, `invalid range in character class`, 4},
		{`*`, 0, `nothing to repeat`, 0},
		{`a{2,1}`, 0, `numbers out of order in {} quantifier`, 5},
		{`a{99999}`, 0, `number too big in {} quantifier`, 7},
		{`\`, 0, `\ at end of pattern`, 1},
		{`\c`, 0, `\c at end of pattern`, 2},
		{`\L`, 0, `PCRE does not support \L, \l, \N{name}, \U, or \u`, 1},
		{`\g`, 0, `a numbered reference must not be zero`, 1},
		{`\g{`, 0, `\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number`, 3},
		{`\g{-1}`, 0, `reference to non-existent subpattern`, 5},
		{`\g<x`, 0, `syntax error in subpattern name (missing terminator)`, 4},
		{`\k`, 0, `\k is not followed by a braced, angle-bracketed, or quoted name`, 1},
		{`\k<`, 0, `subpattern name expected`, 3},
		{`(?`, 0, `unrecognized character after (? or (?-`, 2},
		{`(?<`, 0, `unrecognized character after (?<`, 3},
		{`(?<=a+)`, 0, `lookbehind assertion is not fixed length`, 6},
		{`(?P`, 0, `unrecognized character after (?P`, 3},
		{`(?<1a>x)`, 0, `group name must start with a non-digit`, 3},
		{`(?<a>x)(?<a>y)`, 0, `two named subpatterns have the same name`, 11},
		{`(?|(?<a>x)|(?<b>y))`, 0, `different names for subpatterns of the same number are not allowed`, 15},
		{`(?R`, 0, `(?R or (?[+-]digits must be followed by )`, 3},
		{`(?+)`, 0, `digit expected after (?+`, 3},
		{`(?0)`, 0, `recursive call could loop indefinitely`, 3},
		{`(?(`, 0, `assertion expected after (?( or (?(?C)`, 3},
		{`(?(1`, 0, `malformed number or name after (?(`, 4},
		{`(a)(?(1)a|b|c)`, 0, `conditional group contains more than two branches`, 13},
		{`(?(0)a)`, 0, `invalid condition (?(0)`, 5},
		{`(?(DEFINE)a|b)`, 0, `DEFINE group contains more than one branch`, 13},
		{`(?#`, 0, `missing ) after comment`, 3},
		{`(*FOO)`, 0, `(*VERB) not recognized or malformed`, 5},
		{`(*MARK)`, 0, `(*MARK) must have an argument`, 6},
		{`(*ACCEPT:x)`, 0, `an argument is not allowed for (*ACCEPT), (*FAIL), or (*COMMIT)`, 10},
		{`[[:foo:]]`, 0, `unknown POSIX class name`, 3},
		{`[[.a.]]`, 0, `POSIX collating elements are not supported`, 1},
		{`[:alpha:]`, 0, `POSIX named classes are supported only within a class`, 0},
		{`\x{`, 0, `non-hex character in \x{} (closing brace missing?)`, 3},
		{`\x{100}`, 0, `character value in \x{} or \o{} is too large`, 6},
		{`\x{}`, 0, `digits missing in \x{} or \o{}`, 3},
		{`\o`, 0, `missing opening brace after \o`, 1},
		{`\o{`, 0, `non-octal character in \o{} (closing brace missing?)`, 3},
		{`\400`, 0, `octal value is greater than \377 in 8-bit non-UTF-8 mode`, 3},
		{`\p`, 0, `malformed \P or \p sequence`, 2},
		{`\p{Foo}`, 0, `unknown property name after \P or \p`, 6},
		{`(?C256)`, 0, `number after (?C is > 255`, 6},
		{`(?C1`, 0, `closing ) for (?C expected`, 4},
		{`[\N]`, 0, `\N is not supported in a class`, 2},
		{"\\c\xe9", 0, `\c must be followed by an ASCII character`, 2},
		{`\x{d800}`, UTF8, `disallowed Unicode code point (>= 0xd800 && <= 0xdfff)`, 7},
		{"\xff", UTF8, `invalid UTF-8 string`, 0},
		{`(?<=\C)`, UTF8, `\C not allowed in lookbehind assertion`, 6},
		{`]`, JavaScript, `] is an invalid data character in JavaScript compatibility mode`, 0},
		{`\u1234`, JavaScript, `character value in \u.... sequence is too large`, 5},
	}
	for _, tt := range tests {
		_, err := Compile(tt.pattern, tt.opts)
		var ce *CompileError
		if !errors.As(err, &ce) {
			t.Errorf("Compile(%q): error %v, want %q", tt.pattern, err, tt.msg)
			continue
		}
		if ce.Error() != tt.msg || ce.Offset != tt.offset {
			t.Errorf("Compile(%q): %q at %d, want %q at %d", tt.pattern, ce.Error(), ce.Offset, tt.msg, tt.offset)
		}
	}
}

// TestCompileCaptures checks the capture count and name table.
func TestCompileCaptures(t *testing.T) {
	tests := []struct {
		pattern string
		opts    Options
		ncap    int
		names   []NameEntry
	}{
		{`abc`, 0, 0, nil},
		{`(a)(?:b)(c)`, 0, 2, nil},
		{`(?<y>\d+)-(?<m>\d+)`, 0, 2, []NameEntry{{"m", 2}, {"y", 1}}},
		{`(?|(a)|(b)(c))`, 0, 2, nil},
		{`(?<n>a)|(?<n>b)`, DupNames, 2, []NameEntry{{"n", 1}, {"n", 2}}},
		{`(?P<first>x)(?'second'y)`, 0, 2, []NameEntry{{"first", 1}, {"second", 2}}},
	}
	for _, tt := range tests {
		re, err := Compile(tt.pattern, tt.opts)
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.pattern, err)
			continue
		}
		if re.NumCaptures() != tt.ncap {
			t.Errorf("%q: %d captures, want %d", tt.pattern, re.NumCaptures(), tt.ncap)
		}
		names := re.Names()
		if len(names) != len(tt.names) {
			t.Errorf("%q: names %v, want %v", tt.pattern, names, tt.names)
			continue
		}
		for i := range names {
			if names[i] != tt.names[i] {
				t.Errorf("%q: names %v, want %v", tt.pattern, names, tt.names)
				break
			}
		}
	}
}

package regex

import (
	"reflect"
	"testing"
)

// TestExec checks match offsets against what PCRE 8.39 reports for the
// same pattern, options and subject (recorded through ngx.re.find on the
// reference OpenResty): rc, and the ovector pairs of every group.
func TestExec(t *testing.T) {
	tests := []struct {
		pattern     string
		opts        Options
		subject     string
		start       int
		noUTF8Check bool
		rc          int
		ovector     []int
	}{
		{`(\d+)-(\d+)`, 0, `tel 12-345 x`, 0, false, 3, []int{4, 10, 4, 6, 7, 10}},
		{`(a)?b`, 0, `b`, 0, false, 1, []int{0, 1, -1, -1}},
		{`(a)|(b)`, 0, `b`, 0, false, 3, []int{0, 1, -1, -1, 0, 1}},
		{`(?<year>\d{4})-(?<mon>\d\d)`, 0, `on 2024-05-01`, 0, false, 3, []int{3, 10, 3, 7, 8, 10}},
		{`(?|(a)|(b))c`, 0, `bc`, 0, false, 2, []int{0, 2, 0, 1}},
		{`(\w)\1`, 0, `abccd`, 0, false, 2, []int{2, 4, 2, 3}},
		{"(?i)stra\xdfe", 0, "STRA\xdfE", 0, false, 1, []int{0, 6}},
		{`abc`, Caseless, `xABC`, 0, false, 1, []int{1, 4}},
		{`^b`, Multiline, "a\nb", 0, false, 1, []int{2, 3}},
		{`^b`, 0, "a\nb", 0, false, NoMatch, nil},
		{`a.c`, DotAll, "a\nc", 0, false, 1, []int{0, 3}},
		{`a.c`, 0, "a\nc", 0, false, NoMatch, nil},
		{`a b c`, Extended, `abc`, 0, false, 1, []int{0, 3}},
		{`(?<=\d)px`, 0, `10px`, 0, false, 1, []int{2, 4}},
		{`(?<!\d)px`, 0, `10px apx`, 0, false, 1, []int{6, 8}},
		{`foo(?=bar)`, 0, `foobaz foobar`, 0, false, 1, []int{7, 10}},
		{`foo(?!bar)`, 0, `foobar foobaz`, 0, false, 1, []int{7, 10}},
		{`(?>a+)b`, 0, `aaab`, 0, false, 1, []int{0, 4}},
		{`a++a`, 0, `aaaa`, 0, false, NoMatch, nil},
		{`a*+b`, 0, `aab`, 0, false, 1, []int{0, 3}},
		{`foo\Kbar`, 0, `foobar`, 0, false, 1, []int{3, 6}},
		{`\R`, 0, "a\r\nb", 0, false, 1, []int{1, 3}},
		{`\h+`, 0, "a \t b", 0, false, 1, []int{1, 4}},
		{`\v`, 0, "a\x0bb", 0, false, 1, []int{1, 2}},
		{`\Qa.b\E+`, 0, `a.bb`, 0, false, 1, []int{0, 4}},
		{`(?P<n>x)(?P=n)`, 0, `axx`, 0, false, 2, []int{1, 3, 1, 2}},
		{`(a|ab)(c|bcd)(d*)`, 0, `abcd`, 0, false, 4, []int{0, 4, 0, 1, 1, 4, 4, 4}},
		{`x*`, 0, `aaa`, 0, false, 1, []int{0, 0}},
		{`b`, 0, `abcb`, 2, false, 1, []int{3, 4}},
		{`b`, 0, `abcb`, 4, false, NoMatch, nil},
		{`b`, 0, `abcb`, 5, false, ErrBadOffset, nil},
		{`\w+`, 0, "caf\xc3\xa9!", 0, false, 1, []int{0, 3}},
		{`\w+`, UTF8, "caf\xc3\xa9!", 0, false, 1, []int{0, 3}},
		{`.`, UTF8, "\xc3\xa9", 0, false, 1, []int{0, 2}},
		{`.`, 0, "\xc3\xa9", 0, false, 1, []int{0, 1}},
		{`.`, UTF8, "a\xff", 0, false, ErrBadUTF8, nil},
		{`.`, UTF8, "\xc3\xa9", 1, false, ErrBadUTF8Offset, nil},
		{`.`, UTF8, "\xc3\xa9", 0, true, 1, []int{0, 2}},
		{`\xe9`, 0, "caf\xe9", 0, false, 1, []int{3, 4}},
		{`[[:^alpha:]]+`, 0, `ab12cd`, 0, false, 1, []int{2, 4}},
		{`\bfoo\b`, 0, `a foo.`, 0, false, 1, []int{2, 5}},
		{`(a(b(c)))`, Anchored, `zabc`, 0, false, NoMatch, nil},
		{`(a(b(c)))`, Anchored, `abc`, 0, false, 4, []int{0, 3, 0, 3, 1, 3, 2, 3}},
		{`(?m)$`, 0, "a\nb", 0, false, 1, []int{1, 1}},
		{`\Z`, 0, "ab\n", 0, false, 1, []int{2, 2}},
		{`\z`, 0, "ab\n", 0, false, 1, []int{3, 3}},
		{`(a)(?1)`, 0, `aa`, 0, false, 2, []int{0, 2, 0, 1}},
		{`\((?:[^()]|(?R))*\)`, 0, `x(a(b)c)`, 0, false, 1, []int{1, 8}},
		{`(x)?(?(1)a|b)`, 0, `xa`, 0, false, 2, []int{0, 2, 0, 1}},
		{`a(*SKIP)b|.`, 0, `ac`, 0, false, 1, []int{1, 2}},
		{`\d+?`, 0, `123`, 0, false, 1, []int{0, 1}},
		{`(\d+)(?:px|em)`, 0, `w: 12em`, 0, false, 2, []int{3, 7, 3, 5}},
		{`[^\x00-\x7f]+`, 0, "a\xc3\xa9b", 0, false, 1, []int{1, 3}},
		{`\p{Lu}+`, UTF8, "ab\xc3\x89Cd", 0, false, 1, []int{2, 5}},
		{`\X`, UTF8, "e\xcc\x81x", 0, false, 1, []int{0, 3}},
		{`(?J)(?<n>a)|(?<n>b)`, 0, `b`, 0, false, 3, []int{0, 1, -1, -1, 0, 1}},
		{`(?<n>a)|(?<n>b)`, DupNames, `b`, 0, false, 3, []int{0, 1, -1, -1, 0, 1}},
		{`a{2,3}`, 0, `aaaa`, 0, false, 1, []int{0, 3}},
		{`a{,3}`, 0, `a{,3}`, 0, false, 1, []int{0, 5}},
		{`\u0041`, JavaScript, `A`, 0, false, 1, []int{0, 1}},
	}
	var mt Matcher
	for _, tt := range tests {
		re, err := Compile(tt.pattern, tt.opts)
		if err != nil {
			t.Errorf("Compile(%q, %v): %v", tt.pattern, tt.opts, err)
			continue
		}
		rc := mt.Exec(re, tt.subject, tt.start, ExecOptions{NoUTF8Check: tt.noUTF8Check})
		if rc != tt.rc {
			t.Errorf("%q on %q from %d: rc %d, want %d", tt.pattern, tt.subject, tt.start, rc, tt.rc)
			continue
		}
		if tt.ovector == nil {
			continue
		}
		if got := mt.Ovector()[:len(tt.ovector)]; !reflect.DeepEqual(got, tt.ovector) {
			t.Errorf("%q on %q from %d: ovector %v, want %v", tt.pattern, tt.subject, tt.start, got, tt.ovector)
		}
	}
}

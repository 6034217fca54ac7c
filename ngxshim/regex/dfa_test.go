package regex

import "testing"

// TestExecDFA checks the DFA matcher (ngx.re's "d" option) against what
// pcre_dfa_exec gave on the reference: the longest match at the first
// position that has one, or the error for items the DFA cannot run.
func TestExecDFA(t *testing.T) {
	tests := []struct {
		pattern, subject string
		rc, from, to     int
	}{
		{`a+`, "baaa", 1, 1, 4},
		{`a|ab|abc`, "xabcd", 1, 1, 4},
		{`(a|ab)(c|bcd)`, "abcd", 1, 0, 4},
		{`a*?`, "aaa", 1, 0, 3},
		{`a+?b`, "aaab", 1, 0, 4},
		{`(?=ab)a`, "aab", 1, 1, 2},
		{`\d+(?!x)`, "123x", 1, 0, 2},
		{`(?<=a)b+`, "abbb", 1, 1, 4},
		{`(?>a+)b`, "aab", 1, 0, 3},
		{`x*`, "y", 1, 0, 0},
		{`\bfoo`, "a foo", 1, 2, 5},
		{`a(?#c)b`, "ab", 1, 0, 2},
		{`[a-c]+d?`, "zabcdd", 1, 1, 5},
		{`^a|b$`, "cab", 1, 2, 3},
		{`(?i)ABC`, "xabc", 1, 1, 4},
		{`a{2,4}`, "aaaaa", 1, 0, 4},
		{`(?:ab)+`, "abababa", 1, 0, 6},
		{`a++`, "aaa", 1, 0, 3},
		{`(?:a|b)*+c`, "ababc", 1, 0, 5},
		// Each iteration of a possessive group keeps only its longest
		// match, so "a" then "ab" leaves no "b" for the first start.
		{`(?:ab|a)*+b`, "aab", 1, 2, 3},
		{`(?:b|bb)++c`, "bbbc", 1, 0, 4},
		// The first unsupported item in pattern order is the one reported.
		{`((?(1)a|b)||\Z)`, "b", ErrDFAUnsupportedCond, 0, 0},
		{`(a)\1`, "aa", ErrDFAUnsupportedItem, 0, 0},
		{`a(*COMMIT)b`, "ab", ErrDFAUnsupportedItem, 0, 0},
		{`\Ka`, "a", ErrDFAUnsupportedItem, 0, 0},
		{`b`, "aaa", NoMatch, 0, 0},
	}
	var mt Matcher
	for _, tt := range tests {
		re, err := Compile(tt.pattern, 0)
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.pattern, err)
			continue
		}
		rc := mt.ExecDFA(re, tt.subject, 0, ExecOptions{})
		if rc != tt.rc {
			t.Errorf("%q on %q: rc %d, want %d", tt.pattern, tt.subject, rc, tt.rc)
			continue
		}
		if rc > 0 {
			if ov := mt.Ovector(); ov[0] != tt.from || ov[1] != tt.to {
				t.Errorf("%q on %q: %d..%d, want %d..%d", tt.pattern, tt.subject, ov[0], ov[1], tt.from, tt.to)
			}
		}
	}
}

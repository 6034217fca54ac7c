package regex

import "testing"

// TestMatchLimit checks that the match limit trips exactly where PCRE's
// interpreter trips: the smallest lua_regex_match_limit with which each
// match succeeds on the reference (found by bisection, flags "o"; a
// limit one lower gives error -8).
func TestMatchLimit(t *testing.T) {
	tests := []struct {
		pattern, subject string
		steps            int
	}{
		{`(a|b)*c`, `abababababc`, 31},
		{`(a|b)*?c`, `abababababc`, 37},
		{`(?:a|b)*c`, `abababababc`, 31},
		{`^(a+)+$`, `aaaaaaaaab`, 2047},
		{`(\w+)\s+(\w+)$`, `foo bar baz qux`, 4},
		{`(a|aa)*c`, `aaaaaaaac`, 22},
		{`\d+x`, `12345x`, 2},
		{`(\d+)+x`, `123456y x`, 255},
		{`x(?=y)`, `xxxxxy`, 3},
		{`(?<=a)b`, `aaaaab`, 3},
		{`(?>a+)b`, `aaaaab`, 3},
		{`a++b`, `aaaab`, 2},
		{`(a)\1b`, `aaaaab`, 3},
		{`(?i)abc`, `ABABABABC`, 2},
		{`[^x]*y`, `abcdefghiy`, 4},
		{`.*y`, `abcdefghiy`, 4},
		{`\w+@\w+`, `abc def ghi@jkl`, 2},
		{`(a(b)?)+c`, `abababababc`, 24},
		{`a{2,5}c`, `aaaaaaaac`, 2},
		{`(?:ab){2,4}c`, `abababababc`, 9},
		{`(a|b|c|d)+e`, `abcdabcde`, 35},
		{`(\w+)(?:,(\w+))*;`, `a,b,c,d,e;`, 22},
		{`^(?:(\d+)\.){3}\d+$`, `192.168.1.1`, 8},
		{`(?:\s*(\w+)\s*=\s*(\w+)\s*;)+`, ` a = b ; c=d;`, 13},
		{`<([a-z]+)>.*?</\1>`, `<b>bold</b>`, 8},
		{`(foo|bar|baz)+qux`, `foobarbazfooqux`, 17},
		{`(?(?=a)ab|cd)+e`, `abcdabe`, 18},
		{`\bcat\b`, `concat cat`, 2},
		{`(?|(a)|(b))+c`, `ababc`, 23},
		{`a*b*c*d`, `aaabbbcccd`, 2},
		{`(x+x+)+y`, `xxxxxxxxxxy`, 9},
		{`[a-z]+\d+`, `abcdefg123`, 2},
		{`(.*),(.*),(.*)`, `a,b,c,d,e`, 16},
		{`(\d+)\s*(?:px|em|%)`, `width: 100 em`, 5},
		{`(a|ab)(bc|c)*d`, `abcbcbcd`, 13},
		{`(?:(a)|b)*?(?(1)c|d)`, `babac`, 25},
	}
	var mt Matcher
	for _, tt := range tests {
		re, err := Compile(tt.pattern, 0)
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.pattern, err)
			continue
		}
		if !re.Studied() {
			t.Errorf("%q: not studied, so ngx_lua would not limit it", tt.pattern)
		}
		if rc := mt.Exec(re, tt.subject, 0, ExecOptions{MatchLimit: tt.steps}); rc == ErrMatchLimit {
			t.Errorf("%q on %q: limit %d trips", tt.pattern, tt.subject, tt.steps)
		}
		if tt.steps > 1 {
			if rc := mt.Exec(re, tt.subject, 0, ExecOptions{MatchLimit: tt.steps - 1}); rc != ErrMatchLimit {
				t.Errorf("%q on %q: limit %d gives %d, want %d", tt.pattern, tt.subject, tt.steps-1, rc, ErrMatchLimit)
			}
		}
	}
}

package regex

import "testing"

// TestTemplate checks replacement templates against what ngx.re.sub
// produced on the reference for the first match of "(o)(r)?" in "hello
// world" (group 1 "o", group 2 unset), and the error-log text of the
// templates ngx_lua refuses.
func TestTemplate(t *testing.T) {
	const subject = "hello world"
	ovec := []int{4, 5, 4, 5, -1, -1}
	tests := []struct {
		src, want, err string
	}{
		{src: "<$0>", want: "<o>"},
		{src: "$1$2", want: "o"},
		{src: "${1}x", want: "ox"},
		{src: "$$", want: "$"},
		{src: "$$1", want: "$1"},
		{src: "$10", want: ""},
		{src: "${10}", want: ""},
		{src: "$1a", want: "oa"},
		{src: "${1}${2}", want: "o"},
		{src: "x$$y", want: "x$y"},
		{src: "${01}", want: "o"},
		{src: "$0$0", want: "oo"},
		{src: "plain", want: "plain"},
		{src: "", want: ""},
		{src: "$9", want: ""},
		{src: "a$", err: `lua script: invalid capturing variable name found in "a$"`},
		{src: "$", err: `lua script: invalid capturing variable name found in "$"`},
		{src: "${", err: `lua script: invalid capturing variable name found in "${"`},
		{src: "${}", err: `lua script: invalid capturing variable name found in "${}"`},
		{src: "$-1", err: `lua script: invalid capturing variable name found in "$-1"`},
		{src: "${1", err: `the closing bracket in "1" variable is missing`},
		{src: "${a}", err: `attempt to use named capturing variable "a" (named captures not supported yet)`},
		{src: "$a", err: `attempt to use named capturing variable "a" (named captures not supported yet)`},
	}
	for _, tt := range tests {
		tpl, err := CompileTemplate(tt.src)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("CompileTemplate(%q): error %v, want %q", tt.src, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("CompileTemplate(%q): %v", tt.src, err)
			continue
		}
		if got := string(tpl.Expand([]byte("["), subject, ovec, 2)); got != "["+tt.want {
			t.Errorf("%q expands to %q, want %q", tt.src, got, "["+tt.want)
		}
	}
}

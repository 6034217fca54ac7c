package config

import (
	"reflect"
	"strings"
	"testing"
)

// tokens reads all statements of a text: each statement's words followed
// by its terminator (";", "{" or "}"), or the error.
func tokens(text string) ([]string, string) {
	s := newFileSource("/t/nginx.conf", []byte(text))
	var out []string
	for {
		args, end, err := s.readToken()
		if err != nil {
			return out, err.Error()
		}
		switch end {
		case tokenFileDone:
			return out, ""
		case tokenBlockDone:
			out = append(out, "}")
			continue
		}
		term := ";"
		if end == tokenBlockStart {
			term = "{"
		}
		out = append(out, strings.Join(quoteAll(args), " ")+" "+term)
	}
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = "[" + a + "]"
	}
	return out
}

func TestReadToken(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
		err  string
	}{
		{"words", "a b  c;", []string{"[a] [b] [c] ;"}, ""},
		{"block", "http { a; }", []string{"[http] {", "[a] ;", "}"}, ""},
		{"no space before brace", "a{ }", []string{"[a] {", "}"}, ""},
		{"double quotes", `a "b c" d;`, []string{"[a] [b c] [d] ;"}, ""},
		{"single quotes", `a 'b "c"' d;`, []string{`[a] [b "c"] [d] ;`}, ""},
		{"empty quoted", `a "";`, []string{"[a] [] ;"}, ""},
		{"escapes", `a "\"\'\\\t\r\n\q";`, []string{"[a] [\"'\\\t\r\n\\q] ;"}, ""},
		{"escape unquoted", `a b\;c;`, []string{`[a] [b\;c] ;`}, ""},
		{"quote inside word", `a b"c"d;`, []string{`[a] [b"c"d] ;`}, ""},
		{"quote then paren", `if ($a = "b") {`, []string{`[if] [($a] [=] [b] [)] {`}, ""},
		{"variable braces", `set $a ${b}c;`, []string{"[set] [$a] [${b}c] ;"}, ""},
		{"variable brace mid word", `a x${y}z;`, []string{"[a] [x${y}z] ;"}, ""},
		{"escaped dollar does not protect brace", `a x\${y};`, []string{`[a] [x\$] {`, `[y}] ;`}, ""},
		{"comment", "a; # b { c\nd;", []string{"[a] ;", "[d] ;"}, ""},
		{"hash inside word", "a#b;", []string{"[a#b] ;"}, ""},
		{"multiline quoted", "a \"b\nc\";", []string{"[a] [b\nc] ;"}, ""},
		{"crlf", "a\r\nb;\r\n", []string{"[a] [b] ;"}, ""},
		{"unexpected semicolon", ";", nil, `unexpected ";" in /t/nginx.conf:1`},
		{"unexpected brace", "\n{", nil, `unexpected "{" in /t/nginx.conf:2`},
		{"brace with args", "a }", nil, `unexpected "}" in /t/nginx.conf:1`},
		{"closing quote needs space", `a "b"c;`, nil, `unexpected "c" in /t/nginx.conf:1`},
		{"eof in statement", "a b", nil, `unexpected end of file, expecting ";" or "}" in /t/nginx.conf:1`},
		{"eof in quote", "a \"b\n\n", nil, `unexpected end of file, expecting ";" or "}" in /t/nginx.conf:3`},
		{"too long word", "a " + strings.Repeat("x", 5000) + ";", nil, `too long parameter "xxxxxxxxxx..." started in /t/nginx.conf:1`},
		{"too long quoted", "a\n\"" + strings.Repeat("x\n", 2100), nil, `too long parameter, probably missing terminating """ character in /t/nginx.conf:2`},
		{"long word fits", "a " + strings.Repeat("x", 4000) + ";", []string{"[a] [" + strings.Repeat("x", 4000) + "] ;"}, ""},
		{"word ending at eof", strings.Repeat("x", 5000), nil, `too long parameter "xxxxxxxxxx..." started in /t/nginx.conf:1`},
	}
	for _, tt := range tests {
		got, err := tokens(tt.in)
		if err != tt.err || (tt.err == "" && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("%s: got %q, %q; want %q, %q", tt.name, got, err, tt.want, tt.err)
		}
	}
}

func TestReadTokenParam(t *testing.T) {
	s := newParamSource("daemon off; master_process on;")
	var got []string
	for {
		args, end, err := s.readToken()
		if err != nil {
			t.Fatal(err)
		}
		if end == tokenFileDone {
			break
		}
		got = append(got, strings.Join(args, " "))
	}
	if want := []string{"daemon off", "master_process on"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	_, _, err := newParamSource("daemon off").readToken()
	if err == nil || err.Error() != `unexpected end of parameter, expecting ";" in command line` {
		t.Errorf("unterminated -g: %v", err)
	}
}

package config

import (
	"reflect"
	"testing"
)

// mapVars is a VarResolver over fixed values.
type mapVars struct {
	vars map[string]string
	caps []string
}

func (m mapVars) Var(name string) (string, bool) { v, ok := m.vars[name]; return v, ok }

func (m mapVars) Capture(n int) (string, bool) {
	if n < len(m.caps) {
		return m.caps[n], true
	}
	return "", false
}

func TestComplexValue(t *testing.T) {
	r := mapVars{vars: map[string]string{"uri": "/a", "host": "h", "a_b1": "x"}, caps: []string{"all", "one", "two"}}
	tests := []struct {
		in, want string
		vars     []string
		static   bool
	}{
		{"plain", "plain", nil, true},
		{"", "", nil, true},
		{"$uri", "/a", []string{"uri"}, false},
		{"${uri}x", "/ax", []string{"uri"}, false},
		{"$URI", "/a", []string{"uri"}, false},
		{"$uri-$host", "/a-h", []string{"uri", "host"}, false},
		{"$a_b1!", "x!", []string{"a_b1"}, false},
		{"$1/$2/$3", "one/two/", nil, false},
		{"$10", "one0", nil, false},
		{"$0", "", []string{"0"}, false},
		{"$unset.", ".", []string{"unset"}, false},
		{"a?b=$uri", "a?b=/a", []string{"uri"}, false},
	}
	for _, tt := range tests {
		cv, err := compileComplex(tt.in)
		if err != nil {
			t.Errorf("compile(%q): %v", tt.in, err)
			continue
		}
		if got := cv.Eval(r); got != tt.want {
			t.Errorf("Eval(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := cv.Variables(); !reflect.DeepEqual(got, tt.vars) {
			t.Errorf("Variables(%q) = %q, want %q", tt.in, got, tt.vars)
		}
		if cv.Static() != tt.static {
			t.Errorf("Static(%q) = %v", tt.in, cv.Static())
		}
		if cv.String() != tt.in {
			t.Errorf("String(%q) = %q", tt.in, cv.String())
		}
	}
}

// The messages were checked against the reference ("return 200 <value>").
func TestComplexValueErrors(t *testing.T) {
	for in, want := range map[string]string{
		"$":      "invalid variable name",
		"a$":     "invalid variable name",
		"${}":    "invalid variable name",
		"a$-":    "invalid variable name",
		"${":     "invalid variable name",
		"${uri":  `the closing bracket in "uri" variable is missing`,
		"${a-b}": `the closing bracket in "a" variable is missing`,
	} {
		_, err := compileComplex(in)
		if err == nil || err.Error() != want {
			t.Errorf("compile(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestEscapeArgs(t *testing.T) {
	for in, want := range map[string]string{
		"abc":       "abc",
		"a b":       "a%20b",
		"a+b&c=d":   "a%2Bb%26c=d",
		"#%;?":      "%23%25%3B%3F",
		"é\x7f\x01": "%C3%A9%7F%01",
		"/-._~:@!$": "/-._~:@!$",
	} {
		if got := EscapeArgs(in); got != want {
			t.Errorf("EscapeArgs(%q) = %q, want %q", in, got, want)
		}
	}
}

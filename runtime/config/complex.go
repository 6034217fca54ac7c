package config

import (
	"strconv"
	"strings"
)

// ComplexValue is a string with variables, such as "text $var ${var}text
// $1", compiled once as nginx's ngx_http_compile_complex_value does.
type ComplexValue struct {
	// Raw is the value as written.
	Raw   string
	parts []cvPart
}

// cvPart is a literal, a variable reference or a regex capture reference.
type cvPart struct {
	lit     string
	varName string // lower-case name, without "$"
	capture int    // 1-9 for $1..$9, 0 otherwise
}

// VarResolver gives variables' and regex captures' values while a value is
// evaluated. ScriptContext satisfies it.
type VarResolver interface {
	// Var returns the value of the variable name (lower case, without
	// "$") and whether it is set.
	Var(name string) (string, bool)
	// Capture returns regex capture n (1-9) of the last successful
	// match, and false when there is none.
	Capture(n int) (string, bool)
}

// compileComplex compiles a value. Variable names are case-insensitive in
// nginx, so they are lowered here.
func compileComplex(s string) (*ComplexValue, error) {
	cv := &ComplexValue{Raw: s}
	for i := 0; i < len(s); {
		if s[i] == '$' {
			i++
			if i == len(s) {
				return nil, emergf("invalid variable name")
			}
			if c := s[i]; c >= '1' && c <= '9' {
				cv.parts = append(cv.parts, cvPart{capture: int(c - '0')})
				i++
				continue
			}
			bracket := false
			if s[i] == '{' {
				bracket = true
				i++
				if i == len(s) {
					return nil, emergf("invalid variable name")
				}
			}
			start, end := i, -1
			for ; i < len(s); i++ {
				c := s[i]
				if c == '}' && bracket {
					end = i
					i++
					bracket = false
					break
				}
				if !isVarChar(c) {
					break
				}
			}
			if end < 0 {
				end = i
			}
			name := s[start:end]
			if bracket {
				return nil, emergf(`the closing bracket in "%s" variable is missing`, name)
			}
			if name == "" {
				return nil, emergf("invalid variable name")
			}
			cv.parts = append(cv.parts, cvPart{varName: strings.ToLower(name)})
			continue
		}
		j := strings.IndexByte(s[i:], '$')
		if j < 0 {
			j = len(s) - i
		}
		cv.parts = append(cv.parts, cvPart{lit: s[i : i+j]})
		i += j
	}
	return cv, nil
}

func isVarChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
}

// mustComplex compiles a value already validated while parsing.
func mustComplex(s string) *ComplexValue {
	cv, err := compileComplex(s)
	if err != nil {
		panic("config: value validated while parsing fails to compile: " + err.Error())
	}
	return cv
}

// Static reports whether the value has no variables or captures.
func (cv *ComplexValue) Static() bool {
	for _, p := range cv.parts {
		if p.varName != "" || p.capture != 0 {
			return false
		}
	}
	return true
}

// Variables returns the names of the variables the value refers to, in
// order, lower case and without "$".
func (cv *ComplexValue) Variables() []string {
	var out []string
	for _, p := range cv.parts {
		if p.varName != "" {
			out = append(out, p.varName)
		}
	}
	return out
}

// HasCaptures reports whether the value refers to $1..$9.
func (cv *ComplexValue) HasCaptures() bool {
	for _, p := range cv.parts {
		if p.capture != 0 {
			return true
		}
	}
	return false
}

// Eval computes the value. Unset variables and captures evaluate to the
// empty string, as nginx's script engine does.
func (cv *ComplexValue) Eval(r VarResolver) string {
	if len(cv.parts) == 1 && cv.parts[0].varName == "" && cv.parts[0].capture == 0 {
		return cv.parts[0].lit
	}
	var b strings.Builder
	for _, p := range cv.parts {
		switch {
		case p.varName != "":
			v, _ := r.Var(p.varName)
			b.WriteString(v)
		case p.capture != 0:
			v, _ := r.Capture(p.capture)
			b.WriteString(v)
		default:
			b.WriteString(p.lit)
		}
	}
	return b.String()
}

// String returns the value as written.
func (cv *ComplexValue) String() string { return cv.Raw }

// GoString shows the compiled parts, for debugging.
func (cv *ComplexValue) GoString() string {
	var b strings.Builder
	b.WriteString("ComplexValue{")
	for i, p := range cv.parts {
		if i > 0 {
			b.WriteString(", ")
		}
		switch {
		case p.varName != "":
			b.WriteString("$" + p.varName)
		case p.capture != 0:
			b.WriteString("$" + strconv.Itoa(p.capture))
		default:
			b.WriteString(strconv.Quote(p.lit))
		}
	}
	b.WriteString("}")
	return b.String()
}

// ParseComplex compiles a value with variables ("$host-${uri}.log") for
// the engine's own uses (access_log paths with variables).
func ParseComplex(s string) (*ComplexValue, error) { return compileComplex(s) }

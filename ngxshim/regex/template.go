package regex

import "fmt"

// Template is a compiled replacement string of ngx.re.sub and ngx.re.gsub:
// literal text with $0, $1, ${1} and $$ (ngx_lua's "complex value" script).
type Template struct {
	parts []tplPart
	// literal is the whole replacement when it has no variables.
	literal string
	simple  bool
}

type tplPart struct {
	lit   string
	group int // -1 for a literal part
}

// TemplateError is a replacement string ngx_lua refuses; Error is the
// message ngx_lua logs at error level.
type TemplateError struct{ msg string }

// Error returns the log message.
func (e *TemplateError) Error() string { return e.msg }

func isNameChar(c byte) bool {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
}

// CompileTemplate compiles a replacement string.
func CompileTemplate(src string) (*Template, error) {
	t := &Template{}
	hasVar := false
	for i := 0; i < len(src); i++ {
		if src[i] == '$' {
			hasVar = true
			break
		}
	}
	if !hasVar {
		t.literal, t.simple = src, true
		return t, nil
	}
	invalid := func() error {
		return &TemplateError{fmt.Sprintf("lua script: invalid capturing variable name found in \"%s\"", src)}
	}
	for i := 0; i < len(src); {
		if src[i] != '$' {
			j := i
			for j < len(src) && src[j] != '$' {
				j++
			}
			t.parts = append(t.parts, tplPart{lit: src[i:j], group: -1})
			i = j
			continue
		}
		i++
		if i == len(src) {
			return nil, invalid()
		}
		if src[i] == '$' {
			t.parts = append(t.parts, tplPart{lit: "$", group: -1})
			i++
			continue
		}
		numVar := isDigit(src[i])
		bracket := false
		if src[i] == '{' {
			bracket = true
			i++
			if i == len(src) {
				return nil, invalid()
			}
			if isDigit(src[i]) {
				numVar = true
			}
		}
		nameStart, nameLen, n := i, 0, 0
		for ; i < len(src); i, nameLen = i+1, nameLen+1 {
			ch := src[i]
			if ch == '}' && bracket {
				i++
				bracket = false
				break
			}
			if numVar {
				if isDigit(ch) {
					if n < 1<<30 {
						n = n*10 + int(ch-'0')
					}
					continue
				}
				break
			}
			if isNameChar(ch) {
				continue
			}
			break
		}
		name := src[nameStart : nameStart+nameLen]
		if bracket {
			return nil, &TemplateError{fmt.Sprintf("the closing bracket in \"%s\" variable is missing", name)}
		}
		if nameLen == 0 {
			return nil, invalid()
		}
		if !numVar {
			return nil, &TemplateError{fmt.Sprintf(
				"attempt to use named capturing variable \"%s\" (named captures not supported yet)", name)}
		}
		t.parts = append(t.parts, tplPart{group: n})
	}
	return t, nil
}

// Expand appends the replacement for a match to dst; ovec holds rc offset
// pairs (the match and its groups).
func (t *Template) Expand(dst []byte, subject string, ovec []int, rc int) []byte {
	if t.simple {
		return append(dst, t.literal...)
	}
	for _, p := range t.parts {
		if p.group < 0 {
			dst = append(dst, p.lit...)
			continue
		}
		if p.group < rc {
			s, e := ovec[2*p.group], ovec[2*p.group+1]
			if s >= 0 && e >= s {
				dst = append(dst, subject[s:e]...)
			}
		}
	}
	return dst
}

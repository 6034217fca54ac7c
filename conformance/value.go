package conformance

import (
	"encoding/json"
	"fmt"
	"strings"
)

// ValueKind tells which Perl value a section holds after evaluation.
type ValueKind int

const (
	// KindNone is an undefined value (or a missing section).
	KindNone ValueKind = iota
	// KindString is a plain (byte) string.
	KindString
	// KindList is a Perl array reference.
	KindList
	// KindRegex is a qr// object.
	KindRegex
	// KindHash is a Perl hash reference.
	KindHash
	// KindCode is a Perl code reference, callable through the loader.
	KindCode
	// KindOther is any other reference, kept as its string form.
	KindOther
)

// Value is a section value as Perl evaluated it. Strings are byte strings.
type Value struct {
	Kind  ValueKind
	Str   string // KindString, KindOther; the pattern for KindRegex
	Mods  string // KindRegex: Perl modifiers (i, m, s, x)
	List  []Value
	Hash  map[string]Value
	Code  int // KindCode: the loader's id
	Inner *Value
}

// StringValue returns a KindString value.
func StringValue(s string) Value { return Value{Kind: KindString, Str: s} }

// Defined tells whether the value is not undef.
func (v Value) Defined() bool { return v.Kind != KindNone }

// IsList tells whether the value is an array reference.
func (v Value) IsList() bool { return v.Kind == KindList }

// String renders the value roughly as Perl would stringify it, for reports.
func (v Value) String() string {
	switch v.Kind {
	case KindNone:
		return ""
	case KindString, KindOther:
		return v.Str
	case KindRegex:
		return "qr/" + v.Str + "/" + v.Mods
	case KindList:
		parts := make([]string, len(v.List))
		for i, e := range v.List {
			parts[i] = fmt.Sprintf("%q", e.String())
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case KindHash:
		return fmt.Sprintf("HASH(%d keys)", len(v.Hash))
	case KindCode:
		return fmt.Sprintf("CODE(%d)", v.Code)
	}
	return ""
}

// Index returns the i-th element of a list value, or the value itself when
// it is not a list (Test::Nginx's get_indexed_value for a single request).
func (v Value) Index(i int) Value {
	if v.Kind == KindList {
		if i < len(v.List) {
			return v.List[i]
		}
		return Value{}
	}
	return v
}

// UnmarshalJSON decodes the loader's encoding: strings are latin-1 escaped
// byte strings, arrays are arrays, tagged objects carry the other kinds.
func (v *Value) UnmarshalJSON(data []byte) error {
	*v = Value{}
	data = []byte(strings.TrimSpace(string(data)))
	if len(data) == 0 || string(data) == "null" {
		return nil
	}
	switch data[0] {
	case '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*v = StringValue(latin1ToBytes(s))
		return nil
	case '[':
		var list []Value
		if err := json.Unmarshal(data, &list); err != nil {
			return err
		}
		*v = Value{Kind: KindList, List: list}
		return nil
	case '{':
		var obj struct {
			T    string           `json:"t"`
			Re   string           `json:"re"`
			Mods string           `json:"mods"`
			H    map[string]Value `json:"h"`
			ID   int              `json:"id"`
			V    json.RawMessage  `json:"v"`
		}
		if err := json.Unmarshal(data, &obj); err != nil {
			return err
		}
		switch obj.T {
		case "re":
			*v = Value{Kind: KindRegex, Str: latin1ToBytes(obj.Re), Mods: obj.Mods}
		case "hash":
			*v = Value{Kind: KindHash, Hash: obj.H}
		case "code":
			*v = Value{Kind: KindCode, Code: obj.ID}
		case "ref":
			var inner Value
			if len(obj.V) > 0 {
				if err := json.Unmarshal(obj.V, &inner); err != nil {
					return err
				}
			}
			*v = Value{Kind: KindOther, Inner: &inner, Str: inner.String()}
		default:
			var s string
			_ = json.Unmarshal(obj.V, &s)
			*v = Value{Kind: KindOther, Str: s}
		}
		return nil
	default:
		// numbers and booleans are stringified as Perl would
		*v = StringValue(string(data))
		return nil
	}
}

// latin1ToBytes maps each code point below 256 back to its byte: the loader
// hands Perl byte strings over as latin-1 text.
func latin1ToBytes(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 256 {
			b = append(b, byte(r))
		} else {
			b = append(b, string(r)...)
		}
	}
	return string(b)
}

// bytesToLatin1 is the inverse: every byte becomes one code point, so that
// rune-based regex engines see Perl's byte semantics.
func bytesToLatin1(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// mapStrings applies f to every string (and regex pattern) inside v.
func (v Value) mapStrings(f func(string) string) Value {
	switch v.Kind {
	case KindString, KindRegex, KindOther:
		v.Str = f(v.Str)
	case KindList:
		list := make([]Value, len(v.List))
		for i, e := range v.List {
			list[i] = e.mapStrings(f)
		}
		v.List = list
	case KindHash:
		h := make(map[string]Value, len(v.Hash))
		for k, e := range v.Hash {
			h[k] = e.mapStrings(f)
		}
		v.Hash = h
	}
	return v
}

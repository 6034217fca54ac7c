package ngxshim

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// The one-value directives of set-misc-nginx-module (which OpenResty
// bundles, and Debian's reference loads) as ndk.set_var exposes them:
// set_quote_sql_str and friends take a string and give a string, or fail
// with NGX_ERROR (-1) and an error line of the module's wording.

// setVarFunc is one ndk_set_var_value directive: the result, or the error
// line to log when it fails.
type setVarFunc func(v string) (string, string)

// setMiscBase32 is set-misc's default base32 alphabet (base32hex, lower
// case) with its default padding.
var setMiscBase32 = base32.NewEncoding("0123456789abcdefghijklmnopqrstuv")

// setVarFuncs are the set-misc directives ndk.set_var finds.
var setVarFuncs = map[string]setVarFunc{
	"set_quote_sql_str":   func(v string) (string, string) { return quoteSQLStr(v), "" },
	"set_quote_pgsql_str": func(v string) (string, string) { return quotePgSQLStr(v), "" },
	"set_quote_json_str":  func(v string) (string, string) { return quoteJSONStr(v), "" },
	"set_escape_uri":      func(v string) (string, string) { return setMiscEscapeURI(v), "" },
	"set_unescape_uri":    func(v string) (string, string) { return setMiscUnescapeURI(v), "" },
	"set_encode_base32":   func(v string) (string, string) { return setMiscBase32.EncodeToString([]byte(v)), "" },
	"set_decode_base32": func(v string) (string, string) {
		p, err := setMiscBase32.DecodeString(v)
		if err != nil {
			return "", "set_decode_base32: invalid value"
		}
		return string(p), ""
	},
	"set_encode_base64": func(v string) (string, string) { return base64.StdEncoding.EncodeToString([]byte(v)), "" },
	"set_decode_base64": func(v string) (string, string) {
		p, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			if p, err = base64.RawStdEncoding.DecodeString(v); err != nil {
				return "", "set_decode_base64: invalid value"
			}
		}
		return string(p), ""
	},
	"set_encode_base64url": func(v string) (string, string) { return base64.RawURLEncoding.EncodeToString([]byte(v)), "" },
	"set_decode_base64url": func(v string) (string, string) {
		p, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(v, "="))
		if err != nil {
			return "", "set_decode_base64url: invalid value"
		}
		return string(p), ""
	},
	"set_encode_hex": func(v string) (string, string) { return hex.EncodeToString([]byte(v)), "" },
	"set_decode_hex": func(v string) (string, string) {
		p, err := hex.DecodeString(v)
		if err != nil {
			return "", "set_decode_hex: invalid value"
		}
		return string(p), ""
	},
	"set_md5":  func(v string) (string, string) { s := md5.Sum([]byte(v)); return hex.EncodeToString(s[:]), "" },
	"set_sha1": func(v string) (string, string) { s := sha1.Sum([]byte(v)); return hex.EncodeToString(s[:]), "" },
	"set_secure_random_alphanum": func(v string) (string, string) {
		return secureRandom(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "set_secure_random_alphanum")
	},
	"set_secure_random_lcalpha": func(v string) (string, string) {
		return secureRandom(v, "abcdefghijklmnopqrstuvwxyz", "set_secure_random_lcalpha")
	},
}

// secureRandom makes a random string of the length v from alphabet.
func secureRandom(v, alphabet, name string) (string, string) {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return "", name + ": bad \"length\" argument: " + v
	}
	p := make([]byte, n)
	rand.Read(p)
	for i := range p {
		p[i] = alphabet[int(p[i])%len(alphabet)]
	}
	return string(p), ""
}

// setMiscEscapeURI escapes all but letters, digits and "-_.~", as
// set_escape_uri.
func setMiscEscapeURI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// setMiscUnescapeURI decodes as nginx's ngx_unescape_uri, which
// set_unescape_uri calls (checked on the reference), plus "+" as a space: a
// '%' followed by a non-hex byte is dropped and that byte kept; after "%"
// and one hex digit, a non-hex byte drops all three.
func setMiscUnescapeURI(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b = append(b, ' ')
		case c != '%':
			b = append(b, c)
		case i+1 < len(s) && !isHex(s[i+1]):
			b = append(b, s[i+1])
			i++
		case i+2 < len(s) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			// "%" and a hex digit, then a non-hex byte or the end
			i += 2
		}
	}
	return string(b)
}

// quotePgSQLStr quotes for PostgreSQL as set_quote_pgsql_str: E'...' with
// backslash escapes.
func quotePgSQLStr(s string) string {
	var b strings.Builder
	b.WriteString("E'")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'':
			b.WriteString("\\'")
		case '\\':
			b.WriteString("\\\\")
		case '\n':
			b.WriteString("\\n")
		case '\r':
			b.WriteString("\\r")
		case '\t':
			b.WriteString("\\t")
		case '\b':
			b.WriteString("\\b")
		case '\f':
			b.WriteString("\\f")
		case 0:
			// PostgreSQL strings cannot hold a NUL
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString("'")
	return b.String()
}

// quoteJSONStr quotes s as a JSON string, as set_quote_json_str.
func quoteJSONStr(s string) string { return `"` + JSONEscape(s) + `"` }

// JSONEscape escapes s for the inside of a JSON string, as nginx's
// log_format escape=json and set-misc's set_quote_json_str do: the
// two-character escapes, \u00XX for other control bytes, the rest as is.
func JSONEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if c < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// SetMiscNames lists set-misc's one-value directives gresty has.
func SetMiscNames() []string {
	names := make([]string, 0, len(setVarFuncs))
	for n := range setVarFuncs {
		names = append(names, n)
	}
	return names
}

// SetMiscFunc returns the one-value directive name: its result, or the error
// line it logs when it fails; nil when gresty has no such directive.
func SetMiscFunc(name string) func(v string) (string, string) {
	if fn := setVarFuncs[name]; fn != nil {
		return fn
	}
	return nil
}

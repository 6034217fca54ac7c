package parse

// Character classes as LuaJIT's lj_char.c defines them: bytes >= 0x80 count
// as identifier characters, so UTF-8 names are accepted.
const (
	cIdent = 1 << iota
	cDigit
	cXDigit
	cSpace
)

var charClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= '0' && c <= '9':
			t[c] = cIdent | cDigit | cXDigit
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			t[c] = cIdent | cXDigit
		case c >= 'g' && c <= 'z', c >= 'G' && c <= 'Z', c == '_', c >= 0x80:
			t[c] = cIdent
		case c == ' ', c >= '\t' && c <= '\r':
			t[c] = cSpace
		}
	}
	return
}()

func isIdent(c int) bool  { return c >= 0 && charClass[c]&cIdent != 0 }
func isDigit(c int) bool  { return c >= '0' && c <= '9' }
func isXDigit(c int) bool { return c >= 0 && charClass[c]&cXDigit != 0 }
func isSpace(c int) bool  { return c >= 0 && charClass[c]&cSpace != 0 }

package parse

import "testing"

// TestKeywords checks the keyword switch against the token name table.
func TestKeywords(t *testing.T) {
	for tok := tkAnd; tok <= tkWhile; tok++ {
		if got := keyword(tok.String()); got != tok {
			t.Errorf("keyword(%q) = %v, want %v", tok.String(), got, tok)
		}
	}
	for _, s := range []string{"", "a", "And", "goto_", "ends", "x", "functions", "elsif"} {
		if got := keyword(s); got != 0 {
			t.Errorf("keyword(%q) = %v, want none", s, got)
		}
	}
}

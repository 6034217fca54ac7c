package regex

import "testing"

// TestUnicodeProperties checks properties and case folding in UTF-8 mode
// against the reference, including characters Unicode assigned after the
// version PCRE 8.39 knows (they are unassigned there, in the Common
// script).
func TestUnicodeProperties(t *testing.T) {
	tests := []struct {
		pattern, subject string
		match            bool
	}{
		{`\p{L}`, "\u9fcd", false}, // CJK ideograph of Unicode 8.0
		{`\p{Cn}`, "\u9fcd", true},
		{`\p{Common}`, "\u9fcd", true},
		{`\p{Han}`, "\u9fcd", false},
		{`\p{So}`, "\U0001f600", true}, // emoji of Unicode 6.1
		{`\p{Cn}`, "\U0001f923", true}, // emoji of Unicode 9.0
		{`\p{Sc}`, "\u20bd", true},     // ruble sign, Unicode 7.0
		{`\p{Cn}`, "\u20be", true},     // lari sign, Unicode 8.0
		{`(?i)k`, "\u212a", true},      // Kelvin sign folds to k
		{`\p{Greek}`, "\u03b1", true},
		{`\p{Ll}`, "\u03b1", true},
		{`\p{Ll}`, "\u13f8", false}, // Cherokee small letter of Unicode 8.0
		{`(?i)\x{13f0}`, "\u13f8", false},
		{`\p{Xwd}`, "_", true},
		{`^\X$`, "e\u0301\u0302", true},
		{`^\X$`, "\r\n", true},
		{`^\X$`, "\U0001f1e9\U0001f1ea\U0001f1eb", true},
	}
	var mt Matcher
	for _, tt := range tests {
		re, err := Compile(tt.pattern, UTF8)
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.pattern, err)
			continue
		}
		if got := mt.Exec(re, tt.subject, 0, ExecOptions{}) >= 0; got != tt.match {
			t.Errorf("%q on %q: match %v, want %v", tt.pattern, tt.subject, got, tt.match)
		}
	}
	for _, name := range []string{"Ahom", "SignWriting", "Lc", "greek"} {
		if _, err := Compile(`\p{`+name+`}`, UTF8); err == nil {
			t.Errorf(`\p{%s} compiles; PCRE 8.39 does not know it`, name)
		}
	}
}

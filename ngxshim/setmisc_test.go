package ngxshim

import "testing"

func TestSetMiscFuncs(t *testing.T) {
	for _, c := range []struct{ name, in, want, err string }{
		{"set_escape_uri", " :/a~", "%20%3A%2Fa~", ""},
		// the reference's set_unescape_uri: "a+b%20c%zz" -> "a b czz",
		// "x%4zy" -> "xy"
		{"set_unescape_uri", "a+b%20c%zz", "a b czz", ""},
		{"set_unescape_uri", "x%4zy", "xy", ""},
		{"set_quote_sql_str", "it's", `'it\'s'`, ""},
		{"set_quote_pgsql_str", `a'b\`, `E'a\'b\\'`, ""},
		{"set_quote_json_str", "a\"b\n\x01", `"a\"b\n\u0001"`, ""},
		{"set_encode_base32", "2011.10.13+0000", "68o32c9e64o2sc9j5co30c1g", ""},
		{"set_decode_base32", "68o32c9e64o2sc9j5co30c1g", "2011.10.13+0000", ""},
		{"set_decode_base32", "!!", "", "set_decode_base32: invalid value"},
		{"set_encode_base64", "hello", "aGVsbG8=", ""},
		{"set_decode_base64", "aGVsbG8=", "hello", ""},
		{"set_decode_base64", "#", "", "set_decode_base64: invalid value"},
		{"set_encode_hex", "hi", "6869", ""},
		{"set_decode_hex", "6869", "hi", ""},
		{"set_md5", "hello", "5d41402abc4b2a76b9719d911017c592", ""},
		{"set_sha1", "hello", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", ""},
	} {
		got, err := setVarFuncs[c.name](c.in)
		if got != c.want || err != c.err {
			t.Errorf("%s(%q) = %q, %q; want %q, %q", c.name, c.in, got, err, c.want, c.err)
		}
	}
	if s, _ := setVarFuncs["set_secure_random_lcalpha"]("12"); len(s) != 12 {
		t.Errorf("random: %q", s)
	}
}

package regex

import (
	"strings"
	"testing"
)

var benchSubject = strings.Repeat("hello world, foo bar 1234 baz! ", 33)

// benchGlobal finds all matches of pattern in benchSubject, as gsub does.
func benchGlobal(b *testing.B, pattern string, opts Options) {
	re, err := Compile(pattern, opts)
	if err != nil {
		b.Fatal(err)
	}
	var mt Matcher
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pos := 0
		for {
			rc := mt.Exec(re, benchSubject, pos, ExecOptions{})
			if rc < 0 {
				break
			}
			ov := mt.Ovector()
			pos = ov[1]
			if ov[0] == ov[1] {
				pos++
			}
			if pos > len(benchSubject) {
				break
			}
		}
	}
}

func BenchmarkExecLiteral(b *testing.B)    { benchGlobal(b, "foo", 0) }
func BenchmarkExecClass(b *testing.B)      { benchGlobal(b, "[aeiou]", 0) }
func BenchmarkExecWords(b *testing.B)      { benchGlobal(b, `(\w+)`, 0) }
func BenchmarkExecAlternates(b *testing.B) { benchGlobal(b, `foo|bar|baz`, 0) }
func BenchmarkExecCaseless(b *testing.B)   { benchGlobal(b, `HELLO`, Caseless) }
func BenchmarkExecUTF8Dot(b *testing.B)    { benchGlobal(b, `w.r`, UTF8) }

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Compile(`^(\w+)\s*=\s*"([^"]*)"$`, 0); err != nil {
			b.Fatal(err)
		}
	}
}

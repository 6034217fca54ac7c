package parse

import (
	"bytes"
	"os"
	"testing"

	gparse "github.com/yuin/gopher-lua/parse"
)

// benchCorpus concatenates the corpus files both parsers accept.
func benchCorpus(b *testing.B) [][]byte {
	var srcs [][]byte
	for _, path := range corpusFiles(b) {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gparse.Parse(bytes.NewReader(src), path); err != nil {
			continue
		}
		if _, err := ParseString(string(src), "@"+path); err != nil {
			continue
		}
		srcs = append(srcs, src)
	}
	return srcs
}

func benchParse(b *testing.B, parse func([]byte) error) {
	srcs := benchCorpus(b)
	size := 0
	for _, s := range srcs {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range srcs {
			if err := parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParse measures this parser on the corpus files both accept.
func BenchmarkParse(b *testing.B) {
	benchParse(b, func(src []byte) error {
		_, err := Parse(src, "=bench")
		return err
	})
}

// BenchmarkGopherLuaParse measures gopher-lua's own parser on the same files.
func BenchmarkGopherLuaParse(b *testing.B) {
	benchParse(b, func(src []byte) error {
		_, err := gparse.Parse(bytes.NewReader(src), "bench")
		return err
	})
}

package parse

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	gparse "github.com/yuin/gopher-lua/parse"
)

// gopherLuaDir is where the gopher-lua module's source (with its Lua test
// suites) lives.
var gopherLuaDir = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-json", "github.com/yuin/gopher-lua").Output()
	if err != nil {
		return "", err
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(out, &m); err != nil {
		return "", err
	}
	return m.Dir, nil
})

// corpusFiles lists the Lua files the differential tests read: gopher-lua's
// own suites always, plus the Lua libraries installed on this machine and
// the upstream sources in /tmp/up when they are there.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	dir, err := gopherLuaDir()
	if err != nil {
		t.Fatalf("locating gopher-lua: %v", err)
	}
	roots := []string{
		filepath.Join(dir, "_lua5.1-tests"),
		filepath.Join(dir, "_glua-tests"),
		"/usr/share/lua",
		"/tmp/up",
	}
	var files []string
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".lua") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) < 30 {
		t.Fatalf("corpus too small: %d files", len(files))
	}
	return files
}

// luajitRejects lists corpus files gopher-lua accepts but LuaJIT 2.1 does
// not (they are written for Lua 5.2), with the end of LuaJIT's message as
// the reference nginx gives it for the offending lines.
var luajitRejects = map[string]string{
	"_lua5.1-tests/pm.lua": ":89: unexpected symbol near ';'",                  // "do;" needs Lua 5.2's empty statement
	"_glua-tests/goto.lua": ":70: <goto l1> jumps into the scope of local 'a'", // "::l1::;" is not at the block's end in 5.1 mode
}

// stringEscapes are the LuaJIT escapes gopher-lua's lexer reads as plain
// letters, so string values of files using them may differ.
var stringEscapes = []string{`\x`, `\z`, `\u{`}

// explainDiff accepts a difference between gopher-lua's dump line a and
// ours b where gopher-lua is known to misread the source: a number it
// cannot parse (it loads NaN), or a string with LuaJIT-only escapes.
func explainDiff(a, b, src string) bool {
	ta, tb := strings.TrimSpace(a), strings.TrimSpace(b)
	if strings.HasPrefix(ta, "NumberExpr") && strings.HasPrefix(tb, "NumberExpr") {
		return strings.HasSuffix(ta, " NaN")
	}
	if strings.HasPrefix(ta, `"`) && strings.HasPrefix(tb, `"`) {
		for _, e := range stringEscapes {
			if strings.Contains(src, e) {
				return true
			}
		}
	}
	return false
}

// compareDumps returns "" when two dumps agree up to explained differences.
func compareDumps(a, b, src string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(al) != len(bl) {
		return firstDiff(a, b)
	}
	for i := range al {
		if al[i] != bl[i] && !explainDiff(al[i], bl[i], src) {
			return firstDiff(strings.Join(al[i:], "\n"), strings.Join(bl[i:], "\n"))
		}
	}
	return ""
}

// TestDifferentialCorpus parses every corpus file with gopher-lua's parser
// and with this one (without loop guards) and requires the same tree, lines
// included, wherever gopher-lua is not known to be wrong.
func TestDifferentialCorpus(t *testing.T) {
	compared := 0
	for _, path := range corpusFiles(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		mine, myErr := parse(string(src), "@"+path, true)
		theirs, theirErr := gparse.Parse(bytes.NewReader(src), path)
		switch {
		case myErr != nil && theirErr != nil:
			continue
		case myErr != nil:
			want, ok := luajitRejects[filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path)]
			if !ok || !strings.HasSuffix(myErr.Error(), want) {
				t.Errorf("%s: rejected what gopher-lua accepts: %v", path, myErr)
			}
			continue
		case theirErr != nil:
			t.Logf("%s: gopher-lua rejects, accepted here: %v", path, strings.TrimSpace(theirErr.Error()))
			continue
		}
		compared++
		if d := compareDumps(dumpAST(theirs), dumpAST(mine), string(src)); d != "" {
			t.Errorf("%s: AST differs from gopher-lua's:\n%s", path, d)
		}
	}
	t.Logf("%d files compared", compared)
}

// firstDiff shows the first differing line of two dumps with context.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-8)
			return "gopher-lua:\n" + strings.Join(al[lo:min(len(al), i+3)], "\n") +
				"\nhere:\n" + strings.Join(bl[lo:min(len(bl), i+3)], "\n")
		}
	}
	return "dumps differ in length"
}

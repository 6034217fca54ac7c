package cjson

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"
)

// upstreamDir is an unpacked lua-cjson 2.1.0 source tree. Its test suite is
// run from there, never copied into this repository.
var upstreamDir = flag.String("cjson-upstream", "/tmp/up/lua-cjson-2.1.0+dfsg",
	"lua-cjson 2.1.0 source tree whose tests/test.lua TestUpstreamSuite runs")

// upstreamExpectedFailures are the tests of lua-cjson's suite gresty fails
// on purpose, with the reason.
var upstreamExpectedFailures = map[string]string{
	// OpenResty's fork allows precisions up to 16, so its message says so.
	"Set encode_number_precision(0) [throw error]": "OpenResty allows 1 to 16 (plain lua-cjson 1 to 14)",
}

// utf8Data is what the suite's genutf8.pl writes to utf8.dat: every code
// point but the surrogates, UTF-8 encoded.
func utf8Data() []byte {
	var b []byte
	for cp := rune(0); cp <= 0x10FFFF; cp++ {
		if cp >= 0xD800 && cp <= 0xDFFF {
			continue
		}
		b = utf8.AppendRune(b, cp)
	}
	return b
}

// upstreamState returns a state prepared as the suite expects of a Lua 5.1
// interpreter: print captured, math.huge infinite (gopher-lua's is the
// largest double), os.exit harmless, arg holding the files to round-trip,
// cjson.util loadable from the source tree.
func upstreamState(t *testing.T, out *bytes.Buffer, args []string) *lua.LState {
	L := lua.NewState(lua.Options{
		CallStackSize:    2000,
		RegistrySize:     1 << 16,
		RegistryMaxSize:  1 << 23,
		RegistryGrowStep: 1 << 20,
	})
	t.Cleanup(L.Close)
	null := L.NewUserData()
	Preload(L, null)
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			if i > 1 {
				out.WriteByte('\t')
			}
			out.WriteString(L.ToStringMeta(L.Get(i)).String())
		}
		out.WriteByte('\n')
		return 0
	}))
	L.SetField(L.GetGlobal("math"), "huge", lua.LNumber(math.Inf(1)))
	L.SetField(L.GetGlobal("os"), "exit", L.NewFunction(func(L *lua.LState) int { return 0 }))
	argt := L.NewTable()
	for _, a := range args {
		argt.Append(lua.LString(a))
	}
	L.SetGlobal("arg", argt)
	L.SetField(L.GetGlobal("package"), "path", lua.LString(filepath.Join(*upstreamDir, "lua", "?.lua")))
	return L
}

// TestUpstreamSuite runs lua-cjson 2.1.0's own tests/test.lua against this
// package, including its round trips of the example JSON files.
func TestUpstreamSuite(t *testing.T) {
	src := filepath.Join(*upstreamDir, "tests")
	if _, err := os.Stat(filepath.Join(src, "test.lua")); err != nil {
		t.Skipf("lua-cjson source tree not found: %v", err)
	}
	work := t.TempDir()
	files, err := filepath.Glob(filepath.Join(src, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var jsonFiles []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".json") {
			jsonFiles = append(jsonFiles, filepath.Base(f))
		}
	}
	utf8dat := utf8Data()
	// The checksum genutf8.pl documents for its output.
	if sum := md5.Sum(utf8dat); hex.EncodeToString(sum[:]) != "cff03b039d850f370a7362f3313e5268" {
		t.Fatalf("utf8.dat checksum %x", sum)
	}
	if err := os.WriteFile(filepath.Join(work, "utf8.dat"), utf8dat, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)

	var out bytes.Buffer
	L := upstreamState(t, &out, jsonFiles)
	if err := L.DoFile("test.lua"); err != nil {
		t.Fatalf("test.lua: %v\n%s", err, out.String())
	}

	result := regexp.MustCompile(`(?m)^==> Test \[(\d+)\] (.*): (PASS|FAIL)$`)
	matches := result.FindAllStringSubmatch(out.String(), -1)
	if len(matches) == 0 {
		t.Fatalf("no test results in the output:\n%s", out.String())
	}
	pass := 0
	for _, m := range matches {
		name, passed := m[2], m[3] == "PASS"
		reason, expected := upstreamExpectedFailures[name]
		switch {
		case passed && expected:
			t.Errorf("test [%s] %s passes but is listed as failing (%s)", m[1], name, reason)
		case !passed && !expected:
			t.Errorf("test [%s] %s fails:\n%s", m[1], name, resultBlock(out.String(), m[0]))
		}
		if passed {
			pass++
		}
	}
	t.Logf("lua-cjson 2.1.0 suite: %d of %d tests pass", pass, len(matches))
}

// resultBlock returns the lines the suite printed for one test.
func resultBlock(out, header string) string {
	i := strings.Index(out, header)
	if i < 0 {
		return ""
	}
	block := out[i:]
	if j := strings.Index(block, "\n\n"); j >= 0 {
		block = block[:j]
	}
	if len(block) > 2000 {
		block = block[:2000] + "..."
	}
	return block
}

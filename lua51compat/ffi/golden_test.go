package ffi

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// The golden tests: every case in testdata/cases runs through
// testdata/harness.lua on gresty and must print exactly what LuaJIT's FFI
// printed for it on the reference nginx (testdata/golden, recorded with
// testdata/refserver.sh and -ffiref).

var goldenRefURL = flag.String("ffiref", "", "URL of the reference nginx /run location (testdata/refserver.sh); regenerates testdata/golden")

type goldenCase struct {
	name string
	src  string
}

// parseCases splits a case file at lines starting with "--- ".
func parseCases(data []byte) ([]goldenCase, error) {
	var cases []goldenCase
	var cur *goldenCase
	var body strings.Builder
	flush := func() {
		if cur != nil {
			cur.src = body.String()
			cases = append(cases, *cur)
		}
		body.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "--- "); ok {
			flush()
			cur = &goldenCase{name: strings.TrimSpace(name)}
			continue
		}
		if cur == nil {
			if strings.TrimSpace(line) != "" {
				return nil, fmt.Errorf("text before the first case: %q", line)
			}
			continue
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	flush()
	return cases, sc.Err()
}

// escapeOutput makes case output storable in a golden file: bytes outside
// printable ASCII are escaped and every line gets a "| " prefix.
func escapeOutput(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		b.WriteString("| ")
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case c == '\\':
				b.WriteString(`\\`)
			case c == '\t' || c >= 0x20 && c < 0x7f:
				b.WriteByte(c)
			default:
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// parseGolden reads a golden file back into case name -> escaped output.
func parseGolden(data []byte) map[string]string {
	res := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			res[name] = body.String()
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if n, ok := strings.CutPrefix(line, "--- "); ok {
			flush()
			name = strings.TrimSpace(n)
			continue
		}
		body.WriteString(line)
	}
	flush()
	return res
}

// newVM prepares a VM as the runtime does: gopher-lua's libraries with
// LuaJIT's on top, LuaJIT's loaders, the preloaded modules, then ffi.
func newVM(t testing.TB) *lua.LState {
	L := lua.NewState(lua.Options{
		CallStackSize:    1000,
		RegistrySize:     1024,
		RegistryMaxSize:  1 << 20,
		RegistryGrowStep: 1024,
	})
	lua51compat.OpenLibsWithOutput(L, io.Discard)
	lua51compat.OpenLoad(L)
	lua51compat.Preload(L)
	Preload(L)
	if err := L.DoString(`require "table.new"; require "table.clear"`); err != nil {
		t.Fatalf("require preloaded modules: %v", err)
	}
	return L
}

// runCase runs one case through the harness on gresty.
func runCase(t testing.TB, harness string, c goldenCase) string {
	L := newVM(t)
	defer L.Close()
	hfn, err := lua51compat.Load(L, []byte(harness), "=harness")
	if err != nil {
		t.Fatalf("load harness: %v", err)
	}
	L.Push(hfn)
	L.Call(0, 1)
	run := L.Get(-1)
	L.Pop(1)
	fn, err := lua51compat.Load(L, []byte(c.src), "=case")
	if err != nil {
		return "COMPILE ERROR: " + err.Error()
	}
	if err := L.CallByParam(lua.P{Fn: run, NRet: 1, Protect: true}, fn); err != nil {
		return "HARNESS ERROR: " + err.Error()
	}
	return L.ToString(-1)
}

// runReference posts one case to the reference nginx.
func runReference(t *testing.T, c goldenCase) string {
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(*goldenRefURL, "text/plain", strings.NewReader(c.src))
	if err != nil {
		t.Fatalf("reference: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reference body: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reference: case %s: status %d: %s", c.name, resp.StatusCode, body)
	}
	return string(body)
}

func TestLuaJITGolden(t *testing.T) {
	harness, err := os.ReadFile("testdata/harness.lua")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/cases/*.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".lua")
		goldenPath := filepath.Join("testdata", "golden", base+".golden")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := parseCases(data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if *goldenRefURL != "" {
			var out strings.Builder
			for _, c := range cases {
				fmt.Fprintf(&out, "--- %s\n%s", c.name, escapeOutput(runReference(t, c)))
			}
			if err := os.WriteFile(goldenPath, []byte(out.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		gdata, err := os.ReadFile(goldenPath)
		if err != nil {
			t.Fatalf("%s: %v (record it with -ffiref)", base, err)
		}
		golden := parseGolden(gdata)
		t.Run(base, func(t *testing.T) {
			for _, c := range cases {
				want, ok := golden[c.name]
				if !ok {
					t.Errorf("case %s: missing from %s (record it with -ffiref)", c.name, goldenPath)
					continue
				}
				got := escapeOutput(runCase(t, string(harness), c))
				if got != want {
					t.Errorf("case %s:\n%s", c.name, lineDiff(want, got))
				}
			}
		})
	}
}

// lineDiff lists the lines that differ between LuaJIT's output and ours.
func lineDiff(want, got string) string {
	w := strings.Split(want, "\n")
	g := strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  LuaJIT: %s\n  gresty: %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

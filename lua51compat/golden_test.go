package lua51compat

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
)

// goldenRefURL, when set, makes TestGolden regenerate the golden files by running
// every case on the reference nginx started by testdata/refserver.sh.
var goldenRefURL = flag.String("lua51ref", "", "URL of the reference nginx /run location; regenerates testdata/golden")

// goldenCase is one snippet of a case file: its name and Lua source.
type goldenCase struct {
	name string
	src  string
}

// parseGoldenCases splits a case file at lines starting with "--- ". Each case
// keeps its own line numbers (error positions are part of the output).
func parseGoldenCases(data []byte) ([]goldenCase, error) {
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

// escapeGoldenOutput makes raw case output storable in a text golden file:
// backslashes and bytes outside printable ASCII become escapes, and every
// line gets a "| " prefix so output never looks like a case header.
func escapeGoldenOutput(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		b.WriteString("| ")
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case c == '\\':
				b.WriteString(`\\`)
			case c == '\t' || (c >= 0x20 && c < 0x7f):
				b.WriteByte(c)
			default:
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// parseGoldenFile reads a golden file back into case name -> escaped output.
func parseGoldenFile(data []byte) map[string]string {
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

// newCompatState builds a VM the way the runtime does: gopher-lua's libraries,
// then OpenLibs and Preload, then the modules OpenResty's resty.core has
// already required when a handler runs.
func newCompatState(t testing.TB) *lua.LState {
	L := lua.NewState(lua.Options{
		CallStackSize:    1000,
		RegistrySize:     1024,
		RegistryMaxSize:  1 << 20,
		RegistryGrowStep: 1024,
	})
	OpenLibs(L)
	Preload(L)
	if err := L.DoString(`require "table.new"; require "table.clear"`); err != nil {
		t.Fatalf("require preloaded modules: %v", err)
	}
	return L
}

// runGoldenCase runs one case through testdata/harness.lua on gopher-lua.
func runGoldenCase(t testing.TB, harness string, c goldenCase) string {
	L := newCompatState(t)
	defer L.Close()
	hfn, err := L.Load(strings.NewReader(harness), "harness")
	if err != nil {
		t.Fatalf("load harness: %v", err)
	}
	L.Push(hfn)
	L.Call(0, 1)
	run := L.Get(-1)
	L.Pop(1)
	fn, err := L.Load(strings.NewReader(c.src), "case")
	if err != nil {
		return "COMPILE ERROR: " + err.Error()
	}
	if err := L.CallByParam(lua.P{Fn: run, NRet: 1, Protect: true}, fn); err != nil {
		return "HARNESS ERROR: " + err.Error()
	}
	return L.ToString(-1)
}

// runGoldenReference posts one case to the reference nginx and returns its output.
func runGoldenReference(t *testing.T, c goldenCase) string {
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
	// The golden files were made by an nginx running with TZ=UTC; os.time
	// and os.date use the local zone.
	time.Local = time.UTC
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
		cases, err := parseGoldenCases(data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if *goldenRefURL != "" {
			var out strings.Builder
			for _, c := range cases {
				fmt.Fprintf(&out, "--- %s\n%s", c.name, escapeGoldenOutput(runGoldenReference(t, c)))
			}
			if err := os.WriteFile(goldenPath, []byte(out.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		gdata, err := os.ReadFile(goldenPath)
		if err != nil {
			t.Fatalf("%s: %v (regenerate with -ref)", base, err)
		}
		golden := parseGoldenFile(gdata)
		t.Run(base, func(t *testing.T) {
			for _, c := range cases {
				want, ok := golden[c.name]
				if !ok {
					t.Errorf("case %s: missing from %s (regenerate with -ref)", c.name, goldenPath)
					continue
				}
				got := escapeGoldenOutput(runGoldenCase(t, string(harness), c))
				if got != want {
					t.Errorf("case %s:\n--- source\n%s--- want (LuaJIT)\n%s--- got\n%s", c.name, c.src, want, got)
				}
			}
		})
	}
}

package cjson

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// refURL, when set, makes TestGolden regenerate the golden files by running
// every case on the reference nginx that testdata/refserver.sh starts.
var refURL = flag.String("ref", "", "URL of the reference nginx /run location; regenerates testdata/golden")

// goldenCase is one case of a case file: its name and Lua source.
type goldenCase struct {
	name string
	src  string
}

// parseCases splits a case file at lines starting with "--- ". Every case
// keeps its own line numbers, which error messages show.
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

// escapeOutput makes case output storable as text: backslashes and bytes
// outside printable ASCII become escapes, and every line gets a "| "
// prefix so that output never looks like a case header.
func escapeOutput(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		b.WriteString("| ")
		for i := 0; i < len(line); i++ {
			switch c := line[i]; {
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

// formatGolden renders the outputs of a case file.
func formatGolden(cases []goldenCase, outputs []string) string {
	var b strings.Builder
	for i, c := range cases {
		b.WriteString("--- " + c.name + "\n")
		b.WriteString(escapeOutput(outputs[i]))
	}
	return b.String()
}

// runOnReference runs one case on the reference nginx.
func runOnReference(src string) (string, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Post(*refURL, "text/plain", strings.NewReader(src))
	if err != nil {
		return "", fmt.Errorf("post case to reference: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("read reference answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("reference answered %s: %s", resp.Status, body)
	}
	return string(body), nil
}

// luajitToString is tostring as LuaJIT words numbers ("%.14g", inf, nan);
// other values keep gopher-lua's wording, which the cases do not print.
func luajitToString(L *lua.LState) int {
	v := L.CheckAny(1)
	if n, ok := v.(lua.LNumber); ok {
		L.Push(lua.LString(appendNumber(nil, float64(n), 14)))
		return 1
	}
	L.Push(L.ToStringMeta(v))
	return 1
}

// runOnGopher runs one case on a fresh gopher-lua state with this
// package's modules, through the same harness as the reference.
func runOnGopher(src string) (string, error) {
	L := lua.NewState(lua.Options{CallStackSize: 1000, RegistrySize: 1 << 14, RegistryMaxSize: 1 << 22, RegistryGrowStep: 1 << 12})
	defer L.Close()
	Preload(L, L.NewUserData())
	L.SetGlobal("tostring", L.NewFunction(luajitToString))
	L.SetField(L.GetGlobal("math"), "huge", lua.LNumber(math.Inf(1)))
	harness, err := L.LoadFile(filepath.Join("testdata", "harness.lua"))
	if err != nil {
		return "", fmt.Errorf("load harness: %w", err)
	}
	if err := L.CallByParam(lua.P{Fn: harness, NRet: 1, Protect: true}); err != nil {
		return "", fmt.Errorf("run harness: %w", err)
	}
	run := L.Get(-1)
	L.Pop(1)
	fn, err := L.Load(strings.NewReader(src), "case")
	if err != nil {
		return "COMPILE ERROR: " + err.Error(), nil
	}
	if err := L.CallByParam(lua.P{Fn: run, NRet: 1, Protect: true}, fn); err != nil {
		return "", fmt.Errorf("run case: %w", err)
	}
	return L.Get(-1).String(), nil
}

// TestGolden runs every case of testdata/cases on gopher-lua and compares
// the output with what the reference nginx printed for it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*.lua"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".lua")
		t.Run(base, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cases, err := parseCases(data)
			if err != nil {
				t.Fatal(err)
			}
			goldenPath := filepath.Join("testdata", "golden", base+".golden")
			if *refURL != "" {
				outputs := make([]string, len(cases))
				for i, c := range cases {
					if outputs[i], err = runOnReference(c.src); err != nil {
						t.Fatalf("%s: %v", c.name, err)
					}
				}
				if err := os.WriteFile(goldenPath, []byte(formatGolden(cases, outputs)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("golden file missing (run with -ref): %v", err)
			}
			wantCases := splitGolden(string(want))
			for _, c := range cases {
				out, err := runOnGopher(c.src)
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
					continue
				}
				got := escapeOutput(out)
				exp, ok := wantCases[c.name]
				if !ok {
					t.Errorf("%s: not in %s (run with -ref)", c.name, goldenPath)
					continue
				}
				if got != exp {
					t.Errorf("%s:\n got:\n%s want:\n%s", c.name, got, exp)
				}
			}
		})
	}
}

// splitGolden maps case names to their recorded output.
func splitGolden(s string) map[string]string {
	m := map[string]string{}
	var name string
	var body strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		if n, ok := strings.CutPrefix(line, "--- "); ok {
			if name != "" {
				m[name] = body.String()
			}
			name = strings.TrimSpace(n)
			body.Reset()
			continue
		}
		body.WriteString(line)
	}
	if name != "" {
		m[name] = body.String()
	}
	return m
}

package parse

import (
	"context"
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

// runProto runs a compiled chunk in a fresh gopher-lua state and returns
// what it printed, one line per print call with tab-separated values. A Go
// panic escaping the VM is turned into an error.
func runProto(proto *lua.FunctionProto, timeout time.Duration) (out string, err error) {
	L := lua.NewState()
	defer L.Close()
	// Miscompiled code may loop forever.
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	L.SetContext(ctx)
	var b strings.Builder
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			if i > 1 {
				b.WriteByte('\t')
			}
			b.WriteString(L.ToStringMeta(L.Get(i)).String())
		}
		b.WriteByte('\n')
		return 0
	}))
	defer func() {
		if r := recover(); r != nil {
			out, err = b.String(), fmt.Errorf("go panic: %v", r)
		}
	}()
	L.Push(L.NewFunctionFromProto(proto))
	err = L.PCall(0, 0, nil)
	return strings.TrimRight(b.String(), "\n"), err
}

// runUnguarded compiles src without the loop guards, as gopher-lua's own
// parser would see it, and runs it.
func runUnguarded(src, chunkname string) (string, error) {
	chunk, err := parse(src, chunkname, true)
	if err != nil {
		return "", err
	}
	proto, err := lua.Compile(chunk, ShortSrc(chunkname))
	if err != nil {
		return "", err
	}
	return runProto(proto, 300*time.Millisecond)
}

func loopFiles(t *testing.T) []string {
	files, err := filepath.Glob("testdata/loops/*.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("no loop corpus: %v", err)
	}
	return files
}

// TestLoopCorpus runs loop shapes that gopher-lua's compiler gets wrong
// unaided and compares their output with LuaJIT's, recorded from the
// reference nginx (see golden_test.go for -record-from).
func TestLoopCorpus(t *testing.T) {
	for _, file := range loopFiles(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		outFile := strings.TrimSuffix(file, ".lua") + ".out"
		if *recordFrom != "" {
			resp, err := http.Post(strings.TrimSuffix(*recordFrom, "/")+"/run", "text/plain", strings.NewReader(string(src)))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err := os.WriteFile(outFile, body, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(outFile)
		if err != nil {
			t.Fatal(err)
		}
		proto, err := CompileString(string(src), "=run")
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if err := backwardTargetsPlain(proto); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		got, err := runProto(proto, 2*time.Second)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if got != string(want) {
			t.Errorf("%s:\n got: %q\nwant: %q", file, got, want)
		}
	}
}

// TestLoopGuardNeeded shows the corpus exercises the defect: compiled
// without the guards, some programs crash or print something else.
func TestLoopGuardNeeded(t *testing.T) {
	broken := 0
	for _, file := range loopFiles(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(strings.TrimSuffix(file, ".lua") + ".out")
		got, err := runUnguarded(string(src), "=run")
		if err != nil || got != string(want) {
			broken++
			t.Logf("%s without guards: %q, %v", file, got, err)
		}
	}
	if broken < 3 {
		t.Errorf("only %d corpus programs break without the loop guards", broken)
	}
}

// TestVerifyCatchesNop checks that Verify recognises the miscompilation
// itself: the NOP gopher-lua leaves after TFORLOOP.
func TestVerifyCatchesNop(t *testing.T) {
	src := "for i = 1, 2 do for k, v in pairs({1}) do break end end"
	chunk, err := parse(src, "=v", true)
	if err != nil {
		t.Fatal(err)
	}
	proto, err := lua.Compile(chunk, "v")
	if err != nil {
		t.Fatal(err)
	}
	if Verify(proto) == nil {
		t.Fatal("Verify accepted a TFORLOOP followed by a NOP")
	}
	guarded, err := CompileString(src, "=v")
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(guarded); err != nil {
		t.Fatal(err)
	}
}

// runReturning runs a compiled chunk and returns its first result as a
// string.
func runReturning(proto *lua.FunctionProto) (res string, err error) {
	// Traces can be long; table.concat needs room on the data stack.
	L := lua.NewState(lua.Options{RegistryMaxSize: 1 << 22, RegistryGrowStep: 1 << 14})
	defer L.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	L.SetContext(ctx)
	defer func() {
		if r := recover(); r != nil {
			res, err = "", fmt.Errorf("go panic: %v", r)
		}
	}()
	L.Push(L.NewFunctionFromProto(proto))
	if err := L.PCall(0, 1, nil); err != nil {
		return "", err
	}
	return L.Get(-1).String(), nil
}

// backwardTargetsPlain checks, on the compiled bytecode, what the loop
// guards promise: no jump lands backwards on a JMP, the situation in which
// gopher-lua's jump-to-jump pass reads an already rewritten offset as a
// label.
func backwardTargetsPlain(p *lua.FunctionProto) error {
	for pc, ins := range p.Code {
		if opcode(ins) != lua.OP_JMP {
			continue
		}
		if t := pc + 1 + argSbx(ins); t < pc && opcode(p.Code[t]) == lua.OP_JMP {
			return fmt.Errorf("JMP at pc %d lands on the JMP at pc %d (function at line %d)", pc, t, p.LineDefined)
		}
	}
	for _, c := range p.FunctionPrototypes {
		if err := backwardTargetsPlain(c); err != nil {
			return err
		}
	}
	return nil
}

// gopher-lua evaluates "a, b = b, a + b" into a's register before reading
// a; the front end goes through temporaries when the right-hand side reads
// an assigned local.
func TestMultipleAssignmentEvaluatesFirst(t *testing.T) {
	src := `
local a, b = 1, 1
for i = 1, 5 do a, b = b, a + b end
local x, y = 1, 2
x, y = y, x
local t = {1, 2}
t[1], t[2] = t[2], t[1]
local p, q = 1, 2
p, q = q + 1, p
return a, b, x, y, t[1], t[2], p, q`
	proto, err := CompileString(src, "=t")
	if err != nil {
		t.Fatal(err)
	}
	L := lua.NewState()
	defer L.Close()
	L.Push(L.NewFunctionFromProto(proto))
	L.Call(0, 8)
	var got []string
	for i := 1; i <= 8; i++ {
		got = append(got, L.Get(i).String())
	}
	if want := "8 13 2 1 2 1 3 1"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
}

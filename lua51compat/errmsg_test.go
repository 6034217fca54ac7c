package lua51compat

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// The golden file testdata/errmsg/errmsg.golden holds what the reference
// nginx (OpenResty's LuaJIT 2.1) printed for testdata/errmsg/cases.lua, run
// through testdata/harness.lua; regenerate it with
//   go test ./lua51compat -run TestLuaJITErrorGolden -lua51ref http://127.0.0.1:PORT/run
// against testdata/refserver.sh.

// errmsgRaised carries an error value out of a protected call in the tests.
type errmsgRaised struct{ v lua.LValue }

// errmsgPCall is pcall as the runtime builds it: the function runs on a
// child state whose Panic function rewrites the error where it is raised.
func errmsgPCall(L *lua.LState) int {
	if L.GetTop() == 0 {
		L.ArgError(1, "value expected")
	}
	child, _ := L.NewThread()
	child.Panic = func(c *lua.LState) {
		panic(&errmsgRaised{LuaJITError(c, c.Get(-1))})
	}
	nargs := L.GetTop() - 1
	L.XMoveTo(child, nargs+1)
	var failure lua.LValue
	func() {
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(*errmsgRaised)
				if !ok {
					panic(r)
				}
				failure = e.v
			}
		}()
		child.Call(nargs, lua.MultRet)
	}()
	if failure != nil {
		L.Push(lua.LFalse)
		L.Push(failure)
		return 2
	}
	n := child.GetTop()
	L.Push(lua.LTrue)
	child.XMoveTo(L, n)
	return n + 1
}

// runErrmsgCase runs one case through the harness with the rewriting pcall.
func runErrmsgCase(t testing.TB, harness string, c goldenCase) string {
	L := newCompatState(t)
	defer L.Close()
	OpenLoad(L)
	L.SetGlobal("pcall", L.NewFunction(errmsgPCall))
	hfn, err := Load(L, []byte(harness), "=harness")
	if err != nil {
		t.Fatalf("load harness: %v", err)
	}
	L.Push(hfn)
	L.Call(0, 1)
	run := L.Get(-1)
	L.Pop(1)
	fn, err := Load(L, []byte(c.src), "=case")
	if err != nil {
		return "COMPILE ERROR: " + err.Error()
	}
	if err := L.CallByParam(lua.P{Fn: run, NRet: 1, Protect: true}, fn); err != nil {
		return "HARNESS ERROR: " + err.Error()
	}
	return L.ToString(-1)
}

func TestLuaJITErrorGolden(t *testing.T) {
	harness, err := os.ReadFile("testdata/harness.lua")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/errmsg/cases.lua")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := parseGoldenCases(data)
	if err != nil {
		t.Fatal(err)
	}
	goldenPath := filepath.Join("testdata", "errmsg", "errmsg.golden")
	if *goldenRefURL != "" {
		var out strings.Builder
		for _, c := range cases {
			fmt.Fprintf(&out, "--- %s\n%s", c.name, escapeGoldenOutput(runGoldenReference(t, c)))
		}
		if err := os.WriteFile(goldenPath, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	gdata, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	golden := parseGoldenFile(gdata)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, ok := golden[c.name]
			if !ok {
				t.Fatalf("missing from %s (regenerate with -lua51ref)", goldenPath)
			}
			got := escapeGoldenOutput(runErrmsgCase(t, string(harness), c))
			if got == want {
				return
			}
			wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
			for i := 0; i < max(len(wl), len(gl)); i++ {
				var w, g string
				if i < len(wl) {
					w = wl[i]
				}
				if i < len(gl) {
					g = gl[i]
				}
				if w != g {
					t.Errorf("line %d:\n want %s\n  got %s", i+1, w, g)
				}
			}
		})
	}
}

func TestFrameLayout(t *testing.T) {
	if !frameLayout.ok {
		t.Fatal("gopher-lua's LState/callFrame/registry layout changed: LuaJIT error messages are disabled")
	}
	L := lua.NewState()
	defer L.Close()
	var got []string
	L.SetGlobal("probe", L.NewFunction(func(L *lua.LState) int {
		f, ok := currentFrame(L)
		if !ok || !f.fn.IsG {
			got = append(got, "no Go frame")
			return 0
		}
		got = append(got, fmt.Sprintf("nargs=%d", f.nargs))
		caller, ok := parentFrame(f)
		if !ok || caller.fn.IsG || caller.pc < 1 {
			got = append(got, "no Lua caller")
			return 0
		}
		inst := caller.fn.Proto.Code[caller.pc-1]
		got = append(got, fmt.Sprintf("caller op=%d", opcodeOf(inst)))
		// The caller's registers: the local x holds 7.
		if v, ok := stackSlot(L, caller.base); ok {
			got = append(got, "r0="+v.String())
		}
		return 0
	}))
	if err := L.DoString("local x = 7; probe(1, 2, 3)"); err != nil {
		t.Fatal(err)
	}
	want := []string{"nargs=3", fmt.Sprintf("caller op=%d", lua.OP_CALL), "r0=7"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLuaJITErrorLeavesOtherValues(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	tab := L.NewTable()
	for _, v := range []lua.LValue{
		lua.LNil, lua.LNumber(1), tab,
		lua.LString("plain message"),
		// The texts, but not raised by a failing instruction.
		lua.LString("x:1: attempt to call a non-function object"),
		lua.LString("attempt to index a non-table object(nil) with key 'x'"),
	} {
		if got := LuaJITError(L, v); got != v {
			t.Errorf("LuaJITError(%v) = %v, want it unchanged", v, got)
		}
	}
}

// TestLocalScopes checks the rebuilt scopes: the user-visible locals live
// at the first instruction of a line, as name@register.
func TestLocalScopes(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want map[int]string
	}{
		{"sequence", "local a = 1\nlocal b, c = 2\nprint(a, b, c)\n",
			map[int]string{2: "a@0", 3: "a@0 b@1 c@2"}},
		{"do block reused", "local a = 1\ndo local b = 2; print(b) end\nlocal c = a\nprint(c)\n",
			map[int]string{3: "a@0", 4: "a@0 c@1"}},
		{"if else", "local a = g\nif a then local d = 1; f(d) else local e = 2; f(e) end\nprint(a)\n",
			map[int]string{3: "a@0"}},
		{"numeric for", "local s = 0\nfor i = 1, 3 do\n  local v = i\n  s = s + v\nend\nprint(s)\n",
			map[int]string{3: "s@0 i@4", 4: "s@0 i@4 v@5", 6: "s@0"}},
		{"generic for", "local t = {}\nfor k, v in pairs(t) do\n  print(k, v)\nend\nprint(t)\n",
			map[int]string{3: "t@0 k@4 v@5", 5: "t@0"}},
		{"while", "local n = 0\nwhile n < 3 do\n  local m = n\n  n = m + 1\nend\nprint(n)\n",
			map[int]string{4: "n@0 m@1", 6: "n@0"}},
		{"local function", "local a = 1\nlocal function f() return a end\nprint(f)\n",
			map[int]string{3: "a@0 f@1"}},
		{"and or initialiser", "local a = x or y\nlocal b = a and 1 or 2\nprint(a, b)\n",
			map[int]string{2: "a@0", 3: "a@0 b@1"}},
		{"parameters", "return function(p, q)\n  local r = p\n  return r, q\nend\n",
			map[int]string{2: "p@0 q@1", 3: "p@0 q@1 r@2"}},
		{"call after do block", "do local a = 1; f(a) end\ng(1)\n",
			map[int]string{2: ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile([]byte(tc.src), "=scope")
			if err != nil {
				t.Fatal(err)
			}
			if len(p.FunctionPrototypes) == 1 && tc.name == "parameters" {
				p = p.FunctionPrototypes[0]
			}
			vars := localScopes(p)
			for line, want := range tc.want {
				pc := -1
				for i, l := range p.DbgSourcePositions {
					if l == line {
						pc = i
						break
					}
				}
				if pc < 0 {
					t.Fatalf("no code on line %d", line)
				}
				var live []string
				for reg := 0; reg < int(p.NumUsedRegisters); reg++ {
					if v, ok := localAt(vars, pc, reg); ok && userVisible(v.name) {
						live = append(live, fmt.Sprintf("%s@%d", v.name, reg))
					}
				}
				if got := strings.Join(live, " "); got != want {
					t.Errorf("line %d: live %q, want %q", line, got, want)
				}
			}
		})
	}
}

func TestCallerWhere(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	var got []string
	L.SetGlobal("where", L.NewFunction(func(L *lua.LState) int {
		got = append(got, CallerWhere(L))
		return 0
	}))
	src := "where()\nlocal function f() return where() end\nf()\npcall(where)\nlocal x = (where())\n"
	fn, err := Load(L, []byte(src), "=w")
	if err != nil {
		t.Fatal(err)
	}
	L.Push(fn)
	L.Call(0, 0)
	want := []string{"w:1: ", "", "", "w:5: "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

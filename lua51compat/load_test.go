package lua51compat

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat/parse"
)

// loadFixtures are the files the load cases read, created under $DIR.
var loadFixtures = map[string]string{
	"ok.lua":      "return 1, \"two\", ...\n",
	"bad.lua":     "local x = \nreturn = 1\n",
	"shebang.lua": "#!/usr/bin/env lua\nreturn \"shebang\"\n",
	"bc.lua":      "\x1bLJ\x02",
	"env.lua":     "return x\n",
	"err.lua":     "error(\"boom\")\n",
}

// loadCases hold Lua snippets and what the reference nginx (LuaJIT 2.1,
// lua-nginx-module 0.10.23) printed for them, run as loadstring(snippet,
// "=run") with print captured; "$DIR" stands for the fixture directory.
var loadCases = []struct {
	name, src, want string
}{
	{"loadstring syntax error",
		`print(loadstring("x="))`,
		"nil\t[string \"x=\"]:1: unexpected symbol near '<eof>'"},
	{"loadstring ok",
		`print(loadstring("return 1 + 1")())`,
		"2"},
	{"loadstring chunk names",
		`print(loadstring("x=", "=name")) print(loadstring("x=", "@some/file.lua")) print(loadstring("x=", "src text"))`,
		"nil\tname:1: unexpected symbol near '<eof>'\nnil\tsome/file.lua:1: unexpected symbol near '<eof>'\nnil\t[string \"src text\"]:1: unexpected symbol near '<eof>'"},
	{"loadstring number source",
		`print(loadstring(12)) print(type(loadstring("return ...", 5))) print(load(1.5))`,
		"nil\t[string \"12\"]:1: unexpected symbol near '12'\nfunction\nnil\t[string \"1.5\"]:1: unexpected symbol near '1.5'"},
	{"loadstring varargs",
		`print(loadstring("return ...", "=x")(1, 2))`,
		"1\t2"},
	{"load string",
		`print(load("return 7")()) print(load("x=", "=n"))`,
		"7\nnil\tn:1: unexpected symbol near '<eof>'"},
	{"load modes",
		`print(type(load("return 1", "=m", "t"))) print(load("return 1", "=m", "b")) print(type(load("return 1", "=m", "bt"))) print(load("return 1", "=m", "x")) print(load("return 1", "=m", 5))`,
		"function\nnil\tattempt to load chunk with wrong mode\nfunction\nnil\tattempt to load chunk with wrong mode\nnil\tattempt to load chunk with wrong mode"},
	{"load bytecode",
		`print(load("\27LJ\2", "=b")) print(load("\27LJ", "=b", "t")) print(load("#!x\n\27LJ", "=b", "t")) print(load("\27Lua")) print(load("\27Lua", "@f.lua"))`,
		"nil\tb: cannot load incompatible bytecode\nnil\tattempt to load chunk with wrong mode\nnil\tcannot load malformed bytecode\nnil\t(binary): cannot load incompatible bytecode\nnil\tf.lua: cannot load incompatible bytecode"},
	{"load reader pieces",
		`local parts = {"return ", "1", "+", 2, nil} local i = 0 print(load(function() i = i + 1 return parts[i] end)())`,
		"3"},
	{"load reader empty string ends",
		`local parts = {"return 1", "", "+1"} local i = 0 print(load(function() i = i + 1 return parts[i] end)())`,
		"1"},
	{"load reader syntax error name",
		`local done = false print(load(function() if done then return nil end done = true return "x=" end))`,
		"nil\t(load):1: unexpected symbol near '<eof>'"},
	{"load reader named",
		`local done = false print(load(function() if done then return nil end done = true return "x=" end, "=r"))`,
		"nil\tr:1: unexpected symbol near '<eof>'"},
	{"load reader bad piece",
		`print(load(function() return {} end))`,
		"nil\trun:1: reader function must return a string"},
	{"load reader error",
		`print(load(function() error("boom") end))`,
		"nil\trun:1: boom"},
	{"load reader error value",
		`print(load(function() error({}) end) == nil)`,
		"true"},
	{"load env",
		`print(load("return x", "=e", "t", {x = 42})()) x = 1 print(load("return x", "=e", "t", nil)()) print(load("return x", "=e", "t", 5)())`,
		"42\nnil\nnil"},
	{"load env setfenv",
		`local f = load("y = 5", "=e", "t", {}) f() print(y)`,
		"nil"},
	{"load arg errors",
		`print(pcall(load)) print(pcall(load, nil)) print(pcall(load, {})) print(pcall(load, "x", {})) print(pcall(load, "x", "n", {}))`,
		"false\tbad argument #1 to '?' (function expected, got no value)\nfalse\tbad argument #1 to '?' (function expected, got nil)\nfalse\tbad argument #1 to '?' (function expected, got table)\nfalse\tbad argument #2 to '?' (string expected, got table)\nfalse\tbad argument #3 to '?' (string expected, got table)"},
	{"loadstring named arg error",
		`print(pcall(function() local f = loadstring(nil) return f end))`,
		"false\trun:1: bad argument #1 to 'loadstring' (function expected, got nil)"},
	{"local alias arg error",
		`local f = load print(pcall(function() local r = f({}) return r end))`,
		"false\trun:1: bad argument #1 to 'f' (function expected, got table)"},
	{"tail call arg error",
		`print(pcall(function() return loadstring(nil) end))`,
		"false\tbad argument #1 to '?' (function expected, got nil)"},
	{"loadfile missing",
		`print(loadfile("/nonexistent/dir/x.lua"))`,
		"nil\tcannot open /nonexistent/dir/x.lua: No such file or directory"},
	{"loadfile directory",
		`print(loadfile("/"))`,
		"nil\tcannot read /: Is a directory"},
	{"loadfile ok",
		`print(loadfile("$DIR/ok.lua")(3))`,
		"1\ttwo\t3"},
	{"loadfile syntax error",
		`print(loadfile("$DIR/bad.lua"))`,
		"nil\t$DIR/bad.lua:2: unexpected symbol near 'return'"},
	{"loadfile shebang",
		`print(loadfile("$DIR/shebang.lua")())`,
		"shebang"},
	{"loadfile bytecode",
		`print(loadfile("$DIR/bc.lua"))`,
		"nil\t$DIR/bc.lua: cannot load incompatible bytecode"},
	{"loadfile mode",
		`print(loadfile("$DIR/ok.lua", "b")) print(type(loadfile("$DIR/ok.lua", "t")))`,
		"nil\tattempt to load chunk with wrong mode\nfunction"},
	{"loadfile env",
		`print(loadfile("$DIR/env.lua", "t", {x = "from env"})())`,
		"from env"},
	{"loadfile runtime error position",
		`print(pcall(loadfile("$DIR/err.lua")))`,
		"false\t$DIR/err.lua:1: boom"},
	{"loadfile arg error",
		`print(pcall(loadfile, {})) print(pcall(loadfile, "$DIR/ok.lua", {}))`,
		"false\tbad argument #1 to '?' (string expected, got table)\nfalse\tbad argument #2 to '?' (string expected, got table)"},
	{"dofile ok",
		`print(dofile("$DIR/ok.lua"))`,
		"1\ttwo"},
	{"dofile errors",
		`print(pcall(dofile, "/nonexistent/x.lua")) print(pcall(dofile, "$DIR/bad.lua")) print(pcall(dofile, "$DIR/err.lua"))`,
		"false\tcannot open /nonexistent/x.lua: No such file or directory\nfalse\t$DIR/bad.lua:2: unexpected symbol near 'return'\nfalse\t$DIR/err.lua:1: boom"},
	{"dofile arg error",
		`print(pcall(dofile, {}))`,
		"false\tbad argument #1 to '?' (string expected, got table)"},
	{"runtime error chunk name",
		`print(pcall(loadstring("local t = nil\nerror(\"x\")", "=content_by_lua(nginx.conf:12)")))`,
		"false\tcontent_by_lua(nginx.conf:12):2: x"},
	{"runtime error default name",
		`print(pcall(loadstring("error(\"e\")")))`,
		"false\t[string \"error(\"e\")\"]:1: e"},
	{"runtime error long name",
		`print(pcall(loadstring("error(\"e\")", "@/a/very/long/path/to/some/module/that/is/deeply/nested/inside/lib.lua")))`,
		"false\t...path/to/some/module/that/is/deeply/nested/inside/lib.lua:1: e"},
	{"error position line",
		`print(pcall(loadstring("local function f()\n  error(\"deep\")\nend\nf()", "=lvl")))`,
		"false\tlvl:2: deep"},
	{"luajit syntax runs",
		`print(loadstring("return \"\\x41\\z   b\", 0x1p4, 0x.8, 0b101, \"\\u{48}\"")())`,
		"Ab\t16\t0.5\t5\tH"},
}

// runSnippet runs src in a fresh state with OpenLoad installed and returns
// what it printed, or "ERROR msg" for an uncaught error, as the reference
// endpoint reports. Like the endpoint, it gives the snippet an environment
// of its own that falls back to the globals, so the snippet's global
// writes are not seen by the chunks it loads.
func runSnippet(t *testing.T, src string) string {
	t.Helper()
	L := lua.NewState()
	defer L.Close()
	OpenLoad(L)
	var out []string
	env := L.NewTable()
	meta := L.NewTable()
	meta.RawSetString("__index", L.G.Global)
	env.Metatable = meta
	env.RawSetString("print", L.NewFunction(func(L *lua.LState) int {
		parts := make([]string, L.GetTop())
		for i := range parts {
			parts[i] = L.ToStringMeta(L.Get(i + 1)).String()
		}
		out = append(out, strings.Join(parts, "\t"))
		return 0
	}))
	fn, err := Load(L, []byte(src), "=run")
	if err != nil {
		return "COMPILE " + err.Error()
	}
	fn.Env = env
	L.Push(fn)
	if err := L.PCall(0, 0, nil); err != nil {
		var ae *lua.ApiError
		if errors.As(err, &ae) {
			out = append(out, "ERROR "+ae.Object.String())
		} else {
			out = append(out, "ERROR "+err.Error())
		}
	}
	return strings.Join(out, "\n")
}

func TestLoadFunctions(t *testing.T) {
	dir := t.TempDir()
	for name, content := range loadFixtures {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range loadCases {
		t.Run(c.name, func(t *testing.T) {
			got := runSnippet(t, strings.ReplaceAll(c.src, "$DIR", dir))
			want := strings.ReplaceAll(c.want, "$DIR", dir)
			if got != want {
				t.Errorf("\n got: %q\nwant: %q", got, want)
			}
		})
	}
}

// TestCompileAPI checks the Go entry points: error type and text, the
// prototype's source name, and Load's environment.
func TestCompileAPI(t *testing.T) {
	_, err := Compile([]byte("x = = 1"), "=content_by_lua(nginx.conf:12)")
	var se *parse.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %T %v, want *parse.SyntaxError", err, err)
	}
	if want := "content_by_lua(nginx.conf:12):1: unexpected symbol near '='"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if se.Line != 1 || se.Message != "unexpected symbol" || se.Near != "=" || !se.HasNear {
		t.Errorf("fields %+v", se)
	}
	for chunk, short := range map[string]string{
		"=content_by_lua(nginx.conf:12)": "content_by_lua(nginx.conf:12)",
		"@/usr/lib/x.lua":                "/usr/lib/x.lua",
		"return 1":                       `[string "return 1"]`,
	} {
		src := "return 1"
		proto, err := Compile([]byte(src), chunk)
		if err != nil {
			t.Fatal(err)
		}
		if proto.SourceName != short {
			t.Errorf("%q: SourceName %q, want %q", chunk, proto.SourceName, short)
		}
	}

	L := lua.NewState()
	defer L.Close()
	env := L.NewTable()
	L.Env = env
	fn, err := Load(L, []byte("x = 5"), "=env")
	if err != nil {
		t.Fatal(err)
	}
	if fn.Env != env {
		t.Error("Load did not use the state's environment")
	}
	L.Push(fn)
	if err := L.PCall(0, 0, nil); err != nil {
		t.Fatal(err)
	}
	if env.RawGetString("x") != lua.LNumber(5) {
		t.Error("global write did not go to the environment")
	}
}

func TestCompileFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.lua")
	bad := filepath.Join(dir, "bad.lua")
	os.WriteFile(good, []byte("#!/usr/bin/lua\nreturn ...\n"), 0o644)
	os.WriteFile(bad, []byte("return return"), 0o644)
	proto, err := CompileFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if proto.SourceName != good {
		t.Errorf("SourceName %q, want %q", proto.SourceName, good)
	}
	if _, err := CompileFile(bad); err == nil || err.Error() != bad+":1: unexpected symbol near 'return'" {
		t.Errorf("bad file: %v", err)
	}
	missing := filepath.Join(dir, "missing.lua")
	_, err = CompileFile(missing)
	if err == nil || err.Error() != "cannot open "+missing+": No such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file error %v does not wrap fs.ErrNotExist", err)
	}
	if _, err := CompileFile(dir); err == nil || err.Error() != "cannot read "+dir+": Is a directory" {
		t.Errorf("directory: %v", err)
	}
}

// gopherLuaDir is the module directory of gopher-lua, which ships its test
// suites.
func gopherLuaDir(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/gopher-lua").Output()
	if err != nil {
		t.Fatalf("locating gopher-lua: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// suiteFiles are the files gopher-lua's own script tests run.
var suiteFiles = map[string][]string{
	"_lua5.1-tests": {"attrib.lua", "calls.lua", "closure.lua", "constructs.lua", "events.lua", "literals.lua",
		"locals.lua", "math.lua", "sort.lua", "strings.lua", "vararg.lua", "pm.lua", "files.lua"},
	"_glua-tests": {"base.lua", "coroutine.lua", "db.lua", "issues.lua", "os.lua", "table.lua", "vm.lua",
		"math.lua", "strings.lua", "goto.lua"},
}

// suitePatch is a change a suite file needs to run as LuaJIT would run it.
type suitePatch struct{ old, new string }

// luajitRejects are suite files written for Lua 5.2 that LuaJIT 2.1 does not
// compile, with LuaJIT's message (checked on the reference nginx) and the
// patches that let the rest of the file run (the patched goto.lua runs to
// its end on the reference).
var luajitRejects = map[string]struct {
	message string
	patches []suitePatch
}{
	"_lua5.1-tests/pm.lua": {"pm.lua:89: unexpected symbol near ';'",
		[]suitePatch{{"do; table.insert", "do table.insert"}}},
	"_glua-tests/goto.lua": {"goto.lua:70: <goto l1> jumps into the scope of local 'a'",
		[]suitePatch{{"::l1::;", "::l1::"}, {"::l1:: ;;;", "::l1::"}, {"::l1:: ; ::l2:: ;;", "::l1:: ::l2::"}}},
}

// gopherMessages are assertions on gopher-lua's own compile messages; they
// are patched to look for LuaJIT's, which gresty gives.
var gopherMessages = map[string][]suitePatch{
	"_glua-tests/vm.lua": {{`string.find(msg, "register overflow")`, `string.find(msg, "has more than 200 local variables")`}},
}

func applyPatches(t *testing.T, name, src string, patches []suitePatch) string {
	for _, p := range patches {
		if !strings.Contains(src, p.old) {
			t.Fatalf("%s: patch %q does not apply", name, p.old)
		}
		src = strings.Replace(src, p.old, p.new, 1)
	}
	return src
}

// suiteOptions are the state options gopher-lua's script tests use.
var suiteOptions = lua.Options{RegistrySize: 1024 * 20, CallStackSize: 1024}

// suiteEnv is set by one of the suites and must be unset before it runs.
const suiteEnv = "_____GLUATEST______"

// runWithGopherLua runs a file with gopher-lua's own front end.
func runWithGopherLua(file string) error {
	os.Unsetenv(suiteEnv)
	L := lua.NewState(suiteOptions)
	defer L.Close()
	return L.DoFile(file)
}

// runWithGresty runs a file compiled by this package, with load,
// loadstring, loadfile and dofile replaced too, and debug.getinfo reporting
// the full chunk name as source, as an integrator would set it up.
func runWithGresty(file string) (err error) {
	os.Unsetenv(suiteEnv)
	proto, err := CompileFile(file)
	if err != nil {
		return err
	}
	L := lua.NewState(suiteOptions)
	defer L.Close()
	OpenLoad(L)
	fullSource(L)
	L.Push(L.NewFunctionFromProto(proto))
	return L.PCall(0, lua.MultRet, nil)
}

// TestGopherLuaSuites runs gopher-lua's own test suites with both front
// ends: every file that passes with gopher-lua's parser must pass here.
func TestGopherLuaSuites(t *testing.T) {
	root := gopherLuaDir(t)
	for suite, files := range suiteFiles {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, suite))); err != nil {
			t.Fatal(err)
		}
		t.Chdir(dir)
		for _, file := range files {
			gerr := runWithGopherLua(file)
			name := suite + "/" + file
			src, _ := os.ReadFile(file)
			patched := string(src)
			if rej, ok := luajitRejects[name]; ok {
				err := runWithGresty(file)
				if err == nil || err.Error() != rej.message {
					t.Errorf("%s: got %v, want LuaJIT's %q", name, err, rej.message)
				}
				patched = applyPatches(t, name, patched, rej.patches)
			}
			patched = applyPatches(t, name, patched, gopherMessages[name])
			if patched != string(src) {
				file = "patched-" + file
				os.WriteFile(file, []byte(patched), 0o644)
			}
			err := runWithGresty(file)
			switch {
			case gerr == nil && err != nil:
				t.Errorf("%s/%s passes with gopher-lua's parser but fails here: %v", suite, file, err)
			case gerr != nil:
				t.Logf("%s/%s fails with gopher-lua's parser too (%v); here: %v", suite, file, firstLine(gerr), err)
			}
		}
	}
}

// fullSource wraps debug.getinfo so that "source" is the chunk name the
// function was compiled from (parse.ChunkName), as in LuaJIT, rather than
// gopher-lua's SourceName, which this package sets to the short form.
func fullSource(L *lua.LState) {
	debug := L.GetGlobal("debug").(*lua.LTable)
	getinfo := debug.RawGetString("getinfo")
	debug.RawSetString("getinfo", L.NewFunction(func(L *lua.LState) int {
		args := make([]lua.LValue, L.GetTop())
		for i := range args {
			args[i] = L.Get(i + 1)
		}
		fn := args[0]
		if lv, ok := fn.(lua.LNumber); ok {
			if dbg, ok := L.GetStack(int(lv)); ok {
				fn, _ = L.GetInfo("f", dbg, lua.LNil)
			}
			// The original counts levels from its own frame, one deeper.
			args[0] = lv + 1
		}
		L.Push(getinfo)
		for _, a := range args {
			L.Push(a)
		}
		L.Call(len(args), 1)
		info := L.Get(-1)
		if t, ok := info.(*lua.LTable); ok {
			if f, ok := fn.(*lua.LFunction); ok && f.Proto != nil {
				if name, ok := parse.ChunkName(f.Proto); ok && t.RawGetString("source") != lua.LNil {
					t.RawSetString("source", lua.LString(name))
				}
			}
		}
		return 1
	}))
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

package parse

import (
	"fmt"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
)

// TestInt64LiteralValues checks the value and type of 64-bit literals
// against LuaJIT's tostring of them, printed by the reference nginx.
func TestInt64LiteralValues(t *testing.T) {
	for _, c := range []struct{ lit, want string }{
		{"1LL", "1LL"},
		{"123ULL", "123ULL"},
		{"123ll", "123LL"},
		{"123ull", "123ULL"},
		{"123LLU", "123ULL"},
		{"123llu", "123ULL"},
		{"1uLL", "1ULL"},
		{"1Ull", "1ULL"},
		{"0LL", "0LL"},
		{"00012LL", "12LL"},
		{"0x10ULL", "16ULL"},
		{"0b11LL", "3LL"},
		{"0B101ull", "5ULL"},
		{"0x7fffffffffffffffLL", "9223372036854775807LL"},
		{"0x8000000000000000LL", "-9223372036854775808LL"},
		{"0x8000000000000000ULL", "9223372036854775808ULL"},
		{"0xffffffffffffffffLL", "-1LL"},
		{"0xffffffffffffffffULL", "18446744073709551615ULL"},
		{"18446744073709551615ULL", "18446744073709551615ULL"},
		{"9223372036854775808LL", "-9223372036854775808LL"},
		{"9007199254740993LL", "9007199254740993LL"},
		{"0b1111111111111111111111111111111111111111111111111111111111111111LL", "-1LL"},
	} {
		e := int64Expr(c.lit, 7)
		call, ok := e.(*ast.FuncCallExpr)
		if !ok {
			t.Errorf("%s: not compiled to a literal call (%T)", c.lit, e)
			continue
		}
		recv := call.Receiver.(*ast.StringExpr).Value
		bits, unsigned, ok := parseLiteralText(recv)
		if !ok {
			t.Errorf("%s: receiver %q does not read back", c.lit, recv)
			continue
		}
		got := fmt.Sprintf("%dLL", int64(bits))
		if unsigned {
			got = fmt.Sprintf("%dULL", bits)
		}
		if got != c.want {
			t.Errorf("%s = %s, want %s", c.lit, got, c.want)
		}
		if !call.AdjustRet || call.Line() != 7 || call.Method != int64Method {
			t.Errorf("%s: call %+v", c.lit, call)
		}
	}
	for _, lit := range []string{"1", "1.5", "0x10", "1e5", "12i", "0x1p4"} {
		if e := int64Expr(lit, 1); e != nil {
			t.Errorf("%s compiled to a 64-bit literal", lit)
		}
	}
}

// runChunk compiles src, runs it in L and returns its results.
func runChunk(t *testing.T, L *lua.LState, proto *lua.FunctionProto) []lua.LValue {
	t.Helper()
	top := L.GetTop()
	L.Push(L.NewFunctionFromProto(proto))
	if err := L.PCall(0, lua.MultRet, nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	var out []lua.LValue
	for i := top + 1; i <= L.GetTop(); i++ {
		out = append(out, L.Get(i))
	}
	L.SetTop(top)
	return out
}

// TestInt64LiteralsRun runs 64-bit literals through installed boxers: one
// value per literal occurrence and VM, whatever the chunk's environment,
// and the same prototype giving each VM its own values.
func TestInt64LiteralsRun(t *testing.T) {
	proto, err := CompileString(`
		setfenv(1, {})
		local seen = {}
		for i = 1, 3 do seen[i] = 0xffffffffffffffffULL end
		return seen[1], seen[3], 5LL, 2ULL, (function() return 7LL end)()`, "=lit")
	if err != nil {
		t.Fatal(err)
	}
	type boxed struct {
		vm       int
		bits     uint64
		unsigned bool
	}
	for vm := 1; vm <= 2; vm++ {
		L := lua.NewState()
		calls := 0
		InstallInt64Literals(L, func(L *lua.LState, bits uint64, unsigned bool) lua.LValue {
			calls++
			ud := L.NewUserData()
			ud.Value = boxed{vm, bits, unsigned}
			return ud
		})
		out := runChunk(t, L, proto)
		if len(out) != 5 {
			t.Fatalf("vm %d: %d results", vm, len(out))
		}
		if out[0] != out[1] {
			t.Errorf("vm %d: one literal evaluated twice gave two objects", vm)
		}
		want := []boxed{{vm, 1<<64 - 1, true}, {vm, 1<<64 - 1, true}, {vm, 5, false}, {vm, 2, true}, {vm, 7, false}}
		for i, w := range want {
			if ud, ok := out[i].(*lua.LUserData); !ok || ud.Value != w {
				t.Errorf("vm %d: result %d = %v, want %+v", vm, i+1, out[i], w)
			}
		}
		if calls != 4 {
			t.Errorf("vm %d: boxer called %d times, want 4 (one per literal)", vm, calls)
		}
		L.Close()
	}
}

// TestInt64LiteralsAsNumbers: without a boxer the literals are the nearest
// doubles, as LL literals were before cdata existed.
func TestInt64LiteralsAsNumbers(t *testing.T) {
	proto, err := CompileString(`return -2LL, 18446744073709551615ULL, 9007199254740993LL, 0x8000000000000000LL`, "=num")
	if err != nil {
		t.Fatal(err)
	}
	L := lua.NewState()
	defer L.Close()
	InstallInt64Literals(L, nil)
	got := fmt.Sprint(runChunk(t, L, proto))
	if want := "[-2 1.8446744073709552e+19 9007199254740992 -9223372036854775808]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// Without InstallInt64Literals the literal call finds no method.
	L2 := lua.NewState()
	defer L2.Close()
	L2.Push(L2.NewFunctionFromProto(proto))
	if err := L2.PCall(0, lua.MultRet, nil); err == nil {
		t.Error("literal ran in a VM without InstallInt64Literals")
	}
}

// TestInt64Comparisons: a comparison with a literal operand becomes the
// hidden comparison call (the operands in source order), others stay
// relational expressions.
func TestInt64Comparisons(t *testing.T) {
	for _, c := range []struct {
		src, op string // op "" when the comparison stays as it is
	}{
		{"return n == 1LL", "=="},
		{"return 1LL ~= n", "~="},
		{"return n < -1LL", "<"},
		{"return n >= 2^40 * 1ULL", ">="},
		{"return (1LL) <= n", "<="},
		{"return -n > 1LL + 1", ">"},
		{"return 1LL == 2LL", ""},
		{"return n == f(1LL)", ""},
		{"return n == 1", ""},
	} {
		chunk, err := ParseString(c.src, "=cmp")
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		e := chunk[0].(*ast.ReturnStmt).Exprs[0]
		call, ok := e.(*ast.FuncCallExpr)
		if !ok || call.Method != int64CmpMethod {
			if c.op != "" {
				t.Errorf("%s: not rewritten (%T)", c.src, e)
			}
			continue
		}
		if c.op == "" {
			t.Errorf("%s: rewritten", c.src)
			continue
		}
		if op, _ := call.Args[2].(*ast.StringExpr); len(call.Args) != 3 || op == nil || op.Value != c.op {
			t.Errorf("%s: arguments %+v, want the operator %q", c.src, call.Args, c.op)
		}
	}
	// With literals as numbers (no FFI), the hidden call compares numbers.
	proto, err := CompileString(`local n = 5
		local calls = {}
		local function v(x) calls[#calls + 1] = x; return x end
		return v(n) == 5LL, 4LL < n, n <= 4LL, n > -1LL, n >= 5ULL, n ~= 5LL, v(6) == v(1) + 5LL, table.concat(calls, ","),
			pcall(function() return "a" <= 1LL end)`, "=cmp")
	if err != nil {
		t.Fatal(err)
	}
	L := lua.NewState()
	defer L.Close()
	InstallInt64Literals(L, nil)
	got := fmt.Sprint(runChunk(t, L, proto))
	if want := "[true true false true true false true 5,6,1 false cmp:5: attempt to compare string with number]"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

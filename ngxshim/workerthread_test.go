package ngxshim

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// copyFromLua evaluates expr in a fresh VM and copies the value into
// another as ngx.run_worker_thread copies an argument.
func copyFromLua(t *testing.T, expr string, allowNil bool) (lua.LValue, error) {
	t.Helper()
	from, to := lua.NewState(), lua.NewState()
	t.Cleanup(from.Close)
	t.Cleanup(to.Close)
	fromNull, toNull := from.NewUserData(), to.NewUserData()
	from.SetGlobal("NULL", fromNull)
	if err := from.DoString("v = " + expr); err != nil {
		t.Fatal(err)
	}
	cp := &ValueCopier{To: to, FromNull: fromNull, ToNull: toNull}
	v, err := cp.Copy(from.GetGlobal("v"), allowNil)
	if err == nil {
		to.SetGlobal("NULL", toNull)
	}
	return v, err
}

// TestValueCopierTypes checks which values travel between VMs and ngx_lua's
// message for the others.
func TestValueCopierTypes(t *testing.T) {
	for _, tc := range []struct {
		expr     string
		allowNil bool
		err      string
	}{
		{"nil", true, ""},
		{"nil", false, "unsupported Lua type: LUA_TNIL"},
		{"true", false, ""},
		{"1.5", false, ""},
		{`"s\0t"`, false, ""},
		{"NULL", false, ""},
		{"{1, {2, {x = NULL}}, [true] = false}", false, ""},
		{"print", true, "unsupported Lua type: LUA_TFUNCTION"},
		{"{f = print}", true, "unsupported Lua type: LUA_TFUNCTION"},
		{"coroutine.create(print)", true, "unsupported Lua type: LUA_TTHREAD"},
		{"newproxy and newproxy() or io.stdout", true, "unsupported Lua type: LUA_TUSERDATA"},
		{"{[{}] = {k = coroutine.create(print)}}", true, "unsupported Lua type: LUA_TTHREAD"},
	} {
		v, err := copyFromLua(t, tc.expr, tc.allowNil)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.expr, err)
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("%s: error %v, want %q", tc.expr, err, tc.err)
		case tc.err == "" && v == nil:
			t.Errorf("%s: no value", tc.expr)
		}
	}
}

// TestValueCopierDeepCopy checks that a copied table is a new table of the
// target VM with the same contents, NULL mapped to the target's NULL.
func TestValueCopierDeepCopy(t *testing.T) {
	from, to := lua.NewState(), lua.NewState()
	defer from.Close()
	defer to.Close()
	fromNull, toNull := from.NewUserData(), to.NewUserData()
	from.SetGlobal("NULL", fromNull)
	if err := from.DoString(`v = {1, "two", {three = 3, n = NULL}, [2.5] = true}`); err != nil {
		t.Fatal(err)
	}
	src := from.GetGlobal("v")
	cp := &ValueCopier{To: to, FromNull: fromNull, ToNull: toNull}
	v, err := cp.Copy(src, false)
	if err != nil {
		t.Fatal(err)
	}
	if v == src {
		t.Fatal("the table was not copied")
	}
	to.SetGlobal("v", v)
	to.SetGlobal("NULL", toNull)
	if err := to.DoString(`assert(v[1] == 1 and v[2] == "two" and v[3].three == 3 and v[3].n == NULL and v[2.5] == true)`); err != nil {
		t.Fatal(err)
	}
}

// TestValueCopierDepth checks the depth limit that catches
// self-referencing tables: nesting up to the limit copies, beyond fails.
func TestValueCopierDepth(t *testing.T) {
	nest := func(n int) string {
		return strings.Repeat("{", n) + strings.Repeat("}", n)
	}
	if _, err := copyFromLua(t, nest(maxCopyDepth-1), false); err != nil {
		t.Fatalf("depth %d: %v", maxCopyDepth-1, err)
	}
	want := "suspicious circular references, table depth exceed max depth: 100"
	if _, err := copyFromLua(t, nest(maxCopyDepth), false); err == nil || err.Error() != want {
		t.Fatalf("depth %d: %v", maxCopyDepth, err)
	}
	if _, err := copyFromLua(t, "(function() local t = {} t.t = t return t end)()", false); err == nil || err.Error() != want {
		t.Fatalf("self reference: %v", err)
	}
}

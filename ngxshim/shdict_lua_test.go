package ngxshim

import (
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// referenceZones are the lua_shared_dict zones the reference nginx ran
// testdata/shdict/cases.lua with.
var referenceZones = []struct {
	name string
	size int64
}{
	{"d", 1 << 20}, {"s20", 20 << 10}, {"s25", 25 << 10}, {"s12", 12 << 10},
	{"s100", 100 << 10}, {"s900", 900 << 10}, {"s33", 33333}, {"s50", 50 << 10},
}

func newShdictVM(t *testing.T) *shimVM {
	t.Helper()
	dicts := NewSharedDicts()
	for _, z := range referenceZones {
		if err := dicts.Add(z.name, z.size); err != nil {
			t.Fatal(err)
		}
	}
	return newShimVM(t, func(a *api, L *lua.LState) {
		a.h.(*shimHost).dicts = dicts
		a.openShdict(L, hostSharedDicts(a.h))
	})
}

func TestShdictGolden(t *testing.T) {
	compareGolden(t, newShdictVM(t), "shdict/cases")
}

func TestShdictRandomWorkloadGolden(t *testing.T) {
	compareGolden(t, newShdictVM(t), "shdict/random")
}

package ngxshim

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

func TestSharedDictsAdd(t *testing.T) {
	tests := []struct {
		name    string
		size    int64
		wantErr string
	}{
		{"dogs", 1 << 20, ""},
		{"cats", 12 << 10, ""},
		// The reference refuses to start with these: no page is left for
		// the dict's own bookkeeping.
		{"tiny", 8192, ErrSlabNoMemory.Error()},
		{"small", 9000, ErrSlabNoMemory.Error()},
		{"dogs", 1 << 20, `lua_shared_dict "dogs" is already defined as "dogs"`},
	}
	dicts := NewSharedDicts()
	for _, tt := range tests {
		err := dicts.Add(tt.name, tt.size)
		if got := errString(err); got != tt.wantErr {
			t.Errorf("Add(%q, %d) = %q, want %q", tt.name, tt.size, got, tt.wantErr)
		}
	}
	if err := dicts.Add("tiny2", 8192); !errors.Is(err, ErrSlabNoMemory) {
		t.Errorf("a zone too small is not ErrSlabNoMemory: %v", err)
	}
	var names []string
	for _, d := range dicts.All() {
		names = append(names, fmt.Sprintf("%s:%d", d.Name(), d.Capacity()))
	}
	if got := fmt.Sprint(names); got != "[dogs:1048576 cats:12288]" {
		t.Errorf("All() = %s", got)
	}
	if dicts.Get("cats") == nil || dicts.Get("tiny") != nil {
		t.Error("Get does not find exactly the zones added")
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestSharedDictsKeepFrom(t *testing.T) {
	old := NewSharedDicts()
	for _, name := range []string{"same", "resized", "dropped"} {
		if err := old.Add(name, 100<<10); err != nil {
			t.Fatal(err)
		}
		old.Get(name).store(shdictOpSet, "k", shdictValue{typ: shdictTString, str: name}, 0, 0, 1000)
	}
	next := NewSharedDicts()
	for _, z := range []struct {
		name string
		size int64
	}{{"same", 100 << 10}, {"resized", 200 << 10}, {"new", 100 << 10}} {
		if err := next.Add(z.name, z.size); err != nil {
			t.Fatal(err)
		}
	}
	next.KeepFrom(old)
	tests := []struct {
		zone  string
		found bool
	}{{"same", true}, {"resized", false}, {"new", false}}
	for _, tt := range tests {
		_, _, _, found, _ := next.Get(tt.zone).get("k", false, 1000)
		if found != tt.found {
			t.Errorf("zone %s kept its data: %v, want %v", tt.zone, found, tt.found)
		}
	}
	if next.Get("dropped") != nil {
		t.Error("a zone the new configuration does not declare came back")
	}
}

func TestSharedDictExpiry(t *testing.T) {
	// Times in ms. nginx's lookup counts an entry as expired only once
	// its time has passed (expires - now < 0), while the eviction sweep
	// and flush_expired take it at its time (expires <= now).
	d, err := newSharedDict("d", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	const t0 = 1_700_000_000_000
	// The entry without expiry stays least recently used, so that the
	// sweep every get starts with stops at it.
	d.store(shdictOpSet, "forever", shdictValue{typ: shdictTNumber, num: 0}, 0, 0, t0)
	d.store(shdictOpSet, "k", shdictValue{typ: shdictTNumber, num: 1}, 100, 0, t0)
	tests := []struct {
		now        uint64
		found      bool
		stale      bool
		ttl        int64
		keysListed int
	}{
		{t0 + 99, true, false, 1, 2},
		{t0 + 100, true, false, 0, 1},
		{t0 + 101, false, true, -1, 1},
	}
	for _, tt := range tests {
		_, _, _, found, _ := d.get("k", false, tt.now)
		_, _, isStale, _, _ := d.get("k", true, tt.now)
		ttl, _ := d.ttl("k", tt.now)
		keys := d.keys(0, tt.now)
		if found != tt.found || isStale != tt.stale || ttl != tt.ttl || len(keys) != tt.keysListed {
			t.Errorf("at +%d: found %v stale %v ttl %d keys %d, want %v %v %d %d", tt.now-t0,
				found, isStale, ttl, len(keys), tt.found, tt.stale, tt.ttl, tt.keysListed)
		}
	}
	if n := d.flushExpired(0, t0+100); n != 1 {
		t.Errorf("flush_expired at the expiry time freed %d, want 1", n)
	}

	// At the least recently used end, the sweep of a get takes an entry
	// at its expiry time.
	d.store(shdictOpSet, "k2", shdictValue{typ: shdictTNumber, num: 2}, 100, 0, t0)
	d.store(shdictOpSet, "forever", shdictValue{}, 0, 0, t0)
	if _, _, _, found, _ := d.get("other", false, t0+100); found {
		t.Fatal("found a key never set")
	}
	if _, found := d.ttl("k2", t0+100); found {
		t.Error("the sweep left an entry at its expiry time")
	}
}

func TestSharedDictOps(t *testing.T) {
	d, err := newSharedDict("d", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	const now = 1_700_000_000_000
	str := func(s string) shdictValue { return shdictValue{typ: shdictTString, str: s} }
	steps := []struct {
		name string
		do   func() string
		want string
	}{
		{"add new", func() string { e, _ := d.store(shdictOpAdd, "a", str("1"), 0, 0, now); return e }, ""},
		{"add existing", func() string { e, _ := d.store(shdictOpAdd, "a", str("2"), 0, 0, now); return e }, "exists"},
		{"replace missing", func() string { e, _ := d.store(shdictOpReplace, "b", str("2"), 0, 0, now); return e }, "not found"},
		{"add nil", func() string { e, _ := d.store(shdictOpAdd, "b", shdictValue{}, 0, 0, now); return e }, "attempt to add or replace nil values"},
		{"incr a string", func() string { _, e, _ := d.incr("a", 1, false, 0, 0, now); return e }, "not a number"},
		{"incr missing", func() string { _, e, _ := d.incr("n", 1, false, 0, 0, now); return e }, "not found"},
		{"incr with init", func() string { n, e, _ := d.incr("n", 2, true, 40, 0, now); return fmt.Sprint(n, e) }, "42"},
		{"push on a scalar", func() string { _, e, _ := d.push("a", str("x"), true, now); return e }, "value not a list"},
		{"push", func() string { n, e, _ := d.push("l", str("x"), true, now); return fmt.Sprint(n, e) }, "1"},
		{"rpush", func() string { n, e, _ := d.push("l", str("y"), false, now); return fmt.Sprint(n, e) }, "2"},
		{"get a list", func() string { _, _, _, _, e := d.get("l", false, now); return e }, "value is a list"},
		{"rpop", func() string { v, _, e := d.pop("l", false, now); return v.str + e }, "y"},
		{"llen", func() string { n, e := d.llen("l", now); return fmt.Sprint(n, e) }, "1"},
		{"lpop last", func() string { v, _, e := d.pop("l", true, now); return v.str + e }, "x"},
		{"list gone", func() string { _, found := d.ttl("l", now); return fmt.Sprint(found) }, "false"},
		// Every lookup, even a failing push, makes the key the most recent.
		{"keys, least recent first", func() string { return fmt.Sprint(d.keys(0, now)) }, "[n a]"},
		{"delete", func() string { e, _ := d.store(shdictOpSet, "a", shdictValue{}, 0, 0, now); return e }, ""},
		{"keys after delete", func() string { return fmt.Sprint(d.keys(0, now)) }, "[n]"},
	}
	for _, s := range steps {
		if got := s.do(); got != s.want {
			t.Errorf("%s: got %q, want %q", s.name, got, s.want)
		}
	}
}

// TestSharedDictAcrossVMs runs several VMs on goroutines of their own, as
// gresty's workers are, against the same dicts: every increment must count
// and every VM must see the others' keys.
func TestSharedDictAcrossVMs(t *testing.T) {
	dicts := NewSharedDicts()
	if err := dicts.Add("dogs", 1<<20); err != nil {
		t.Fatal(err)
	}
	const vms, rounds = 6, 300
	var wg sync.WaitGroup
	errs := make(chan error, vms)
	for i := 0; i < vms; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			L := lua.NewState()
			defer L.Close()
			lua51compat.OpenLibs(L)
			a := &api{h: &shimHost{now: newShimHost().now, dicts: dicts}, ngx: L.NewTable()}
			L.SetGlobal("ngx", a.ngx)
			a.openShdict(L, dicts)
			L.SetGlobal("id", lua.LNumber(id))
			errs <- L.DoString(fmt.Sprintf(`
				local dogs = ngx.shared.dogs
				dogs:add("count", 0)
				for i = 1, %d do
					assert(dogs:incr("count", 1))
					assert(dogs:set("vm" .. id .. "_" .. i, i))
					assert(dogs:rpush("list", id))
					assert(dogs:get("vm" .. id .. "_" .. i) == i)
				end`, rounds))
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	d := dicts.Get("dogs")
	const now = 1_700_000_000_123
	v, _, _, _, _ := d.get("count", false, now)
	if v.num != vms*rounds {
		t.Errorf("count = %v, want %d", v.num, vms*rounds)
	}
	if n, _ := d.llen("list", now); n != vms*rounds {
		t.Errorf("list length = %d, want %d", n, vms*rounds)
	}
	if keys := d.keys(0, now); len(keys) != vms*rounds+2 {
		t.Errorf("%d keys, want %d", len(keys), vms*rounds+2)
	}
}

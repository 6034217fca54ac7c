package ngxshim

import (
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

func TestTimeGolden(t *testing.T) {
	vm := newShimVM(t, func(a *api, L *lua.LState) {
		for name, fn := range a.timeFuncs() {
			a.ngx.RawSetString(name, L.NewFunction(fn))
		}
	})
	compareGolden(t, vm, "time/cases")
}

func TestClockFunctions(t *testing.T) {
	vm := newShimVM(t, func(a *api, L *lua.LState) {
		for name, fn := range a.timeFuncs() {
			a.ngx.RawSetString(name, L.NewFunction(fn))
		}
	})
	// 1700000000 is 2023-11-14 22:13:20 UTC, a Tuesday.
	tests := []struct {
		now  time.Time
		code string
		want string
	}{
		{time.UnixMilli(1700000000123), "ngx.say(ngx.now())", "1700000000.123\n"},
		{time.UnixMilli(1700000000999), "ngx.say(ngx.time())", "1700000000\n"},
		{time.UnixMilli(1700000000000), "ngx.say(ngx.now())", "1700000000\n"},
		{time.UnixMilli(1700000000005), "ngx.say(ngx.now() - 1700000000 < 0.0051)", "true\n"},
		{time.UnixMilli(1700000000123), "ngx.say(ngx.utctime())", "2023-11-14 22:13:20\n"},
		{time.UnixMilli(1700000000123), "ngx.say(#ngx.localtime(), ' ', #ngx.today())", "19 10\n"},
		{time.UnixMilli(1700000000123), "ngx.update_time() ngx.say(ngx.time())", "1700000000\n"},
	}
	for _, tt := range tests {
		vm.host.now = tt.now
		if got := vm.run(t, tt.code); got != tt.want {
			t.Errorf("%s at %v: got %q, want %q", tt.code, tt.now, got, tt.want)
		}
	}
}

func TestLocalTm(t *testing.T) {
	at := time.Unix(1700000000, 0)
	tests := []struct {
		loc  *time.Location
		want string
	}{
		{time.UTC, "2023-11-14 22:13:20"},
		{time.FixedZone("plus", 5*3600+1800), "2023-11-15 03:43:20"},
		{time.FixedZone("minus", -8*3600), "2023-11-14 14:13:20"},
		// nginx keeps the offset in minutes: seconds of offset are lost.
		{time.FixedZone("odd", 3600+59), "2023-11-14 23:13:20"},
	}
	for _, tt := range tests {
		if got := formatDateTime(localTm(at, tt.loc)); got != tt.want {
			t.Errorf("localTm in %s = %s, want %s", tt.loc, got, tt.want)
		}
	}
}

func TestParseHTTPTime(t *testing.T) {
	// Expected values recorded from the reference (see testdata/time).
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"Thu, 18 Nov 2010 11:27:35 GMT", 1290079655, true},
		{"Thursday, 18-Nov-69 11:27:35 GMT", 3151999655, true},
		{"Thu Nov  8 11:27:35 2010", 1289215655, true},
		{"Thu, 00 Jan 2010 00:00:00 GMT", 1262217600, true},
		{"Wed, 31 Dec 1969 23:59:58 GMT", -2, true},
		{"Thu, 29 Feb 1900 00:00:00 GMT", 0, false},
		{"Thu, 18 Nov 2010 24:00:00 GMT", 0, false},
		{"Thu, 18-Nov-2010 11:27:35 GMT", 0, false},
		{"abc", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseHTTPTime(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("parseHTTPTime(%q) = %d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

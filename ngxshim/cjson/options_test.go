package cjson

import (
	"math"
	"testing"
)

func TestCInt(t *testing.T) {
	tests := []struct {
		f    float64
		want int32
	}{
		{3.7, 3}, {-3.7, -3}, {0, 0}, {math.MaxInt32, math.MaxInt32}, {1 << 31, math.MinInt32},
		{1<<32 + 5, 5}, {math.Inf(1), 0}, {math.NaN(), 0}, {-1e300, 0},
	}
	for _, tt := range tests {
		if got := cInt(tt.f); got != tt.want {
			t.Errorf("cInt(%v) = %d, want %d", tt.f, got, tt.want)
		}
	}
}

func TestParseNumeral(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12", 12, true}, {" 12 \n", 12, true}, {"-1.5", -1.5, true}, {"1e1", 10, true},
		{"0x10", 16, true}, {"-0x1.8", -1.5, true}, {"0x1p4", 16, true}, {"inf", math.Inf(1), true},
		{" -Infinity", math.Inf(-1), true}, {"", 0, false}, {"  ", 0, false}, {"0x", 0, false},
		{"1_0", 0, false}, {"+-1", 0, false}, {"abc", 0, false}, {"infinit", 0, false}, {"1e", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumeral(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseNumeral(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if f, ok := parseNumeral("nan"); !ok || f == f {
		t.Errorf("parseNumeral(nan) = %v, %v", f, ok)
	}
}

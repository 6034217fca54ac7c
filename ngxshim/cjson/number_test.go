package cjson

import (
	"math"
	"testing"
)

func TestAppendNumber(t *testing.T) {
	tests := []struct {
		f    float64
		prec int
		want string
	}{
		{0.1, 14, "0.1"},
		{1.0 / 3, 14, "0.33333333333333"},
		{1e14, 14, "1e+14"},
		{99999999999999, 14, "99999999999999"},
		{1e15, 16, "1000000000000000"},
		{1e16, 16, "1e+16"},
		{1e15 - 1, 16, "999999999999999"},
		{math.Copysign(0, -1), 14, "-0"},
		{0, 3, "0"},
		{123456, 6, "123456"},
		{1234567, 6, "1.23457e+06"},
		{-1234567, 7, "-1234567"},
		{1e-5, 14, "1e-05"},
		{0.0001, 14, "0.0001"},
		{1e100, 14, "1e+100"},
		{99999.5, 5, "1e+05"},
		{9.5, 1, "1e+01"},
		{0.5, 1, "0.5"},
		{0.15, 1, "0.1"},
		{2.5, 1, "2"},
		{5e-324, 14, "4.9406564584125e-324"},
		{math.MaxFloat64, 14, "1.7976931348623e+308"},
		{1 << 53, 16, "9007199254740992"},
		{1 << 53, 15, "9.00719925474099e+15"},
		{math.Inf(1), 14, "inf"},
		{math.Inf(-1), 14, "-inf"},
		{math.NaN(), 14, "nan"},
		{math.Copysign(math.NaN(), -1), 14, "-nan"},
	}
	for _, tt := range tests {
		if got := string(appendNumber(nil, tt.f, tt.prec)); got != tt.want {
			t.Errorf("appendNumber(%v, %d) = %q, want %q", tt.f, tt.prec, got, tt.want)
		}
	}
}

func TestStrtod(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		in   string
		want float64
		end  int
	}{
		{"0", 0, 1},
		{"-0", math.Copysign(0, -1), 2},
		{"00012", 12, 5},
		{"123456789012345", 123456789012345, 15},
		{"1234567890123456789", 1.2345678901234568e18, 19},
		{"1.", 1, 2},
		{"1..", 1, 2},
		{"-.5", -0.5, 3},
		{"+.5", 0.5, 3},
		{".", 0, 0},
		{"-", 0, 0},
		{"+", 0, 0},
		{"-x", 0, 0},
		{"1e", 1, 1},
		{"1e+", 1, 1},
		{"1e-2", 0.01, 4},
		{"1.5e3x", 1500, 5},
		{"1E400", inf, 5},
		{"-1e400", -inf, 6},
		{"1e-400", 0, 6},
		{"12\x0034", 12, 2},
		{"0x", 0, 1},
		{"0xg", 0, 1},
		{"0x10", 16, 4},
		{"-0X1.8", -1.5, 6},
		{"0x.8", 0.5, 4},
		{"0x1p", 1, 3},
		{"0x1p-2", 0.25, 6},
		{"0x1P+3z", 8, 6},
		{"inf", inf, 3},
		{"-Infinity", -inf, 9},
		{"infinit", inf, 3},
		{"infinityx", inf, 8},
		{"in", 0, 0},
		{"nan", math.NaN(), 3},
		{"NaN(abc_1)", math.NaN(), 10},
		{"nan(", math.NaN(), 3},
		{"nan(a b)", math.NaN(), 3},
		{"na", 0, 0},
	}
	for _, tt := range tests {
		got, end := strtod(tt.in, 0)
		same := got == tt.want && math.Signbit(got) == math.Signbit(tt.want) || (got != got && tt.want != tt.want)
		if !same || end != tt.end {
			t.Errorf("strtod(%q) = %v, %d; want %v, %d", tt.in, got, end, tt.want, tt.end)
		}
	}
}

func TestIsInvalidNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"+1", true}, {"0x1", true}, {"-0X1", true}, {"01", true}, {"-00", true},
		{"0", false}, {"0.5", false}, {"-0", false}, {"10", false}, {"-.5", false},
		{"inf", true}, {"-Inf", true}, {"NaN", true}, {"-nan", true}, {"-foo", false},
		{"-", false}, {"in", false},
	}
	for _, tt := range tests {
		if got := isInvalidNumber(tt.in, 0); got != tt.want {
			t.Errorf("isInvalidNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

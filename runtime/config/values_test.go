package config

import "testing"

// The validity of every value below was checked against the reference
// nginx (a msec, a sec, a size and an offset directive each); the numbers
// follow nginx's units.
func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		msec int64 // -1: rejected
		sec  int64
	}{
		{"0", 0, 0},
		{"10", 10000, 10},
		{"1s", 1000, 1},
		{"500ms", 500, -1},
		{"1m", 60000, 60},
		{"1h", 3600000, 3600},
		{"1d", 86400000, 86400},
		{"1w", 604800000, 604800},
		{"1M", -1, 2592000},
		{"1y", -1, 31536000},
		{"1y 2M", -1, 31536000 + 2*2592000},
		{"1y2M", -1, 31536000 + 2*2592000},
		{"2M 1y", -1, -1},
		{"1h 30m", 5400000, 5400},
		{"1h30m", 5400000, 5400},
		{"30m 1h", -1, -1},
		{"5s 3ms", 5003, -1},
		{"5s3ms", 5003, -1},
		{"1 s", -1, -1},
		{"5 3", 8000, 8},
		{" 5", 5000, 5},
		{"5 ", 5000, 5},
		{"1ms", 1, -1},
		{"1msms", -1, -1},
		{"ms", -1, -1},
		{"s", -1, -1},
		{"", -1, -1},
		{"1d 1h 1m 1s 1ms", 90061001, -1},
		{"1ms 1s", -1, -1},
		{"9223372036854775807", -1, 9223372036854775807},
		{"9223372036854775808", -1, -1},
		{"9223372036854775", 9223372036854775000, 9223372036854775},
		{"9223372036854776", -1, 9223372036854776},
		{"-1", -1, -1},
		{"+1", -1, -1},
		{"1.5", -1, -1},
	}
	for _, tt := range tests {
		ms, ok := ParseMsec(tt.in)
		if !ok {
			ms = -1
		}
		if ms != tt.msec {
			t.Errorf("ParseMsec(%q) = %d, want %d", tt.in, ms, tt.msec)
		}
		s, ok := ParseSec(tt.in)
		if !ok {
			s = -1
		}
		if s != tt.sec {
			t.Errorf("ParseSec(%q) = %d, want %d", tt.in, s, tt.sec)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in     string
		size   int64 // -1: rejected
		offset int64
	}{
		{"0", 0, 0},
		{"8191", 8191, 8191},
		{"1k", 1024, 1024},
		{"1K", 1024, 1024},
		{"1m", 1 << 20, 1 << 20},
		{"1M", 1 << 20, 1 << 20},
		{"1g", -1, 1 << 30},
		{"1G", -1, 1 << 30},
		{"1kk", -1, -1},
		{"k", -1, -1},
		{"", -1, -1},
		{"-1", -1, -1},
		{"+1", -1, -1},
		{"1.5", -1, -1},
		{"0x10", -1, -1},
		{"1s", -1, -1},
		{"8796093022207k", 8796093022207 << 10, 8796093022207 << 10},
		{"9007199254740991k", 9007199254740991 << 10, 9007199254740991 << 10},
		{"9007199254740992k", -1, -1},
		{"8589934591m", 8589934591 << 20, 8589934591 << 20},
		{"8589934591g", -1, 8589934591 << 30},
		{"8589934592g", -1, -1},
		{"9223372036854775807", 9223372036854775807, 9223372036854775807},
		{"9223372036854775808", -1, -1},
	}
	for _, tt := range tests {
		n, ok := ParseSize(tt.in)
		if !ok {
			n = -1
		}
		if n != tt.size {
			t.Errorf("ParseSize(%q) = %d, want %d", tt.in, n, tt.size)
		}
		o, ok := ParseOffset(tt.in)
		if !ok {
			o = -1
		}
		if o != tt.offset {
			t.Errorf("ParseOffset(%q) = %d, want %d", tt.in, o, tt.offset)
		}
	}
}

func TestParseFlag(t *testing.T) {
	for in, want := range map[string][2]bool{
		"on": {true, true}, "ON": {true, true}, "Off": {false, true},
		"yes": {false, false}, "": {false, false}, "1": {false, false},
	} {
		on, ok := parseFlag(in)
		if on != want[0] || ok != want[1] {
			t.Errorf("parseFlag(%q) = %v, %v, want %v", in, on, ok, want)
		}
	}
}

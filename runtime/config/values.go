package config

import (
	"math"
	"strings"
)

// The value parsers below follow nginx's ngx_atoi, ngx_parse_size,
// ngx_parse_offset and ngx_parse_time, including their overflow limits, so
// that a value nginx rejects is rejected here too.

const maxInt = math.MaxInt64

// atoi parses an unsigned decimal number as ngx_atoi does: digits only, no
// sign, no spaces, no overflow. It returns -1 on error.
func atoi(s string) int64 {
	if s == "" {
		return -1
	}
	const cutoff, cutlim = maxInt / 10, maxInt % 10
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		d := int64(c - '0')
		if v >= cutoff && (v > cutoff || d > cutlim) {
			return -1
		}
		v = v*10 + d
	}
	return v
}

// ParseSize parses an nginx size ("512", "8k", "1m"), as ngx_parse_size
// does. ok is false when nginx would reject the value.
func ParseSize(s string) (n int64, ok bool) {
	n = parseScaled(s, false)
	return n, n >= 0
}

// ParseOffset parses an nginx offset, which also accepts the "g" unit
// ("1g"), as ngx_parse_offset does.
func ParseOffset(s string) (n int64, ok bool) {
	n = parseScaled(s, true)
	return n, n >= 0
}

func parseScaled(s string, giga bool) int64 {
	if s == "" {
		return -1
	}
	scale := int64(1)
	switch s[len(s)-1] {
	case 'K', 'k':
		scale = 1 << 10
	case 'M', 'm':
		scale = 1 << 20
	case 'G', 'g':
		if giga {
			scale = 1 << 30
		}
	}
	if scale != 1 {
		s = s[:len(s)-1]
	}
	v := atoi(s)
	if v < 0 || v > maxInt/scale {
		return -1
	}
	return v * scale
}

// ParseMsec parses an nginx time in milliseconds ("500ms", "1m 30s", "60"
// meaning seconds), as ngx_parse_time(value, 0) does.
func ParseMsec(s string) (ms int64, ok bool) {
	v := parseTime(s, false)
	return v, v >= 0
}

// ParseSec parses an nginx time in seconds ("1h", "30d", "1y 2M"), as
// ngx_parse_time(value, 1) does; milliseconds are not allowed.
func ParseSec(s string) (sec int64, ok bool) {
	v := parseTime(s, true)
	return v, v >= 0
}

// The steps a time value walks through; each unit must come after the
// previous one ("1h 30m" is fine, "30m 1h" is not).
const (
	stStart = iota
	stYear
	stMonth
	stWeek
	stDay
	stHour
	stMin
	stSec
	stMsec
	stLast
)

func parseTime(s string, isSec bool) int64 {
	const cutoff, cutlim = maxInt / 10, maxInt % 10
	step := stStart
	if !isSec {
		step = stMonth
	}
	var value, total int64
	valid := false
	for i := 0; i < len(s); {
		c := s[i]
		if c >= '0' && c <= '9' {
			d := int64(c - '0')
			if value >= cutoff && (value > cutoff || d > cutlim) {
				return -1
			}
			value = value*10 + d
			valid = true
			i++
			continue
		}
		i++
		var max, scale int64
		switch c {
		case 'y':
			if step > stStart {
				return -1
			}
			step, scale = stYear, 60*60*24*365
		case 'M':
			if step >= stMonth {
				return -1
			}
			step, scale = stMonth, 60*60*24*30
		case 'w':
			if step >= stWeek {
				return -1
			}
			step, scale = stWeek, 60*60*24*7
		case 'd':
			if step >= stDay {
				return -1
			}
			step, scale = stDay, 60*60*24
		case 'h':
			if step >= stHour {
				return -1
			}
			step, scale = stHour, 60*60
		case 'm':
			if i < len(s) && s[i] == 's' {
				if isSec || step >= stMsec {
					return -1
				}
				i++
				step, scale = stMsec, 1
				break
			}
			if step >= stMin {
				return -1
			}
			step, scale = stMin, 60
		case 's':
			if step >= stSec {
				return -1
			}
			step, scale = stSec, 1
		case ' ':
			if step >= stSec {
				return -1
			}
			step, scale = stLast, 1
		default:
			return -1
		}
		max = maxInt / scale
		if step != stMsec && !isSec {
			scale *= 1000
			max /= 1000
		}
		if value > max {
			return -1
		}
		value *= scale
		if total > maxInt-value {
			return -1
		}
		total += value
		value = 0
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	if !valid {
		return -1
	}
	if !isSec {
		if value > maxInt/1000 {
			return -1
		}
		value *= 1000
	}
	if total > maxInt-value {
		return -1
	}
	return total + value
}

// parseFlag parses an nginx on/off flag, case-insensitively as
// ngx_conf_set_flag_slot does.
func parseFlag(s string) (on, ok bool) {
	switch {
	case strings.EqualFold(s, "on"):
		return true, true
	case strings.EqualFold(s, "off"):
		return false, true
	}
	return false, false
}

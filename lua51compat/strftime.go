package lua51compat

import (
	"strconv"
	"strings"
	"time"
)

// strftime as glibc implements it in the "C" locale, which LuaJIT's
// os.date hands its whole format to: GNU flags (_ - 0 ^ #), field widths,
// E and O modifiers where glibc accepts them, and malformed conversions
// copied through literally.

// badWithE and badWithO are the conversions glibc rejects after E or O.
const (
	badWithE = "aAbBdDeFgGhHIjklmMSUVwW"
	badWithO = "aAcDFxXY"
)

// tfmt is the state of one conversion.
type tfmt struct {
	pad        byte // 0, '_', '-' or '0'
	upper      bool // '^'
	changeCase bool // '#'
	width      int  // -1 when not given
}

// appendStrftime formats t with the C strftime format f. utc selects
// gmtime's zone name, "GMT".
func appendStrftime(dst []byte, f string, t time.Time, utc bool) []byte {
	if i := strings.IndexByte(f, 0); i >= 0 {
		f = f[:i] // a C string
	}
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			dst = append(dst, f[i])
			continue
		}
		start := i
		tf := tfmt{width: -1}
		j := i + 1
	flags:
		for ; j < len(f); j++ {
			switch f[j] {
			case '_', '-', '0':
				tf.pad = f[j]
			case '^':
				tf.upper = true
			case '#':
				tf.changeCase = true
			default:
				break flags
			}
		}
		for ; j < len(f) && isDigit(f[j]); j++ {
			if tf.width < 0 {
				tf.width = 0
			}
			if tf.width < 4096 {
				tf.width = tf.width*10 + int(f[j]-'0')
			}
		}
		var mod byte
		if j < len(f) && (f[j] == 'E' || f[j] == 'O') {
			mod = f[j]
			j++
		}
		if j >= len(f) {
			// A conversion cut short by the end of the format is copied.
			return tf.str(dst, f[start:], false)
		}
		c := f[j]
		out, ok := tf.conv(nil, c, mod, t, utc)
		if !ok {
			// So is a malformed one, padded to the width all the same.
			out = tf.str(nil, f[start:j+1], false)
		}
		dst = append(dst, out...)
		i = j
	}
	return dst
}

// conv formats conversion c; ok is false for a malformed one.
func (tf tfmt) conv(dst []byte, c, mod byte, t time.Time, utc bool) ([]byte, bool) {
	if (mod == 'E' && strings.IndexByte(badWithE, c) >= 0) || (mod == 'O' && strings.IndexByte(badWithO, c) >= 0) {
		return nil, false
	}
	hour12 := t.Hour() % 12
	if hour12 == 0 {
		hour12 = 12
	}
	isoYear, isoWeek := t.ISOWeek()
	wday := int(t.Weekday())
	switch c {
	case 'a', 'A', 'b', 'h', 'B':
		var s string
		switch c {
		case 'a':
			s = t.Weekday().String()[:3]
		case 'A':
			s = t.Weekday().String()
		case 'B':
			s = t.Month().String()
		default:
			s = t.Month().String()[:3]
		}
		if tf.changeCase {
			tf.upper = true
		}
		return tf.str(dst, s, false), true
	case 'p', 'P':
		s := "AM"
		if t.Hour() >= 12 {
			s = "PM"
		}
		lowerCase := c == 'P' || tf.changeCase
		if lowerCase {
			tf.upper = false
		}
		return tf.str(dst, s, lowerCase), true
	case 'Z':
		s := "GMT"
		if !utc {
			s, _ = t.Zone()
		}
		if tf.changeCase {
			tf.upper = false
		}
		return tf.str(dst, s, tf.changeCase), true
	case 'c':
		return tf.sub(dst, "%a %b %e %H:%M:%S %Y", t, utc), true
	case 'D', 'x':
		return tf.sub(dst, "%m/%d/%y", t, utc), true
	case 'F':
		return tf.sub(dst, "%Y-%m-%d", t, utc), true
	case 'r':
		return tf.sub(dst, "%I:%M:%S %p", t, utc), true
	case 'R':
		return tf.sub(dst, "%H:%M", t, utc), true
	case 'T', 'X':
		return tf.sub(dst, "%H:%M:%S", t, utc), true
	case 'n':
		return tf.str(dst, "\n", false), true
	case 't':
		return tf.str(dst, "\t", false), true
	case '%':
		return tf.str(dst, "%", false), true
	case 'C':
		return tf.num(dst, 2, int64(floorDiv(t.Year(), 100)), false), true
	case 'd':
		return tf.num(dst, 2, int64(t.Day()), false), true
	case 'e':
		return tf.num(dst, 2, int64(t.Day()), true), true
	case 'g':
		return tf.num(dst, 2, int64(floorMod(isoYear, 100)), false), true
	case 'G':
		return tf.num(dst, 4, int64(isoYear), false), true
	case 'H':
		return tf.num(dst, 2, int64(t.Hour()), false), true
	case 'I':
		return tf.num(dst, 2, int64(hour12), false), true
	case 'j':
		return tf.num(dst, 3, int64(t.YearDay()), false), true
	case 'k':
		return tf.num(dst, 2, int64(t.Hour()), true), true
	case 'l':
		return tf.num(dst, 2, int64(hour12), true), true
	case 'm':
		return tf.num(dst, 2, int64(t.Month()), false), true
	case 'M':
		return tf.num(dst, 2, int64(t.Minute()), false), true
	case 's':
		return tf.num(dst, 1, t.Unix(), false), true
	case 'S':
		return tf.num(dst, 2, int64(t.Second()), false), true
	case 'u':
		return tf.num(dst, 1, int64((wday+6)%7+1), false), true
	case 'U':
		return tf.num(dst, 2, int64((t.YearDay()+6-wday)/7), false), true
	case 'V':
		return tf.num(dst, 2, int64(isoWeek), false), true
	case 'w':
		return tf.num(dst, 1, int64(wday), false), true
	case 'W':
		return tf.num(dst, 2, int64((t.YearDay()+6-(wday+6)%7)/7), false), true
	case 'y':
		return tf.num(dst, 2, int64(floorMod(t.Year(), 100)), false), true
	case 'Y':
		return tf.num(dst, 4, int64(t.Year()), false), true
	case 'z':
		_, off := t.Zone()
		sign := byte('+')
		if off < 0 {
			sign, off = '-', -off
		}
		n := strconv.AppendInt(nil, int64(off/3600*100+off%3600/60), 10)
		s := append([]byte{sign}, strings.Repeat("0", max(0, 4-len(n)))...)
		return tf.str(dst, string(append(s, n...)), false), true
	}
	return nil, false
}

// str appends s padded to the width (with zeros for the '0' flag, else
// spaces, even for '-'), in upper or lower case on request.
func (tf tfmt) str(dst []byte, s string, lowerCase bool) []byte {
	if tf.upper {
		s = strings.ToUpper(s)
	} else if lowerCase {
		s = strings.ToLower(s)
	}
	fill := byte(' ')
	if tf.pad == '0' {
		fill = '0'
	}
	for w := tf.width; w > len(s); w-- {
		dst = append(dst, fill)
	}
	return append(dst, s...)
}

// num appends a number with at least digits digits (or the width),
// zero-padded unless spacepad or the '_' flag asks for spaces.
func (tf tfmt) num(dst []byte, digits int, v int64, spacepad bool) []byte {
	if spacepad && tf.pad != '0' && tf.pad != '-' {
		tf.pad = '_'
	}
	if tf.width > digits {
		digits = tf.width
	}
	s := strconv.AppendInt(nil, v, 10)
	if tf.pad == '-' {
		// No digit padding, but the width still pads with spaces.
		return tf.str(dst, string(s), false)
	}
	if padding := digits - len(s); padding > 0 {
		if tf.pad == '_' {
			dst = append(dst, strings.Repeat(" ", padding)...)
		} else {
			if v < 0 {
				dst = append(dst, '-')
				s = s[1:]
			}
			dst = append(dst, strings.Repeat("0", padding)...)
		}
	}
	return append(dst, s...)
}

// sub formats a composite conversion (%c, %D, ...) and pads the whole.
func (tf tfmt) sub(dst []byte, f string, t time.Time, utc bool) []byte {
	s := appendStrftime(nil, f, t, utc)
	return tf.str(dst, string(s), false)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

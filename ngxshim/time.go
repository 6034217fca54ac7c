package ngxshim

import (
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Time: ngx.now, ngx.time, ngx.update_time, ngx.today, ngx.localtime,
// ngx.utctime, ngx.http_time, ngx.cookie_time, ngx.parse_http_time, as
// resty.core's time module and nginx's ngx_times.c and ngx_parse_time.c
// compute them. ngx.now and ngx.time read the worker's cached time, as
// nginx's event loop does.

func (a *api) timeFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"now": func(L *lua.LState) int {
			// nginx adds the milliseconds to the seconds as a double.
			t := a.h.Now()
			L.Push(lua.LNumber(float64(t.Unix()) + float64(t.Nanosecond()/1e6)/1000.0))
			return 1
		},
		"time": func(L *lua.LState) int {
			L.Push(lua.LNumber(a.h.Now().Unix()))
			return 1
		},
		"update_time": func(L *lua.LState) int {
			a.h.UpdateTime()
			return 0
		},
		"today": func(L *lua.LState) int {
			tm := ngxLocalTm(a.h.Now())
			L.Push(lua.LString(fmt.Sprintf("%04d-%02d-%02d", tm.Year(), int(tm.Month()), tm.Day())))
			return 1
		},
		"localtime": func(L *lua.LState) int {
			L.Push(lua.LString(formatDateTime(ngxLocalTm(a.h.Now()))))
			return 1
		},
		"utctime": func(L *lua.LState) int {
			L.Push(lua.LString(formatDateTime(ngxGmtime(a.h.Now().Unix()))))
			return 1
		},
		"http_time": func(L *lua.LState) int {
			L.Push(lua.LString(httpTime(timeArg(L))))
			return 1
		},
		"cookie_time": func(L *lua.LState) int {
			L.Push(lua.LString(cookieTime(timeArg(L))))
			return 1
		},
		"parse_http_time": func(L *lua.LState) int {
			s, ok := L.Get(1).(lua.LString)
			if !ok {
				raiseAt(L, 1, "string argument only")
			}
			t, ok := parseHTTPTime(string(s))
			// nginx returns -1 for an error, so the second before the
			// epoch cannot be told from one.
			if !ok || t == -1 {
				L.Push(lua.LNil)
				return 1
			}
			L.Push(lua.LNumber(t))
			return 1
		},
	}
}

// timeArg is resty.core's check of the seconds argument, then LuaJIT's
// conversion to a C long.
func timeArg(L *lua.LState) int64 {
	n, ok := L.Get(1).(lua.LNumber)
	if !ok {
		raiseAt(L, 1, "number argument only")
	}
	return ffiLong(float64(n))
}

// ngxMaxDays is the last day ngx_gmtime renders: December 31, 9999.
const ngxMaxDays = 2932896

// ngxGmtime is ngx_gmtime: times before the epoch render as the epoch,
// times after 9999 as its last second.
func ngxGmtime(sec int64) time.Time {
	if sec < 0 {
		sec = 0
	}
	if sec/86400 > ngxMaxDays {
		sec = ngxMaxDays*86400 + 86399
	}
	return time.Unix(sec, 0).UTC()
}

// ngxLocalTm is the broken-down local time ngx.today and ngx.localtime
// print.
func ngxLocalTm(t time.Time) time.Time {
	return localTm(t, time.Local)
}

// localTm is t in loc as nginx computes it: the UTC time shifted by the
// zone's offset, which nginx keeps in whole minutes.
func localTm(t time.Time, loc *time.Location) time.Time {
	_, offset := t.In(loc).Zone()
	return ngxGmtime(t.Unix() + int64(offset/60*60))
}

func formatDateTime(tm time.Time) string {
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", tm.Year(), int(tm.Month()), tm.Day(),
		tm.Hour(), tm.Minute(), tm.Second())
}

var (
	weekNames  = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthNames = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// httpTime is ngx_http_time: "Thu, 18 Nov 2010 11:27:35 GMT".
func httpTime(sec int64) string {
	tm := ngxGmtime(sec)
	return fmt.Sprintf("%s, %02d %s %4d %02d:%02d:%02d GMT", weekNames[tm.Weekday()], tm.Day(),
		monthNames[tm.Month()-1], tm.Year(), tm.Hour(), tm.Minute(), tm.Second())
}

// cookieTime is ngx_http_cookie_time: "Thu, 18-Nov-10 11:27:35 GMT", with
// a two-digit year up to 2037 for old browsers, four digits after.
func cookieTime(sec int64) string {
	tm := ngxGmtime(sec)
	year := fmt.Sprintf("%02d", tm.Year()%100)
	if tm.Year() > 2037 {
		year = fmt.Sprintf("%d", tm.Year())
	}
	return fmt.Sprintf("%s, %02d-%s-%s %02d:%02d:%02d GMT", weekNames[tm.Weekday()], tm.Day(),
		monthNames[tm.Month()-1], year, tm.Hour(), tm.Minute(), tm.Second())
}

// parseHTTPTime is ngx_parse_http_time: RFC 822 ("Thu, 18 Nov 2010
// 11:27:35"), RFC 850 ("Thursday, 18-Nov-10 11:27:35") and asctime ("Thu
// Nov 18 11:27:35 2010") dates, the weekday and anything after the time
// (or year) unchecked; a bad field or an impossible date fails.
func parseHTTPTime(s string) (int64, bool) {
	const (
		rfc822 = iota + 1
		rfc850
		isoc
	)
	// at reads past the end as NUL, which no check accepts.
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	digit := func(i int) bool { c := at(i); return c >= '0' && c <= '9' }
	num := func(i, n int) int {
		v := 0
		for k := 0; k < n; k++ {
			v = v*10 + int(at(i+k)-'0')
		}
		return v
	}
	format := 0
	p := 0
	for ; p < len(s); p++ {
		if s[p] == ',' {
			break
		}
		if s[p] == ' ' {
			format = isoc
			break
		}
	}
	for p++; p < len(s) && s[p] == ' '; p++ {
	}
	if len(s)-p < 18 {
		return 0, false
	}
	var day, year int
	if format != isoc {
		if !digit(p) || !digit(p+1) {
			return 0, false
		}
		day = num(p, 2)
		p += 2
		switch at(p) {
		case ' ':
			if len(s)-p < 18 {
				return 0, false
			}
			format = rfc822
		case '-':
			format = rfc850
		default:
			return 0, false
		}
		p++
	}
	var month int
	switch at(p) {
	case 'J':
		switch {
		case at(p+1) == 'a':
			month = 0
		case at(p+2) == 'n':
			month = 5
		default:
			month = 6
		}
	case 'F':
		month = 1
	case 'M':
		if at(p+2) == 'r' {
			month = 2
		} else {
			month = 4
		}
	case 'A':
		if at(p+1) == 'p' {
			month = 3
		} else {
			month = 7
		}
	case 'S':
		month = 8
	case 'O':
		month = 9
	case 'N':
		month = 10
	case 'D':
		month = 11
	default:
		return 0, false
	}
	p += 3
	if format == rfc822 && at(p) != ' ' || format == rfc850 && at(p) != '-' {
		return 0, false
	}
	p++
	switch format {
	case rfc822:
		if !digit(p) || !digit(p+1) || !digit(p+2) || !digit(p+3) {
			return 0, false
		}
		year = num(p, 4)
		p += 4
	case rfc850:
		if !digit(p) || !digit(p+1) {
			return 0, false
		}
		year = num(p, 2)
		if year < 70 {
			year += 2000
		} else {
			year += 1900
		}
		p += 2
	case isoc:
		if at(p) == ' ' {
			p++
		}
		if !digit(p) {
			return 0, false
		}
		day = num(p, 1)
		p++
		if at(p) != ' ' {
			if !digit(p) {
				return 0, false
			}
			day = day*10 + num(p, 1)
			p++
		}
		if len(s)-p < 14 {
			return 0, false
		}
	}
	if at(p) != ' ' {
		return 0, false
	}
	p++
	var clock [3]int
	for i := range clock {
		if i > 0 {
			if at(p) != ':' {
				return 0, false
			}
			p++
		}
		if !digit(p) || !digit(p+1) {
			return 0, false
		}
		clock[i] = num(p, 2)
		p += 2
	}
	if format == isoc {
		if at(p) != ' ' {
			return 0, false
		}
		p++
		if !digit(p) || !digit(p+1) || !digit(p+2) || !digit(p+3) {
			return 0, false
		}
		year = num(p, 4)
	}
	hour, min, sec := clock[0], clock[1], clock[2]
	if hour > 23 || min > 59 || sec > 59 {
		return 0, false
	}
	mdays := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if day == 29 && month == 1 {
		if year%4 != 0 || year%100 == 0 && year%400 != 0 {
			return 0, false
		}
	} else if day > mdays[month] {
		return 0, false
	}
	// Days from the civil date (day 0 of a month is the last of the one
	// before, as in nginx's arithmetic).
	days := time.Date(year, time.Month(month+1), 1, 0, 0, 0, 0, time.UTC).Unix()/86400 + int64(day) - 1
	return days*86400 + int64(hour*3600+min*60+sec), true
}

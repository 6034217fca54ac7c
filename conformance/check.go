package conformance

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Failure is one failed expectation of a block run.
type Failure struct {
	Check    string `json:"check"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
	// Diff shows the first line where expected and actual part.
	Diff string `json:"diff,omitempty"`
}

// ShortDiff describes where two texts first differ, line by line.
func ShortDiff(expected, actual string) string {
	if expected == actual {
		return ""
	}
	e := strings.SplitAfter(expected, "\n")
	a := strings.SplitAfter(actual, "\n")
	for i := 0; i < len(e) || i < len(a); i++ {
		var el, al string
		if i < len(e) {
			el = e[i]
		}
		if i < len(a) {
			al = a[i]
		}
		if el != al {
			return fmt.Sprintf("line %d: expected %q, got %q", i+1, shorten(el, 200), shorten(al, 200))
		}
	}
	return ""
}

// Checker collects the failures of one block run.
type Checker struct {
	Failures []Failure
	// Warnings are Test::Nginx's non-fatal remarks (alert lines, ...).
	Warnings []string
}

func (c *Checker) fail(check, msg, expected, actual string) {
	c.Failures = append(c.Failures, Failure{Check: check, Message: msg, Expected: expected, Actual: actual})
}

// indexed is Test::Nginx's get_indexed_value: with several requests the
// expectation must be a list indexed by request.
func indexed(v Value, idx int, needArray bool) (Value, error) {
	if needArray {
		if v.IsList() {
			return v.Index(idx), nil
		}
		return Value{}, fmt.Errorf("you asked for many requests, the expected results should be arrays as well")
	}
	if v.IsList() {
		return v.Index(0), nil
	}
	return v, nil
}

// CheckErrorCode compares the status code (200 unless error_code or
// error_code_like says otherwise).
func (c *Checker) CheckErrorCode(b *RunBlock, res *Response, idx int, needArray bool) {
	code := ""
	if res != nil {
		code = res.Code
	}
	if like := b.Get("error_code_like"); like.Defined() {
		v, err := indexed(like, idx, needArray)
		if err != nil {
			c.fail("error_code_like", err.Error(), "", "")
			return
		}
		re, err := regexOf(v, "sm")
		if err != nil {
			c.fail("error_code_like", err.Error(), "", "")
			return
		}
		if !re.Match(code) {
			c.fail("error_code_like", "status code does not match", v.String(), code)
		}
		return
	}
	want := StringValue("200")
	if ec := b.Get("error_code"); ec.Defined() {
		v, err := indexed(ec, idx, needArray)
		if err != nil {
			c.fail("error_code", err.Error(), "", "")
			return
		}
		want = v
	}
	if code != want.Str {
		c.fail("error_code", "status code mismatch", want.Str, code)
	}
}

// CheckRawResponseHeaders applies raw_response_headers_like/_unlike.
func (c *Checker) CheckRawResponseHeaders(b *RunBlock, raw string, idx int, needArray bool) {
	for _, sec := range []string{"raw_response_headers_like", "raw_response_headers_unlike"} {
		val := b.Get(sec)
		if !val.Defined() {
			continue
		}
		v, err := indexed(val, idx, needArray)
		if err != nil {
			c.fail(sec, err.Error(), "", "")
			continue
		}
		re, err := regexOf(v, "s")
		if err != nil {
			c.fail(sec, err.Error(), "", "")
			continue
		}
		matched := re.Match(raw)
		if sec == "raw_response_headers_like" && !matched {
			c.fail(sec, "raw response headers do not match", v.String(), raw)
		}
		if sec == "raw_response_headers_unlike" && matched {
			c.fail(sec, "raw response headers match", v.String(), raw)
		}
	}
}

// parseHeaderSpec is Test::Nginx's parse_headers: "Name: value" lines, and
// "!Name" for a header that must be absent (value nil).
func parseHeaderSpec(s string) (keys []string, vals map[string]*string) {
	vals = map[string]*string{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimFunc(line, isPerlSpace)
		neg := false
		if strings.HasPrefix(line, "!") {
			neg = true
			line = strings.TrimLeftFunc(line[1:], isPerlSpace)
		}
		if line == "" && !neg {
			continue
		}
		var key string
		var val *string
		if neg {
			key = line
		} else {
			k, v := line, ""
			if loc := headerSep.FindStringIndex(line); loc != nil {
				k, v = line[:loc[0]], line[loc[1]:]
			}
			key, val = k, &v
		}
		if _, seen := vals[key]; !seen {
			keys = append(keys, key)
		}
		vals[key] = val
	}
	return keys, vals
}

var headerSep = regexp.MustCompile(`\s*:\s*`)

// CheckResponseHeaders applies response_headers (exact values, "!Name"
// for absence) or response_headers_like (anchored patterns).
func (c *Checker) CheckResponseHeaders(b *RunBlock, res *Response, idx int, needArray bool) {
	if rh := b.Get("response_headers"); rh.Defined() {
		v, err := indexed(rh, idx, needArray)
		if err != nil {
			c.fail("response_headers", err.Error(), "", "")
			return
		}
		raw := ""
		if res != nil {
			raw = res.RawHeaders
		}
		keys, vals := parseHeaderSpec(v.Str)
		for _, k := range keys {
			want := vals[k]
			if want == nil {
				re, err := CompilePerl(`^\s*`+regexp.QuoteMeta(k)+`\s*:`, "ms")
				if err == nil && re.Match(raw) {
					c.fail("response_headers", "header "+k+" should not be present", "", raw)
				}
				continue
			}
			exp := ServerPortVars(*want, b.Port)
			act := ""
			if res != nil {
				act, _ = res.Header(k)
			}
			if act != exp {
				c.fail("response_headers", "header "+k+" mismatch", exp, act)
			}
		}
		return
	}
	if rh := b.Get("response_headers_like"); rh.Defined() {
		v, err := indexed(rh, idx, needArray)
		if err != nil {
			c.fail("response_headers_like", err.Error(), "", "")
			return
		}
		keys, vals := parseHeaderSpec(v.Str)
		for _, k := range keys {
			pat := ""
			if vals[k] != nil {
				pat = *vals[k]
			}
			act := ""
			if res != nil {
				act, _ = res.Header(k)
			}
			re, err := CompilePerl("^"+pat+"$", "")
			if err != nil {
				c.fail("response_headers_like", err.Error(), "", "")
				continue
			}
			if !re.Match(act) {
				c.fail("response_headers_like", "header "+k+" does not match", pat, act)
			}
		}
	}
}

var (
	teLine   = regexp.MustCompile(`(?m)^TE: deflate,gzip;q=0\.3\r\n`)
	connLine = regexp.MustCompile(`(?m)^Connection: TE, close\r\n`)
)

// TransformBody applies response_body_filters to the actual body.
func TransformBody(b *RunBlock, body string, idx int) (string, error) {
	f := b.Get("response_body_filters")
	if !f.Defined() {
		return body, nil
	}
	var filters []Value
	switch {
	case f.Kind == KindString:
		for _, name := range strings.Fields(f.Str) {
			filters = append(filters, StringValue(name))
		}
	case f.IsList():
		if len(f.List) > 0 && f.List[0].IsList() {
			filters = f.Index(idx).List
		} else {
			filters = f.List
		}
	default:
		filters = []Value{f}
	}
	for _, flt := range filters {
		switch flt.Kind {
		case KindCode:
			if b.Call == nil {
				return body, fmt.Errorf("code filter needs the perl loader")
			}
			v, err := b.Call(flt.Code, body)
			if err != nil {
				return body, err
			}
			body = v.Str
		case KindString:
			switch flt.Str {
			case "md5_hex":
				s := md5.Sum([]byte(body))
				body = hex.EncodeToString(s[:])
			case "sha1_hex":
				s := sha1.Sum([]byte(body))
				body = hex.EncodeToString(s[:])
			case "uc":
				body = strings.ToUpper(body)
			case "lc":
				body = strings.ToLower(body)
			case "ucfirst":
				if body != "" {
					body = strings.ToUpper(body[:1]) + body[1:]
				}
			case "lcfirst":
				if body != "" {
					body = strings.ToLower(body[:1]) + body[1:]
				}
			case "length":
				body = strconv.Itoa(len(body))
			default:
				return body, fmt.Errorf("unknown filter %q in --- response_body_filters", flt.Str)
			}
		}
	}
	return body, nil
}

// CheckResponseBody applies response_body (exact, or a qr// value) or
// response_body_like/_unlike (patterns with /s).
func (c *Checker) CheckResponseBody(b *RunBlock, res *Response, idx int, needArray bool) {
	var content *string
	if res != nil {
		s := teLine.ReplaceAllString(res.Body, "")
		s = connLine.ReplaceAllString(s, "")
		content = &s
	}
	if rb := b.Get("response_body"); rb.Defined() {
		v, err := indexed(rb, idx, needArray)
		if err != nil {
			c.fail("response_body", err.Error(), "", "")
			return
		}
		if content == nil {
			c.fail("response_body", "no response", v.String(), "")
			return
		}
		if v.Kind == KindRegex {
			re, err := regexOf(v, "")
			if err != nil {
				c.fail("response_body", err.Error(), "", "")
				return
			}
			if !re.Match(*content) {
				c.fail("response_body", "response body does not match", v.String(), *content)
			}
			return
		}
		exp := ServerPortVars(v.Str, b.Port)
		if !v.Defined() || exp != *content {
			c.fail("response_body", "response body mismatch", exp, *content)
		}
		return
	}
	sec := ""
	if b.Get("response_body_like").Defined() {
		sec = "response_body_like"
	} else if b.Get("response_body_unlike").Defined() {
		sec = "response_body_unlike"
	}
	if sec == "" {
		return
	}
	v, err := indexed(b.Get(sec), idx, needArray)
	if err != nil {
		c.fail(sec, err.Error(), "", "")
		return
	}
	if v.Kind != KindRegex {
		v.Str = ServerPortVars(v.Str, b.Port)
	}
	re, err := regexOf(v, "s")
	if err != nil {
		c.fail(sec, err.Error(), "", "")
		return
	}
	act := ""
	if content != nil {
		act = *content
	}
	matched := content != nil && re.Match(act)
	if sec == "response_body_like" && !matched {
		c.fail(sec, "response body does not match", v.String(), act)
	}
	if sec == "response_body_unlike" && matched {
		c.fail(sec, "response body matches", v.String(), act)
	}
}

// logPatterns turns an error_log-style value into patterns: a string is
// one pattern per line, a list keeps its entries (strings or regexes).
func logPatterns(v Value) []Value {
	switch v.Kind {
	case KindString:
		parts := newlines.Split(strings.TrimSuffix(v.Str, "\n"), -1)
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		out := make([]Value, len(parts))
		for i, p := range parts {
			out[i] = StringValue(p)
		}
		return out
	case KindList:
		return append([]Value(nil), v.List...)
	case KindRegex:
		return []Value{v}
	}
	return nil
}

// lineMatches is Test::Nginx's "ref $pat && $line =~ /$pat/ || $line =~
// /\Q$pat\E/".
func lineMatches(line string, pat Value) bool {
	if pat.Kind == KindRegex {
		re, err := regexOf(pat, "")
		if err == nil && re.Match(line) {
			return true
		}
		return strings.Contains(line, "(?^"+pat.Mods+":"+pat.Str+")")
	}
	return strings.Contains(line, pat.Str)
}

// CheckErrorLog applies grep_error_log/grep_error_log_out, error_log and
// no_error_log to the log lines of one request run, and fails on nginx
// assertion lines.
func (c *Checker) CheckErrorLog(b *RunBlock, lines []string, rep int) {
	if gp := b.Get("grep_error_log"); gp.Defined() {
		pat := gp
		if gp.IsList() {
			pat = gp.Index(rep)
		}
		exp := b.Get("grep_error_log_out")
		if exp.IsList() {
			exp = exp.Index(rep)
		}
		var got strings.Builder
		for _, line := range lines {
			var m string
			var ok bool
			if pat.Kind == KindRegex {
				if re, err := regexOf(pat, ""); err == nil {
					m, ok = re.Find(line)
				}
			} else if pat.Defined() && strings.Contains(line, pat.Str) {
				m, ok = pat.Str, true
			}
			if ok && !strings.Contains(m, "\n") {
				got.WriteString(m + "\n")
			}
		}
		if exp.Kind == KindRegex {
			if re, err := regexOf(exp, ""); err != nil || !re.Match(got.String()) {
				c.fail("grep_error_log_out", fmt.Sprintf("grep_error_log_out (req %d) does not match", rep), exp.String(), got.String())
			}
		} else if got.String() != exp.Str {
			c.fail("grep_error_log_out", fmt.Sprintf("grep_error_log_out (req %d) mismatch", rep), exp.Str, got.String())
		}
	}
	if el := b.Get("error_log"); el.Defined() {
		pats := logPatterns(el)
		found := make([]bool, len(pats))
		for _, line := range lines {
			for i, p := range pats {
				if !found[i] && p.Defined() && lineMatches(line, p) {
					found[i] = true
				}
			}
		}
		for i, p := range pats {
			if p.Defined() && !found[i] {
				c.fail("error_log", fmt.Sprintf("pattern %q should match a line in error.log (req %d)", p.String(), rep), p.String(), "")
			}
		}
	}
	if nl := b.Get("no_error_log"); nl.Defined() {
		pats := logPatterns(nl)
		reported := map[int]bool{}
		for _, line := range lines {
			for i, p := range pats {
				if !reported[i] && p.Defined() && lineMatches(line, p) {
					reported[i] = true
					c.fail("no_error_log", fmt.Sprintf("pattern %q should not match any line in error.log but matches line %q (req %d)", p.String(), strings.TrimSuffix(line, "\n"), rep), p.String(), strings.TrimSuffix(line, "\n"))
				}
			}
		}
	}
	for _, line := range lines {
		if assertionLine.MatchString(line) {
			c.fail("assertion", strings.TrimSuffix(line, "\n"), "", "")
		}
	}
}

var newlines = regexp.MustCompile(`\n+`)

var assertionLine = regexp.MustCompile(`\bAssertion .*?failed\b`)

// CheckShutdownErrorLog applies shutdown_error_log/no_shutdown_error_log to
// what the server logged while stopping.
func (c *Checker) CheckShutdownErrorLog(b *RunBlock, lines []string) {
	if nl := b.Get("no_shutdown_error_log"); nl.Defined() {
		for _, p := range logPatterns(nl) {
			for _, line := range lines {
				if p.Defined() && lineMatches(line, p) {
					c.fail("no_shutdown_error_log", fmt.Sprintf("pattern %q should not match any line in error.log but matches line %q", p.String(), strings.TrimSuffix(line, "\n")), p.String(), line)
					break
				}
			}
		}
	}
	if sl := b.Get("shutdown_error_log"); sl.Defined() {
		for _, p := range logPatterns(sl) {
			ok := false
			for _, line := range lines {
				if p.Defined() && lineMatches(line, p) {
					ok = true
					break
				}
			}
			if p.Defined() && !ok {
				c.fail("shutdown_error_log", fmt.Sprintf("pattern %q should match a line in error.log", p.String()), p.String(), "")
			}
		}
	}
}

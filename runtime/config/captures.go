package config

// Captures is the result of a successful regex match, as nginx keeps it in
// r->captures: $1..$9 refer to it until another regex with captures
// matches.
type Captures struct {
	// Subject is the string that was matched.
	Subject string
	// Offsets are the match's start and end, then each capture's, in
	// pairs; -1 marks a capture that did not take part. As with PCRE, the
	// list ends at the last capture that took part.
	Offsets []int
	// Named are the named captures, which nginx also sets as variables.
	Named []NamedCapture
}

// NamedCapture is the value of a named capture (?<name>...).
type NamedCapture struct {
	Name  string
	Value string
}

// Group returns capture n (0 is the whole match) and whether it exists.
func (c *Captures) Group(n int) (string, bool) {
	if c == nil || n < 0 || 2*n+1 >= len(c.Offsets) {
		return "", false
	}
	a, b := c.Offsets[2*n], c.Offsets[2*n+1]
	if a < 0 || b < 0 {
		return "", true
	}
	return c.Subject[a:b], true
}

// execRegex matches subject and returns its captures, or nil when it does
// not match.
func execRegex(re Regex, subject string) (c *Captures, matched bool) {
	m := re.FindSubmatchIndex(subject)
	if m == nil {
		return nil, false
	}
	// PCRE reports up to the highest capture that took part
	n := len(m)
	for n > 2 && m[n-2] < 0 {
		n -= 2
	}
	c = &Captures{Subject: subject, Offsets: m[:n]}
	for i, name := range re.CaptureNames() {
		if name == "" || i == 0 {
			continue
		}
		v := ""
		if 2*i+1 < len(m) && m[2*i] >= 0 {
			v = subject[m[2*i]:m[2*i+1]]
		}
		c.Named = append(c.Named, NamedCapture{Name: name, Value: v})
	}
	return c, true
}

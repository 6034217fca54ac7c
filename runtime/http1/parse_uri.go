package http1

// Complex URI parser states, named after nginx's.
const (
	cuUsual uint8 = iota
	cuSlash
	cuDot
	cuDotDot
	cuQuoted
	cuQuotedSecond
)

// parseComplexURI decodes and normalises the URI b[start:end] into dst as
// ngx_http_parse_complex_uri does for $uri: percent-decoding, "//" merged
// when mergeSlashes is set, "/./" dropped and "/../" resolved, and the
// fragment cut. b[end] must exist (nginx relies on the byte after the URI).
// It returns the new $uri, the range of $args (argsStart < 0 when the '?'
// came from no byte of the URI) and false when the URI is invalid (a bad
// escape, "%00", or ".." above the root).
func parseComplexURI(dst, b []byte, start, end int, emptyPath, mergeSlashes bool) (uri []byte, argsStart, argsEnd int, ok bool) {
	u := dst[:0]
	if emptyPath {
		u = append(u, '/')
	}
	argsStart, argsEnd = -1, -1
	state, quotedState := cuUsual, cuUsual
	var decoded byte

	p := start
	ch := b[p]
	p++

	// up climbs from the end of u ("/.." just written, or "/." pending) to
	// the byte after the previous slash; false when that leaves the root.
	up := func(back int) bool {
		n := len(u) - back
		for {
			if n < 0 {
				return false
			}
			if u[n] == '/' {
				u = u[:n+1]
				return true
			}
			n--
		}
	}

	for p <= end {
		switch state {
		case cuUsual:
			if usual[ch] {
				u = append(u, ch)
				ch = b[p]
				p++
				continue
			}
			switch ch {
			case '/':
				state = cuSlash
				u = append(u, ch)
			case '%':
				quotedState = state
				state = cuQuoted
			case '?':
				s, e := argsRange(b, p, end)
				return u, s, e, true
			case '#':
				return u, -1, -1, true
			default:
				u = append(u, ch)
			}
			ch = b[p]
			p++

		case cuSlash:
			if usual[ch] {
				state = cuUsual
				u = append(u, ch)
				ch = b[p]
				p++
				continue
			}
			switch ch {
			case '/':
				if !mergeSlashes {
					u = append(u, ch)
				}
			case '.':
				state = cuDot
				u = append(u, ch)
			case '%':
				quotedState = state
				state = cuQuoted
			case '?':
				s, e := argsRange(b, p, end)
				return u, s, e, true
			case '#':
				return u, -1, -1, true
			default:
				state = cuUsual
				u = append(u, ch)
			}
			ch = b[p]
			p++

		case cuDot:
			if usual[ch] {
				state = cuUsual
				u = append(u, ch)
				ch = b[p]
				p++
				continue
			}
			switch ch {
			case '/':
				state = cuSlash
				u = u[:len(u)-1]
			case '.':
				state = cuDotDot
				u = append(u, ch)
			case '%':
				quotedState = state
				state = cuQuoted
			case '?':
				u = u[:len(u)-1]
				s, e := argsRange(b, p, end)
				return u, s, e, true
			case '#':
				u = u[:len(u)-1]
				return u, -1, -1, true
			default:
				state = cuUsual
				u = append(u, ch)
			}
			ch = b[p]
			p++

		case cuDotDot:
			if usual[ch] {
				state = cuUsual
				u = append(u, ch)
				ch = b[p]
				p++
				continue
			}
			switch ch {
			case '/', '?', '#':
				if !up(4) {
					return nil, -1, -1, false
				}
				if ch == '?' {
					s, e := argsRange(b, p, end)
					return u, s, e, true
				}
				if ch == '#' {
					return u, -1, -1, true
				}
				state = cuSlash
			case '%':
				quotedState = state
				state = cuQuoted
			default:
				state = cuUsual
				u = append(u, ch)
			}
			ch = b[p]
			p++

		case cuQuoted:
			if ch >= '0' && ch <= '9' {
				decoded = ch - '0'
			} else if c := ch | 0x20; c >= 'a' && c <= 'f' {
				decoded = c - 'a' + 10
			} else {
				return nil, -1, -1, false
			}
			state = cuQuotedSecond
			ch = b[p]
			p++

		case cuQuotedSecond:
			if ch >= '0' && ch <= '9' {
				ch = decoded<<4 + (ch - '0')
				if ch == '%' || ch == '#' {
					state = cuUsual
					u = append(u, ch)
					ch = b[p]
					p++
					continue
				}
				if ch == 0 {
					return nil, -1, -1, false
				}
				// the decoded byte is looked at again in the state the
				// escape interrupted, so "%2F" is a slash and "%2E" a dot
				state = quotedState
				continue
			}
			if c := ch | 0x20; c >= 'a' && c <= 'f' {
				ch = decoded<<4 + (c - 'a' + 10)
				if ch == '?' {
					state = cuUsual
					u = append(u, ch)
					ch = b[p]
					p++
					continue
				}
				state = quotedState
				continue
			}
			return nil, -1, -1, false
		}
	}

	switch state {
	case cuQuoted, cuQuotedSecond:
		return nil, -1, -1, false
	case cuDot:
		u = u[:len(u)-1]
	case cuDotDot:
		if !up(4) {
			return nil, -1, -1, false
		}
	}
	return u, -1, -1, true
}

// argsRange returns $args for a URI whose '?' ended the path just before
// from: up to a '#' if there is one, else to the end of the URI (to be cut
// by the caller, as nginx's ngx_http_process_request_uri does).
func argsRange(b []byte, from, end int) (int, int) {
	for i := from; i < end; i++ {
		if b[i] == '#' {
			return from, i
		}
	}
	return from, end
}

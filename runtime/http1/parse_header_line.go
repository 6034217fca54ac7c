package http1

// Header line parser states, named after nginx's.
const (
	hlStart uint8 = iota
	hlName
	hlSpaceBeforeValue
	hlValue
	hlSpaceAfterValue
	hlAlmostDone
	hlHeaderAlmostDone
)

// headerToken marks the bytes nginx accepts in a header name without
// flagging the line as invalid: letters, digits and '-'. '_' depends on
// underscores_in_headers.
var headerToken = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	t['-'] = true
	return t
}()

// headerLine is the resumable state of the header line parser and the
// positions of the last line it finished. Positions are offsets into the
// connection's input buffer; nameStart is -1 until a line has begun.
type headerLine struct {
	state     uint8
	invalid   bool
	nameStart int
	nameEnd   int
	valStart  int
	valEnd    int
}

// parse advances over b[pos:end] as ngx_http_parse_header_line does. It
// returns parseOK after one header line, parseHeaderDone after the empty
// line, parseInvalidHeader (with valEnd at the offending byte) or parseAgain.
func (h *headerLine) parse(b []byte, pos, end int, underscores bool) (parseResult, int) {
	state := h.state
	p := pos
	for ; p < end; p++ {
		ch := b[p]
		switch state {
		case hlStart:
			h.nameStart = p
			h.invalid = false
			switch {
			case ch == cr:
				h.valEnd = p
				state = hlHeaderAlmostDone
			case ch == lf:
				h.valEnd = p
				h.state = hlStart
				return parseHeaderDone, p + 1
			case headerToken[ch]:
				state = hlName
			case ch == '_':
				h.invalid = !underscores
				state = hlName
			case ch <= 0x20 || ch == 0x7f || ch == ':':
				h.valEnd = p
				return parseInvalidHeader, p
			default:
				h.invalid = true
				state = hlName
			}

		case hlName:
			switch {
			case headerToken[ch]:
			case ch == '_':
				if !underscores {
					h.invalid = true
				}
			case ch == ':':
				h.nameEnd = p
				state = hlSpaceBeforeValue
			case ch == cr:
				h.nameEnd, h.valStart, h.valEnd = p, p, p
				state = hlAlmostDone
			case ch == lf:
				h.nameEnd, h.valStart, h.valEnd = p, p, p
				h.state = hlStart
				return parseOK, p + 1
			case ch <= 0x20 || ch == 0x7f:
				h.valEnd = p
				return parseInvalidHeader, p
			default:
				h.invalid = true
			}

		case hlSpaceBeforeValue:
			switch ch {
			case ' ':
			case cr:
				h.valStart, h.valEnd = p, p
				state = hlAlmostDone
			case lf:
				h.valStart, h.valEnd = p, p
				h.state = hlStart
				return parseOK, p + 1
			case 0:
				h.valEnd = p
				return parseInvalidHeader, p
			default:
				h.valStart = p
				state = hlValue
			}

		case hlValue:
			switch ch {
			case ' ':
				h.valEnd = p
				state = hlSpaceAfterValue
			case cr:
				h.valEnd = p
				state = hlAlmostDone
			case lf:
				h.valEnd = p
				h.state = hlStart
				return parseOK, p + 1
			case 0:
				h.valEnd = p
				return parseInvalidHeader, p
			}

		case hlSpaceAfterValue:
			switch ch {
			case ' ':
			case cr:
				state = hlAlmostDone
			case lf:
				h.state = hlStart
				return parseOK, p + 1
			case 0:
				h.valEnd = p
				return parseInvalidHeader, p
			default:
				state = hlValue
			}

		case hlAlmostDone:
			switch ch {
			case lf:
				h.state = hlStart
				return parseOK, p + 1
			case cr:
			default:
				// nginx reports the line up to its CR, as here
				return parseInvalidHeader, p
			}

		case hlHeaderAlmostDone:
			if ch != lf {
				return parseInvalidHeader, p
			}
			h.state = hlStart
			return parseHeaderDone, p + 1
		}
	}
	h.state = state
	return parseAgain, p
}

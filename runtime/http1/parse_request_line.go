package http1

// method identifies the request methods nginx gives special treatment; every
// other token is methodOther.
type method uint8

const (
	methodOther method = iota
	methodGET
	methodHEAD
	methodPOST
	methodPUT
	methodDELETE
	methodOPTIONS
	methodCONNECT
	methodTRACE
)

func lookupMethod(m []byte) method {
	switch string(m) {
	case "GET":
		return methodGET
	case "HEAD":
		return methodHEAD
	case "POST":
		return methodPOST
	case "PUT":
		return methodPUT
	case "DELETE":
		return methodDELETE
	case "OPTIONS":
		return methodOPTIONS
	case "CONNECT":
		return methodCONNECT
	case "TRACE":
		return methodTRACE
	}
	return methodOther
}

// Request line parser states, named after nginx's.
const (
	rlStart uint8 = iota
	rlMethod
	rlSpacesBeforeURI
	rlSchema
	rlSchemaSlash
	rlSchemaSlashSlash
	rlHostStart
	rlHost
	rlHostEnd
	rlHostIPLiteral
	rlPort
	rlAfterSlashInURI
	rlCheckURI
	rlURI
	rlHTTP09
	rlHTTPH
	rlHTTPHT
	rlHTTPHTT
	rlHTTPHTTP
	rlFirstMajorDigit
	rlMajorDigit
	rlFirstMinorDigit
	rlMinorDigit
	rlSpacesAfterDigit
	rlAlmostDone
)

// requestLine is the resumable state of the request line parser and what it
// found. Positions are offsets into the connection's input buffer; -1 means
// "not seen".
type requestLine struct {
	state uint8

	start, methodEnd          int
	schemaStart, schemaEnd    int
	hostStart, hostEnd        int
	uriStart, uriEnd          int
	argsStart, protoStart     int
	end                       int
	major, minor              int
	complexURI, quotedURI     bool
	plusInURI, emptyPathInURI bool
	method                    method
	complete                  bool
}

func (l *requestLine) reset() {
	*l = requestLine{
		start: -1, methodEnd: -1, schemaStart: -1, schemaEnd: -1,
		hostStart: -1, hostEnd: -1, uriStart: -1, uriEnd: -1,
		argsStart: -1, protoStart: -1, end: -1,
	}
}

// version is nginx's r->http_version: major*1000 + minor (9 for HTTP/0.9),
// and HTTP/1.0 for a line not parsed to its end.
func (l *requestLine) version() int {
	if !l.complete {
		return 1000
	}
	return l.major*1000 + l.minor
}

// parse advances over b[pos:end] as ngx_http_parse_request_line does and
// returns the result with the position it stopped at (after the line's LF
// when the result is parseOK).
func (l *requestLine) parse(b []byte, pos, end int) (parseResult, int) {
	state := l.state
	p := pos
	for ; p < end; p++ {
		ch := b[p]
		switch state {
		case rlStart:
			l.start = p
			if ch == cr || ch == lf {
				break
			}
			if (ch < 'A' || ch > 'Z') && ch != '_' && ch != '-' {
				return parseInvalidMethod, p
			}
			state = rlMethod

		case rlMethod:
			if ch == ' ' {
				l.methodEnd = p
				l.method = lookupMethod(b[l.start:p])
				state = rlSpacesBeforeURI
				break
			}
			if (ch < 'A' || ch > 'Z') && ch != '_' && ch != '-' {
				return parseInvalidMethod, p
			}

		case rlSpacesBeforeURI:
			if ch == '/' {
				l.uriStart = p
				state = rlAfterSlashInURI
				break
			}
			if c := ch | 0x20; c >= 'a' && c <= 'z' {
				l.schemaStart = p
				state = rlSchema
				break
			}
			if ch != ' ' {
				return parseInvalidRequest, p
			}

		case rlSchema:
			if c := ch | 0x20; c >= 'a' && c <= 'z' {
				break
			}
			if (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.' {
				break
			}
			if ch != ':' {
				return parseInvalidRequest, p
			}
			l.schemaEnd = p
			state = rlSchemaSlash

		case rlSchemaSlash:
			if ch != '/' {
				return parseInvalidRequest, p
			}
			state = rlSchemaSlashSlash

		case rlSchemaSlashSlash:
			if ch != '/' {
				return parseInvalidRequest, p
			}
			state = rlHostStart

		case rlHostStart, rlHost, rlHostEnd:
			if state == rlHostStart {
				l.hostStart = p
				if ch == '[' {
					state = rlHostIPLiteral
					break
				}
				state = rlHost
			}
			if state == rlHost {
				if c := ch | 0x20; c >= 'a' && c <= 'z' {
					break
				}
				if (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' {
					break
				}
			}
			l.hostEnd = p
			switch ch {
			case ':':
				state = rlPort
			case '/':
				l.uriStart = p
				state = rlAfterSlashInURI
			case '?':
				l.uriStart = p
				l.argsStart = p + 1
				l.emptyPathInURI = true
				state = rlURI
			case ' ':
				// the URI is the single "/" after the schema's colon
				l.uriStart = l.schemaEnd + 1
				l.uriEnd = l.schemaEnd + 2
				state = rlHTTP09
			default:
				return parseInvalidRequest, p
			}

		case rlHostIPLiteral:
			if ch >= '0' && ch <= '9' {
				break
			}
			if c := ch | 0x20; c >= 'a' && c <= 'z' {
				break
			}
			switch ch {
			case ':', '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
			case ']':
				state = rlHostEnd
			default:
				return parseInvalidRequest, p
			}

		case rlPort:
			if ch >= '0' && ch <= '9' {
				break
			}
			switch ch {
			case '/':
				l.uriStart = p
				state = rlAfterSlashInURI
			case '?':
				l.uriStart = p
				l.argsStart = p + 1
				l.emptyPathInURI = true
				state = rlURI
			case ' ':
				l.uriStart = l.schemaEnd + 1
				l.uriEnd = l.schemaEnd + 2
				state = rlHTTP09
			default:
				return parseInvalidRequest, p
			}

		case rlAfterSlashInURI:
			if usual[ch] {
				state = rlCheckURI
				break
			}
			switch ch {
			case ' ':
				l.uriEnd = p
				state = rlHTTP09
			case cr:
				l.uriEnd = p
				l.minor = 9
				state = rlAlmostDone
			case lf:
				l.uriEnd = p
				l.minor = 9
				return l.done(p)
			case '.', '/', '#':
				l.complexURI = true
				state = rlURI
			case '%':
				l.quotedURI = true
				state = rlURI
			case '?':
				l.argsStart = p + 1
				state = rlURI
			case '+':
				l.plusInURI = true
			default:
				if ch < 0x20 || ch == 0x7f {
					return parseInvalidRequest, p
				}
				state = rlCheckURI
			}

		case rlCheckURI:
			if usual[ch] {
				break
			}
			switch ch {
			case '/':
				state = rlAfterSlashInURI
			case '.':
			case ' ':
				l.uriEnd = p
				state = rlHTTP09
			case cr:
				l.uriEnd = p
				l.minor = 9
				state = rlAlmostDone
			case lf:
				l.uriEnd = p
				l.minor = 9
				return l.done(p)
			case '%':
				l.quotedURI = true
				state = rlURI
			case '?':
				l.argsStart = p + 1
				state = rlURI
			case '#':
				l.complexURI = true
				state = rlURI
			case '+':
				l.plusInURI = true
			default:
				if ch < 0x20 || ch == 0x7f {
					return parseInvalidRequest, p
				}
			}

		case rlURI:
			if usual[ch] {
				break
			}
			switch ch {
			case ' ':
				l.uriEnd = p
				state = rlHTTP09
			case cr:
				l.uriEnd = p
				l.minor = 9
				state = rlAlmostDone
			case lf:
				l.uriEnd = p
				l.minor = 9
				return l.done(p)
			case '#':
				l.complexURI = true
			default:
				if ch < 0x20 || ch == 0x7f {
					return parseInvalidRequest, p
				}
			}

		case rlHTTP09:
			switch ch {
			case ' ':
			case cr:
				l.minor = 9
				state = rlAlmostDone
			case lf:
				l.minor = 9
				return l.done(p)
			case 'H':
				l.protoStart = p
				state = rlHTTPH
			default:
				return parseInvalidRequest, p
			}

		case rlHTTPH:
			if ch != 'T' {
				return parseInvalidRequest, p
			}
			state = rlHTTPHT

		case rlHTTPHT:
			if ch != 'T' {
				return parseInvalidRequest, p
			}
			state = rlHTTPHTT

		case rlHTTPHTT:
			if ch != 'P' {
				return parseInvalidRequest, p
			}
			state = rlHTTPHTTP

		case rlHTTPHTTP:
			if ch != '/' {
				return parseInvalidRequest, p
			}
			state = rlFirstMajorDigit

		case rlFirstMajorDigit:
			if ch < '1' || ch > '9' {
				return parseInvalidRequest, p
			}
			l.major = int(ch - '0')
			if l.major > 1 {
				return parseInvalidVersion, p
			}
			state = rlMajorDigit

		case rlMajorDigit:
			if ch == '.' {
				state = rlFirstMinorDigit
				break
			}
			if ch < '0' || ch > '9' {
				return parseInvalidRequest, p
			}
			l.major = l.major*10 + int(ch-'0')
			if l.major > 1 {
				return parseInvalidVersion, p
			}

		case rlFirstMinorDigit:
			if ch < '0' || ch > '9' {
				return parseInvalidRequest, p
			}
			l.minor = int(ch - '0')
			state = rlMinorDigit

		case rlMinorDigit:
			if ch == cr {
				state = rlAlmostDone
				break
			}
			if ch == lf {
				return l.done(p)
			}
			if ch == ' ' {
				state = rlSpacesAfterDigit
				break
			}
			if ch < '0' || ch > '9' {
				return parseInvalidRequest, p
			}
			if l.minor > 99 {
				return parseInvalidRequest, p
			}
			l.minor = l.minor*10 + int(ch-'0')

		case rlSpacesAfterDigit:
			switch ch {
			case ' ':
			case cr:
				state = rlAlmostDone
			case lf:
				return l.done(p)
			default:
				return parseInvalidRequest, p
			}

		case rlAlmostDone:
			l.end = p - 1
			if ch != lf {
				return parseInvalidRequest, p
			}
			return l.done(p)
		}
	}
	l.state = state
	return parseAgain, p
}

// done finishes a request line whose LF is at p.
func (l *requestLine) done(p int) (parseResult, int) {
	if l.end < 0 {
		l.end = p
	}
	l.state = rlStart
	l.complete = true
	if l.version() == 9 && l.method != methodGET {
		return parseInvalid09Method, p + 1
	}
	return parseOK, p + 1
}

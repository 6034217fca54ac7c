package http1

import "math"

// Chunked body parser states, named after nginx's.
const (
	ckChunkStart uint8 = iota
	ckChunkSize
	ckChunkExtension
	ckChunkExtensionAlmostDone
	ckChunkData
	ckAfterData
	ckAfterDataAlmostDone
	ckLastChunkExtension
	ckLastChunkExtensionAlmostDone
	ckTrailer
	ckTrailerAlmostDone
	ckTrailerHeader
	ckTrailerHeaderAlmostDone
)

// chunkedResult is what one step of the chunked parser reports.
type chunkedResult int8

const (
	chunkedAgain   chunkedResult = iota // need more bytes
	chunkedData                         // size bytes of data follow at pos
	chunkedDone                         // the last chunk and trailer are read
	chunkedInvalid                      // a malformed body
)

// chunked is the resumable state of ngx_http_parse_chunked: chunk sizes in
// hex, extensions skipped, trailer lines read and ignored.
type chunked struct {
	state uint8
	// size is what is left of the current chunk's data.
	size int64
}

// parse advances over b[pos:end]. On chunkedData the caller consumes up to
// size bytes at the returned position, lowers size by what it took, and
// calls parse again.
func (c *chunked) parse(b []byte, pos, end int) (chunkedResult, int) {
	state := c.state
	if state == ckChunkData && c.size == 0 {
		state = ckAfterData
	}
	p := pos
	for ; p < end; p++ {
		ch := b[p]
		switch state {
		case ckChunkStart:
			d, ok := hexDigit(ch)
			if !ok {
				return chunkedInvalid, p
			}
			c.size = int64(d)
			state = ckChunkSize

		case ckChunkSize:
			if c.size > math.MaxInt64/16 {
				return chunkedInvalid, p
			}
			if d, ok := hexDigit(ch); ok {
				c.size = c.size*16 + int64(d)
				break
			}
			if c.size == 0 {
				switch ch {
				case cr:
					state = ckLastChunkExtensionAlmostDone
				case lf:
					state = ckTrailer
				case ';', ' ', '\t':
					state = ckLastChunkExtension
				default:
					return chunkedInvalid, p
				}
				break
			}
			switch ch {
			case cr:
				state = ckChunkExtensionAlmostDone
			case lf:
				c.state = ckChunkData
				return chunkedData, p + 1
			case ';', ' ', '\t':
				state = ckChunkExtension
			default:
				return chunkedInvalid, p
			}

		case ckChunkExtension:
			switch ch {
			case cr:
				state = ckChunkExtensionAlmostDone
			case lf:
				c.state = ckChunkData
				return chunkedData, p + 1
			}

		case ckChunkExtensionAlmostDone:
			if ch != lf {
				return chunkedInvalid, p
			}
			c.state = ckChunkData
			return chunkedData, p + 1

		case ckChunkData:
			c.state = ckChunkData
			return chunkedData, p

		case ckAfterData:
			switch ch {
			case cr:
				state = ckAfterDataAlmostDone
			case lf:
				state = ckChunkStart
			default:
				return chunkedInvalid, p
			}

		case ckAfterDataAlmostDone:
			if ch != lf {
				return chunkedInvalid, p
			}
			state = ckChunkStart

		case ckLastChunkExtension:
			switch ch {
			case cr:
				state = ckLastChunkExtensionAlmostDone
			case lf:
				state = ckTrailer
			}

		case ckLastChunkExtensionAlmostDone:
			if ch != lf {
				return chunkedInvalid, p
			}
			state = ckTrailer

		case ckTrailer:
			switch ch {
			case cr:
				state = ckTrailerAlmostDone
			case lf:
				c.state = ckChunkStart
				return chunkedDone, p + 1
			default:
				state = ckTrailerHeader
			}

		case ckTrailerAlmostDone:
			if ch != lf {
				return chunkedInvalid, p
			}
			c.state = ckChunkStart
			return chunkedDone, p + 1

		case ckTrailerHeader:
			switch ch {
			case cr:
				state = ckTrailerHeaderAlmostDone
			case lf:
				state = ckTrailer
			}

		case ckTrailerHeaderAlmostDone:
			if ch != lf {
				return chunkedInvalid, p
			}
			state = ckTrailer
		}
	}
	c.state = state
	return chunkedAgain, p
}

func hexDigit(ch byte) (byte, bool) {
	switch {
	case ch >= '0' && ch <= '9':
		return ch - '0', true
	case ch|0x20 >= 'a' && ch|0x20 <= 'f':
		return ch | 0x20 - 'a' + 10, true
	}
	return 0, false
}

package config

// confBufferSize is NGX_CONF_BUFFER: nginx reads configuration files
// through a window of this many bytes, and a few of its errors ("too long
// parameter", "too long lua code block", a long bracket that does not fit)
// depend on where that window falls. source emulates the window with
// offsets into the whole file so those errors happen where nginx has them.
const confBufferSize = 4096

// source is one configuration text being read: a file, or the -g string.
type source struct {
	// name is the path as nginx prints it in messages.
	name string
	data []byte
	// param marks the -g string: nginx reads it from memory, as one
	// window, and reports its errors "in command line".
	param bool
	line  int

	// The emulated ngx_buf_t, as absolute offsets into data: the window
	// holds data[bufStart:last], pos is the next byte to read, and
	// offset is how far the file has been read.
	bufStart, pos, last, offset int
}

func newFileSource(name string, data []byte) *source {
	return &source{name: name, data: data, line: 1}
}

func newParamSource(text string) *source {
	// The -g string is one buffer already filled; nginx sees a file of
	// size 0 behind it, so it never refills.
	return &source{name: "", data: []byte(text), param: true, line: 0, last: len(text), offset: len(text)}
}

// size is what ngx_file_size reports for the text.
func (s *source) size() int {
	return len(s.data)
}

// fill reads more of the file into the window after the bytes that are kept
// (data[keep:last]), as ngx_read_file into the moved buffer does.
func (s *source) fill(keep int) {
	kept := s.last - keep
	n := s.size() - s.offset
	if room := confBufferSize - kept; n > room {
		n = room
	}
	s.bufStart = keep
	s.last += n
	s.offset += n
}

// maxConfErrStr is NGX_MAX_CONF_ERRSTR: ngx_conf_log_error cuts its
// message to this many bytes before it appends the position.
const maxConfErrStr = 1024

// diag builds a diagnostic positioned where the reader is now.
func (s *source) diag(level Level, msg string) Diagnostic {
	if len(msg) > maxConfErrStr {
		msg = msg[:maxConfErrStr]
	}
	if s.param {
		return Diagnostic{Level: level, Msg: msg, CommandLine: true}
	}
	return Diagnostic{Level: level, Msg: msg, File: s.name, Line: s.line}
}

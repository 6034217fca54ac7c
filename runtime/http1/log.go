package http1

// LogLevel is an nginx error_log level.
type LogLevel uint8

// The error_log levels, from nginx's ngx_log.h.
const (
	LogStderr LogLevel = iota
	LogEmerg
	LogAlert
	LogCrit
	LogErr
	LogWarn
	LogNotice
	LogInfo
	LogDebug
)

// LogEntry is one error-log event of the front, in nginx's words. The engine
// formats it: nginx appends " while " + Action and then ", client: ...,
// server: ..., request: ..." from the connection and request.
type LogEntry struct {
	Level   LogLevel
	Conn    *Conn
	Request *Request // nil when no request has begun
	Msg     string
	Action  string
}

func (c *Conn) logf(level LogLevel, r *Request, action, msg string) {
	if f := c.srv.ErrorLog; f != nil {
		f(&LogEntry{Level: level, Conn: c, Request: r, Msg: msg, Action: action})
	}
}

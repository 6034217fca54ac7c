package ngxshim

// Request is one HTTP request as the ngx API sees it; the engine implements
// it. Output goes through the engine's header and body filters, so the
// methods here are nginx's operations, not raw socket writes.
type Request interface {
	// Print appends p to the response body, sending the response header
	// first if it is not sent yet (ngx.say, ngx.print).
	Print(p []byte) error
	// Flush sends what is buffered; with wait it returns once the data is
	// written to the socket (ngx.flush(true)). The caller holds the baton;
	// a blocking wait must give it back through Host.Block.
	Flush(wait bool) error
	// EOF ends the response body (ngx.eof).
	EOF() error
	// SendHeaders sends the response header (ngx.send_headers).
	SendHeaders() error
	// HeadersSent reports whether the response header is sent.
	HeadersSent() bool
	// Status is the response status (ngx.status); 0 when unset.
	Status() int
	// SetStatus sets the response status.
	SetStatus(code int)
	// Header is the response header (ngx.header).
	Header() ResponseHeader
	// SeenEOF reports whether the response body is finished (ngx.eof,
	// ngx.exit).
	SeenEOF() bool
	// Exit records ngx.exit(status) for the engine to act on once the Lua
	// handler is unwound.
	Exit(status int)
	// Exec records an internal redirect (ngx.exec) for the engine to do
	// once the Lua handler is unwound; a uri starting with "@" names a
	// location.
	Exec(uri, args string)
	// Var returns an nginx variable (name in lower case, or a capture
	// number), and whether it has a value.
	Var(name string) (string, bool)
	// SetVar assigns a variable from ngx.var; unset makes it not found.
	// The error is ngx_lua's ("variable \"x\" not changeable" ...).
	SetVar(name, value string, unset bool) error
	// Internal reports whether the request is an internal redirect or a
	// subrequest.
	Internal() bool
}

// ResponseHeader is the header of a response being built, with nginx's
// special cases (Content-Type, Content-Length, Location ...) kept by the
// engine.
type ResponseHeader interface {
	// Get returns the values of the header name (case-insensitive).
	Get(name string) []string
	// Set replaces the values of name; no values removes it.
	Set(name string, values []string)
	// Names returns the header names in the order they will be sent.
	Names() []string
}

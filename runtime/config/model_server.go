package config

import "time"

// Server is a server block.
type Server struct {
	Block
	HTTP *HTTP
	// Listens are the server's listen directives; a server without any
	// gets nginx's implicit "*:80" (or "*:8000" when not run as root).
	Listens []*Listen
	// Names are the server_name entries in order; Names[0].Name is the
	// primary name ($server_name). A server without server_name has the
	// single name "".
	Names []ServerName
	// Location holds the server-level settings: what a request uses when
	// no location matches, and what locations inherit. Its Script is nil:
	// the server-level statements are Script, run in the server rewrite
	// phase, and nginx skips the location rewrite phase for requests that
	// matched no location.
	Location *Location
	// Locations are the top-level locations in configuration order.
	Locations []*Location
	// Script is the server-level rewrite-module statements, run in the
	// server rewrite phase.
	Script *Script

	// ServerRewriteByLua is server_rewrite_by_lua* (inherited from http).
	ServerRewriteByLua *LuaHandler
	// The ssl_*_by_lua* handlers (inherited from http where allowed).
	SSLClientHelloByLua  *LuaHandler
	SSLCertificateByLua  *LuaHandler
	SSLSessionStoreByLua *LuaHandler
	SSLSessionFetchByLua *LuaHandler

	// ClientHeaderBufferSize is client_header_buffer_size (1k).
	ClientHeaderBufferSize int64
	// LargeClientHeaderBuffers is large_client_header_buffers (4 8k).
	LargeClientHeaderBuffers LargeBuffers
	// ClientHeaderTimeout is client_header_timeout (60s).
	ClientHeaderTimeout time.Duration
	// MergeSlashes is merge_slashes (on).
	MergeSlashes bool
	// UnderscoresInHeaders is underscores_in_headers (off).
	UnderscoresInHeaders bool
	// IgnoreInvalidHeaders is ignore_invalid_headers (on).
	IgnoreInvalidHeaders bool

	File string
	Line int

	index *locationIndex
}

// Listen is one listen directive (or the implicit one).
type Listen struct {
	// Addr is the address as nginx prints it: "127.0.0.1:8080",
	// "0.0.0.0:80", "[::]:80", "unix:/path".
	Addr string
	// Network is "tcp" or "unix".
	Network string
	// Host is the IP address ("0.0.0.0" and "::" for the wildcards) or
	// the socket path.
	Host string
	Port int
	// Wildcard is set for "*:port", "port" and "[::]:port".
	Wildcard      bool
	DefaultServer bool
	SSL           bool
	HTTP2         bool
	ProxyProtocol bool
	ReusePort     bool
	Deferred      bool
	Bind          bool
	// IPv6Only is ipv6only (on by default).
	IPv6Only bool
	// Backlog is backlog= (511 by default).
	Backlog int
	// Rcvbuf and Sndbuf are rcvbuf= and sndbuf=, -1 when not given.
	Rcvbuf int64
	Sndbuf int64
	// SoKeepalive is so_keepalive= as written, empty when not given.
	SoKeepalive string
	// FastOpen is fastopen=, -1 when not given.
	FastOpen int
	// Implicit marks the listen nginx adds to a server without one.
	Implicit bool
	File     string
	Line     int
}

// ServerNameKind classifies a server name.
type ServerNameKind int

// The server name kinds, in the order nginx tries them.
const (
	// NameExact is a plain name, compared case-insensitively.
	NameExact ServerNameKind = iota
	// NameLeadingWildcard is "*.example.com", or ".example.com" (which
	// also matches "example.com" exactly).
	NameLeadingWildcard
	// NameTrailingWildcard is "www.example.*".
	NameTrailingWildcard
	// NameRegex is "~pattern".
	NameRegex
)

// ServerName is one server_name entry.
type ServerName struct {
	// Name is the entry as written, lower-cased unless it is a regex.
	Name string
	Kind ServerNameKind
	// Regex is the compiled pattern of a NameRegex entry.
	Regex Regex
}

// LocationKind is the kind of a location block.
type LocationKind int

// The location kinds.
const (
	// LocPrefix is "location /uri".
	LocPrefix LocationKind = iota
	// LocPrefixNoRegex is "location ^~ /uri": when it is the longest
	// prefix match, regex locations are not checked.
	LocPrefixNoRegex
	// LocExact is "location = /uri".
	LocExact
	// LocRegex is "location ~ pattern".
	LocRegex
	// LocRegexCaseless is "location ~* pattern".
	LocRegexCaseless
	// LocNamed is "location @name".
	LocNamed
	// LocIf is the pseudo location of an if block inside a location.
	LocIf
	// LocLimitExcept is the pseudo location of a limit_except block.
	LocLimitExcept
	// LocServer holds a server's own settings.
	LocServer
	// LocHTTP holds the http block's settings.
	LocHTTP
)

// String returns the kind's modifier as written in a location directive,
// or a description for the pseudo locations.
func (k LocationKind) String() string {
	switch k {
	case LocPrefix:
		return ""
	case LocPrefixNoRegex:
		return "^~"
	case LocExact:
		return "="
	case LocRegex:
		return "~"
	case LocRegexCaseless:
		return "~*"
	case LocNamed:
		return "@"
	case LocIf:
		return "if"
	case LocLimitExcept:
		return "limit_except"
	case LocServer:
		return "server"
	case LocHTTP:
		return "http"
	}
	return "?"
}

package config

import "time"

// Location is a location block, or one of the pseudo locations nginx
// creates for an if block, a limit_except block, a server's own settings
// and the http block's settings. Every setting below is resolved by
// nginx's merge rules: set in this block, or else inherited from Parent.
type Location struct {
	Block
	Kind LocationKind
	// Name is the URI, the pattern, or "@name" for a named location;
	// pseudo locations have the name of the location they are in.
	Name string
	// Regex is the compiled pattern of regex locations.
	Regex Regex
	// Condition is the condition of an if block.
	Condition *Condition
	// Parent is the block settings are inherited from: the enclosing
	// location, or the server's or http block's pseudo location.
	Parent *Location
	Server *Server
	// Locations are the nested locations in configuration order.
	Locations []*Location
	// Script is the location's rewrite-module statements, run in the
	// rewrite phase; if blocks' statements are part of it. It is nil
	// for if blocks themselves.
	Script *Script
	// LimitExcept is the limit_except block's pseudo location, nil when
	// there is none; on it, Methods lists the methods it allows.
	LimitExcept *Location
	Methods     []string
	File        string
	Line        int

	// Internal is "internal": only internal requests may use the
	// location. It is not inherited.
	Internal bool
	// Root is the root or alias path (alias when Alias), rebased on the
	// prefix when it does not start with a variable; nil means nginx's
	// default "html".
	Root  *ComplexValue
	Alias bool
	// Index is the index file list ("index.html").
	Index []*ComplexValue
	// DefaultType is default_type ("text/plain").
	DefaultType string
	// Types maps lower-case extensions to MIME types (nginx's built-in
	// html, gif and jpg when no types block applies).
	Types map[string]string

	ClientMaxBodySize        int64
	ClientBodyBufferSize     int64
	ClientBodyTimeout        time.Duration
	ClientBodyInFileOnly     string // "off", "on" or "clean"
	ClientBodyInSingleBuffer bool
	// ClientBodyTempPath is the temp directory, rebased on the prefix
	// ("client_body_temp").
	ClientBodyTempPath string
	SendTimeout        time.Duration
	// KeepaliveTimeout is keepalive_timeout's first value (75s); 0
	// disables keep-alive.
	KeepaliveTimeout time.Duration
	// KeepaliveHeader is keepalive_timeout's second value, sent as
	// "Keep-Alive: timeout=N"; 0 when not given (no header).
	KeepaliveHeader   time.Duration
	KeepaliveRequests int
	KeepaliveTime     time.Duration
	// LingeringClose is "off", "on" or "always".
	LingeringClose          string
	LingeringTime           time.Duration
	LingeringTimeout        time.Duration
	ResetTimedoutConnection bool
	// ServerTokens is "on", "off" or "build".
	ServerTokens            string
	ChunkedTransferEncoding bool
	LogSubrequest           bool
	AbsoluteRedirect        bool
	ServerNameInRedirect    bool
	PortInRedirect          bool
	MsiePadding             bool
	MsieRefresh             bool
	Sendfile                bool
	TCPNodelay              bool
	TCPNopush               bool
	Etag                    bool
	// IfModifiedSince is "off", "exact" or "before".
	IfModifiedSince string
	// LimitRate is limit_rate in bytes per second, 0 for none.
	LimitRate int64
	// Resolver is the resolver in effect, nil when none is configured.
	Resolver        *Resolver
	ResolverTimeout time.Duration
	// ErrorPages are the error_page entries in effect.
	ErrorPages          []ErrorPage
	RecursiveErrorPages bool
	// AddHeaders are the add_header entries in effect.
	AddHeaders []Header
	// AccessLogs are the access logs in effect; AccessLogOff is set by
	// "access_log off".
	AccessLogs   []AccessLog
	AccessLogOff bool
	// ErrorLogs are the error logs in effect; empty means the main
	// level's.
	ErrorLogs []ErrorLog
	// RewriteLog is rewrite_log.
	RewriteLog bool
	// UninitializedVariableWarn is uninitialized_variable_warn (on).
	UninitializedVariableWarn bool

	// Lua is the ngx_lua settings in effect.
	Lua LuaLocation

	// ownTypes is the block's own types { } map, nil when it has none.
	ownTypes map[string]string
	// index is the search index of the nested locations.
	index *locationIndex
}

// LuaLocation is the per-location ngx_lua settings.
type LuaLocation struct {
	// The phase handlers in effect. Rewrite, access, header filter,
	// body filter and log handlers are inherited by nested locations;
	// the content handler is not (an if block keeps its location's).
	Rewrite      *LuaHandler
	Access       *LuaHandler
	Content      *LuaHandler
	HeaderFilter *LuaHandler
	BodyFilter   *LuaHandler
	Log          *LuaHandler

	CodeCache                             bool
	NeedRequestBody                       bool
	CheckClientAbort                      bool
	UseDefaultType                        bool
	HTTP10Buffering                       bool
	TransformUnderscoresInResponseHeaders bool
	SocketLogErrors                       bool
	SocketConnectTimeout                  time.Duration
	SocketSendTimeout                     time.Duration
	SocketReadTimeout                     time.Duration
	SocketKeepaliveTimeout                time.Duration
	SocketBufferSize                      int64
	SocketPoolSize                        int
	SocketSendLowat                       int64

	// The lua_ssl_* settings: protocols as written, ciphers ("DEFAULT"),
	// verify depth (1), trusted certificate and CRL paths, and the
	// conf commands as name/value pairs.
	SSLProtocols          []string
	SSLCiphers            string
	SSLVerifyDepth        int
	SSLTrustedCertificate string
	SSLCRL                string
	SSLConfCommands       [][2]string
}

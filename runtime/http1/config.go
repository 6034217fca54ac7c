package http1

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// LingeringMode is the value of nginx's lingering_close directive.
type LingeringMode uint8

// Lingering close modes, as nginx's lingering_close off|on|always.
const (
	LingeringOn LingeringMode = iota
	LingeringOff
	LingeringAlways
)

// DefaultProduct is the product string written in the Server header and at
// the foot of error pages unless Config.Product says otherwise.
const DefaultProduct = "gresty/0.1"

// Config holds the nginx directives that govern the HTTP/1.x front. Start
// from DefaultConfig: the zero value is not nginx's default (a zero timeout,
// for example, means "expire at once" as in nginx).
type Config struct {
	// ClientHeaderTimeout is client_header_timeout: the time allowed for the
	// whole request header (and for the first byte on a new connection).
	ClientHeaderTimeout time.Duration
	// ClientBodyTimeout is client_body_timeout: the time allowed between two
	// successive reads of the request body.
	ClientBodyTimeout time.Duration
	// SendTimeout is send_timeout: the time allowed between two successive
	// writes of the response.
	SendTimeout time.Duration
	// KeepaliveTimeout is keepalive_timeout's first parameter; 0 disables
	// keep-alive connections.
	KeepaliveTimeout time.Duration
	// KeepaliveHeader is keepalive_timeout's second parameter: when not 0, a
	// "Keep-Alive: timeout=N" header is sent.
	KeepaliveHeader time.Duration
	// KeepaliveRequests is keepalive_requests: the response to the request
	// with this number on a connection carries "Connection: close".
	KeepaliveRequests int
	// KeepaliveTime is keepalive_time: no request starting later than this
	// after the connection was accepted is kept alive.
	KeepaliveTime time.Duration
	// KeepaliveDisableMSIE6 and KeepaliveDisableSafari are keepalive_disable
	// msie6 (nginx's default) and safari.
	KeepaliveDisableMSIE6  bool
	KeepaliveDisableSafari bool

	// ClientHeaderBufferSize is client_header_buffer_size.
	ClientHeaderBufferSize int
	// LargeClientHeaderBuffers and LargeClientHeaderBufferSize are the two
	// parameters of large_client_header_buffers (number and size).
	LargeClientHeaderBuffers    int
	LargeClientHeaderBufferSize int

	// ClientMaxBodySize is client_max_body_size; 0 disables the check.
	ClientMaxBodySize int64
	// ClientBodyBufferSize is client_body_buffer_size: a request body larger
	// than this is written to a temporary file by ReadBody.
	ClientBodyBufferSize int
	// ClientBodyTempPath is client_body_temp_path (one level, no hashing).
	ClientBodyTempPath string

	// LingeringClose, LingeringTime and LingeringTimeout are the directives
	// of the same names.
	LingeringClose   LingeringMode
	LingeringTime    time.Duration
	LingeringTimeout time.Duration
	// ResetTimedoutConnection is reset_timedout_connection: a timed out
	// connection is closed with a TCP reset.
	ResetTimedoutConnection bool

	// MergeSlashes is merge_slashes.
	MergeSlashes bool
	// UnderscoresInHeaders is underscores_in_headers.
	UnderscoresInHeaders bool
	// IgnoreInvalidHeaders is ignore_invalid_headers.
	IgnoreInvalidHeaders bool

	// ServerTokens is server_tokens on|off: with it on, the Server header and
	// error pages carry Product; with it off, only the product name.
	ServerTokens bool
	// Product is "name/version", for example "nginx/1.22.1" or "gresty/0.1".
	Product string
	// MSIEPadding is msie_padding; MSIERefresh is msie_refresh.
	MSIEPadding bool
	MSIERefresh bool
	// ChunkedTransferEncoding is chunked_transfer_encoding.
	ChunkedTransferEncoding bool
}

// DefaultConfig returns nginx 1.22's defaults for every directive in Config
// (client_body_buffer_size is 8k, two pages, as on x86-64), with gresty's own product
// string.
func DefaultConfig() Config {
	return Config{
		ClientHeaderTimeout:         60 * time.Second,
		ClientBodyTimeout:           60 * time.Second,
		SendTimeout:                 60 * time.Second,
		KeepaliveTimeout:            75 * time.Second,
		KeepaliveRequests:           1000,
		KeepaliveTime:               time.Hour,
		KeepaliveDisableMSIE6:       true,
		ClientHeaderBufferSize:      1024,
		LargeClientHeaderBuffers:    4,
		LargeClientHeaderBufferSize: 8192,
		ClientMaxBodySize:           1 << 20,
		ClientBodyBufferSize:        8 << 10,
		ClientBodyTempPath:          os.TempDir(),
		LingeringClose:              LingeringOn,
		LingeringTime:               30 * time.Second,
		LingeringTimeout:            5 * time.Second,
		MergeSlashes:                true,
		IgnoreInvalidHeaders:        true,
		ServerTokens:                true,
		Product:                     DefaultProduct,
		MSIEPadding:                 true,
		ChunkedTransferEncoding:     true,
	}
}

// validate reports a configuration the front cannot work with.
func (c *Config) validate() error {
	switch {
	case c.ClientHeaderBufferSize <= 0:
		return fmt.Errorf("http1: client_header_buffer_size must be positive, got %d", c.ClientHeaderBufferSize)
	case c.LargeClientHeaderBuffers <= 0 || c.LargeClientHeaderBufferSize <= 0:
		return fmt.Errorf("http1: large_client_header_buffers must be positive, got %d %d",
			c.LargeClientHeaderBuffers, c.LargeClientHeaderBufferSize)
	case c.ClientBodyBufferSize <= 0:
		return fmt.Errorf("http1: client_body_buffer_size must be positive, got %d", c.ClientBodyBufferSize)
	}
	return nil
}

// serverTag is what follows "Server: " and what the error page footer shows.
func (c *Config) serverTag() string {
	if c.ServerTokens {
		return c.Product
	}
	name, _, _ := strings.Cut(c.Product, "/")
	return name
}

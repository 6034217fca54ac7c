package cosocket

import (
	"os"
	"time"
)

// Config is what a cosocket operation runs with: the lua_socket_*
// directives of the location in effect, the resolver and the lua_ssl_*
// settings.
type Config struct {
	// ConnectTimeout, SendTimeout and ReadTimeout are
	// lua_socket_connect_timeout, lua_socket_send_timeout and
	// lua_socket_read_timeout.
	ConnectTimeout, SendTimeout, ReadTimeout time.Duration
	// KeepaliveTimeout is lua_socket_keepalive_timeout, the idle time of a
	// pooled connection (0: unlimited).
	KeepaliveTimeout time.Duration
	// BufferSize is lua_socket_buffer_size: the most one read takes.
	BufferSize int
	// PoolSize is lua_socket_pool_size, the size of a pool created
	// without an explicit one.
	PoolSize int
	// LogErrors is lua_socket_log_errors.
	LogErrors bool
	// CheckClientAbort is lua_check_client_abort.
	CheckClientAbort bool
	// TCPNodelay is nginx's tcp_nodelay.
	TCPNodelay bool
	// Resolver is the resolver in effect, nil when none is configured.
	Resolver *ResolverConfig
	// SSL is the lua_ssl_* settings.
	SSL SSLConfig
	// LoopbackOnly refuses to connect to, or resolve names to, addresses
	// off loopback, and name servers off loopback (gresty's test mode).
	LoopbackOnly bool
}

// ResolverConfig is nginx's resolver and resolver_timeout.
type ResolverConfig struct {
	// Addresses are the name servers as written ("127.0.0.1",
	// "127.0.0.1:5353", "[::1]").
	Addresses []string
	// Timeout is resolver_timeout.
	Timeout time.Duration
	// Valid overrides the answers' TTL (valid=), 0 when not given.
	Valid time.Duration
	// IPv4 and IPv6 say which address families are looked up.
	IPv4, IPv6 bool
}

// SSLConfig is the lua_ssl_* settings.
type SSLConfig struct {
	// TrustedCertificate is lua_ssl_trusted_certificate (a PEM file).
	TrustedCertificate string
	// VerifyDepth is lua_ssl_verify_depth.
	VerifyDepth int
	// Protocols is lua_ssl_protocols ("TLSv1.2" ...); empty for nginx's
	// default.
	Protocols []string
	// CRL is lua_ssl_crl.
	CRL string
	// Ciphers is lua_ssl_ciphers, an OpenSSL cipher list ("DEFAULT").
	Ciphers string
}

// DefaultConfig returns ngx_lua's defaults: 60s timeouts, a 4k buffer,
// pools of 30 and errors logged.
func DefaultConfig() *Config {
	return &Config{
		ConnectTimeout:   60 * time.Second,
		SendTimeout:      60 * time.Second,
		ReadTimeout:      60 * time.Second,
		KeepaliveTimeout: 60 * time.Second,
		BufferSize:       4096,
		PoolSize:         30,
		LogErrors:        true,
		TCPNodelay:       true,
		SSL:              SSLConfig{VerifyDepth: 1},
	}
}

// testModeEnv is the environment variable that puts gresty in test mode.
const testModeEnv = "GRESTY_TEST_MODE"

// loopbackOnly reports whether destinations must stay on loopback.
func (c *Config) loopbackOnly() bool {
	return c.LoopbackOnly || os.Getenv(testModeEnv) != ""
}

// bufferSize is the read buffer size, never below one byte.
func (c *Config) bufferSize() int {
	if c.BufferSize < 1 {
		return 1
	}
	return c.BufferSize
}

// ms is a duration in whole milliseconds, as ngx_msec_t.
func ms(d time.Duration) int64 { return int64(d / time.Millisecond) }

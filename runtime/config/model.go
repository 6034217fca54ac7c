package config

import "time"

// Config is a loaded nginx.conf: the files read, the top-level settings and
// the http block, with every per-location setting resolved by nginx's
// inheritance rules.
type Config struct {
	// Prefix is the nginx prefix (-p), ending in "/": relative paths of
	// logs, pid and Lua files resolve against it.
	Prefix string
	// ConfPrefix is the directory of the main file, ending in "/":
	// relative include paths resolve against it.
	ConfPrefix string
	// File is the main configuration file's path.
	File string
	// Files are the files read, in the order nginx first opened them,
	// for Dump.
	Files []File
	Main  *Main
	// Events is the events block; nginx refuses a configuration without
	// one.
	Events *Events
	// HTTP is the http block, nil when there is none.
	HTTP *HTTP
	// Warnings are the non-fatal messages nginx would log while loading.
	Warnings []Diagnostic
}

// File is one configuration file as read.
type File struct {
	Name    string
	Content []byte
}

// Main is the top-level (core module) settings.
type Main struct {
	Block
	// WorkerProcesses is the number of workers (1 when not set).
	WorkerProcesses int
	// WorkerProcessesAuto is set by "worker_processes auto": the engine
	// resolves it to the number of CPUs it can use (GOMAXPROCS).
	WorkerProcessesAuto bool
	Daemon              bool
	MasterProcess       bool
	// PID is the pid file path, rebased on the prefix ("logs/nginx.pid"
	// by default).
	PID string
	// ErrorLogs are the main-level error_log directives, in order; empty
	// when none is configured (the engine then uses its default).
	ErrorLogs []ErrorLog
	// Env lists the env directives.
	Env []Env
	// LoadModules are the load_module paths, as written.
	LoadModules []string
	// WorkerRlimitNofile is worker_rlimit_nofile, 0 when not set.
	WorkerRlimitNofile int64
	// WorkerShutdownTimeout is worker_shutdown_timeout, 0 when not set.
	WorkerShutdownTimeout time.Duration
	// User is the user directive's arguments, nil when not set.
	User []string
	// WorkingDirectory is working_directory, empty when not set.
	WorkingDirectory string
	// PCREJIT is pcre_jit.
	PCREJIT bool
	// TimerResolution is timer_resolution, 0 when not set.
	TimerResolution time.Duration
}

// Env is one env directive: a variable kept from the environment (Name),
// or set (Name=Value).
type Env struct {
	Name     string
	Value    string
	HasValue bool
}

// ErrorLog is one error_log directive.
type ErrorLog struct {
	// Target is the log's target as written: a file path, "stderr",
	// "syslog:..." or "memory:size".
	Target string
	// Path is Target rebased on the prefix when it is a file.
	Path string
	// Level is the minimum level logged ("error" by default).
	Level Level
	// Debug lists debug_* selectors (debug_http...) given with the level.
	Debug []string
	File  string
	Line  int
}

// Events is the events block.
type Events struct {
	Block
	// WorkerConnections is worker_connections (512 by default).
	WorkerConnections int
	// Use is the use directive, empty when not set.
	Use string
	// MultiAccept is multi_accept.
	MultiAccept bool
	// AcceptMutex is accept_mutex.
	AcceptMutex bool
}

// HTTP is the http block.
type HTTP struct {
	Block
	// Servers are the server blocks in order.
	Servers []*Server
	// Upstreams are the upstream blocks in order.
	Upstreams []*Upstream
	// SharedDicts are the lua_shared_dict zones in order.
	SharedDicts []SharedDict
	// LogFormats are the log formats by name, with nginx's predefined
	// "combined".
	LogFormats map[string]*LogFormat
	// Lua is the http-level ngx_lua settings.
	Lua LuaMain
	// InitByLua, InitWorkerByLua and ExitWorkerByLua are the process
	// level Lua handlers, nil when not configured.
	InitByLua       *LuaHandler
	InitWorkerByLua *LuaHandler
	ExitWorkerByLua *LuaHandler
	// Location holds the http-level values of per-location settings
	// (what a server inherits).
	Location *Location

	addrs []*listenGroup
	// declared are the variables declared by set, set_by_lua and named
	// captures: the ones ngx.var may assign.
	declared map[string]bool
}

// Declared reports whether the configuration declares the variable name
// (lower case, without "$"), which makes it assignable from ngx.var.
func (h *HTTP) Declared(name string) bool { return h.declared[name] }

// LuaMain is the ngx_lua settings of the http block.
type LuaMain struct {
	// PackagePath and PackageCPath are lua_package_path and
	// lua_package_cpath as written (";;" and $prefix are for the engine
	// to expand); empty when not set.
	PackagePath  string
	PackageCPath string
	// MaxPendingTimers is lua_max_pending_timers (1024).
	MaxPendingTimers int
	// MaxRunningTimers is lua_max_running_timers (256).
	MaxRunningTimers int
	// RegexCacheMaxEntries is lua_regex_cache_max_entries (1024).
	RegexCacheMaxEntries int
	// RegexMatchLimit is lua_regex_match_limit (0: PCRE's default).
	RegexMatchLimit int
	// CaptureErrorLog is the lua_capture_error_log buffer size, 0 when
	// off.
	CaptureErrorLog int64
	// SARestart is lua_sa_restart (on).
	SARestart bool
	// MallocTrim is lua_malloc_trim's request count (1000; 0 disables).
	MallocTrim int
	// WorkerThreadVMPoolSize is lua_worker_thread_vm_pool_size (100).
	WorkerThreadVMPoolSize int
	// ThreadCacheMaxEntries is lua_thread_cache_max_entries (1024).
	ThreadCacheMaxEntries int
	// RewriteNoPostpone and AccessNoPostpone are
	// rewrite_by_lua_no_postpone and access_by_lua_no_postpone.
	RewriteNoPostpone bool
	AccessNoPostpone  bool
	// Requires is what ngx_lua installs for this configuration.
	Requires LuaRequires
}

// SharedDict is one lua_shared_dict zone.
type SharedDict struct {
	Name string
	// Size is the zone size in bytes.
	Size int64
	File string
	Line int
}

// LogFormat is one log_format: its escaping and the text parts of its
// format, concatenated as nginx does.
type LogFormat struct {
	Name string
	// Escape is "default", "json" or "none".
	Escape string
	// Format is the format string (the parts joined).
	Format *ComplexValue
}

// AccessLog is one access_log directive.
type AccessLog struct {
	// Path is the log path as written (it may contain variables),
	// "syslog:..." or a path rebased on the prefix.
	Path string
	// Format is the log format name ("combined" by default).
	Format string
	// Params are the optional parameters (buffer=, gzip, flush=, if=).
	Params []string
	File   string
	Line   int
}

// Upstream is an upstream block (kept for the engine; gresty does not
// proxy).
type Upstream struct {
	Block
	Name string
	// BalancerByLua is the balancer_by_lua* handler, nil when not set.
	BalancerByLua *LuaHandler
	File          string
	Line          int
}

// Resolver is a resolver directive.
type Resolver struct {
	// Addresses are the name servers as written ("127.0.0.1",
	// "[::1]:5353").
	Addresses []string
	// Valid overrides the answers' TTL (valid=), 0 when not given.
	Valid time.Duration
	// IPv6 is false when "ipv6=off" is given.
	IPv6 bool
	// IPv4 is false when "ipv4=off" is given.
	IPv4 bool
}

// Header is one add_header directive.
type Header struct {
	Name  string
	Value *ComplexValue
	// Always adds the header to every response code, not only to
	// 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308.
	Always bool
}

// ErrorPage is one status of an error_page directive.
type ErrorPage struct {
	Status int
	// Overwrite is the "=code" response status: -1 when absent, 0 for
	// a bare "=" (the status of the target's response).
	Overwrite int
	// URI is the target: a URI, a named location (@name) or a URL.
	URI *ComplexValue
}

// LargeBuffers is large_client_header_buffers.
type LargeBuffers struct {
	Num  int
	Size int64
}

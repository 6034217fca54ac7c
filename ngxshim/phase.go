package ngxshim

// Phase is an ngx_lua execution context, as ngx.get_phase names it. Phases are
// bits so that an API's availability is one mask test.
type Phase uint32

// The ngx_lua phases (ngx_http_lua_util.h's NGX_HTTP_LUA_CONTEXT_*).
const (
	PhaseSet Phase = 1 << iota
	PhaseRewrite
	PhaseServerRewrite
	PhaseAccess
	PhaseContent
	PhaseLog
	PhaseHeaderFilter
	PhaseBodyFilter
	PhaseTimer
	PhaseInitWorker
	PhaseBalancer
	PhaseSSLCert
	PhaseSSLSessStore
	PhaseSSLSessFetch
	PhaseExitWorker
	PhaseSSLClientHello
	PhaseInit
)

var phaseNames = map[Phase]string{
	PhaseSet:            "set",
	PhaseRewrite:        "rewrite",
	PhaseServerRewrite:  "server_rewrite",
	PhaseAccess:         "access",
	PhaseContent:        "content",
	PhaseLog:            "log",
	PhaseHeaderFilter:   "header_filter",
	PhaseBodyFilter:     "body_filter",
	PhaseTimer:          "timer",
	PhaseInitWorker:     "init_worker",
	PhaseBalancer:       "balancer",
	PhaseSSLCert:        "ssl_cert",
	PhaseSSLSessStore:   "ssl_session_store",
	PhaseSSLSessFetch:   "ssl_session_fetch",
	PhaseExitWorker:     "exit_worker",
	PhaseSSLClientHello: "ssl_client_hello",
	PhaseInit:           "init",
}

// rawPhases are ngx_lua's NGX_HTTP_LUA_CONTEXT_* numbers.
var rawPhases = map[Phase]int{
	PhaseSet: 0x0001, PhaseRewrite: 0x0002, PhaseAccess: 0x0004, PhaseContent: 0x0008,
	PhaseLog: 0x0010, PhaseHeaderFilter: 0x0020, PhaseBodyFilter: 0x0040, PhaseTimer: 0x0080,
	PhaseInitWorker: 0x0100, PhaseBalancer: 0x0200, PhaseSSLCert: 0x0400, PhaseSSLSessStore: 0x0800,
	PhaseSSLSessFetch: 0x1000, PhaseExitWorker: 0x2000, PhaseSSLClientHello: 0x4000, PhaseServerRewrite: 0x8000,
}

// Raw returns ngx_lua's context number of the phase (ngx.get_raw_phase), 0
// for init, which has no request context.
func (p Phase) Raw() int { return rawPhases[p] }

// String returns the name ngx.get_phase gives the phase.
func (p Phase) String() string {
	if s, ok := phaseNames[p]; ok {
		return s
	}
	return "(unknown)"
}

// Masks of the phases where groups of APIs are available, as ngx_lua checks
// them with ngx_http_lua_check_context.
const (
	// PhasesYieldable are the phases where a Lua thread may block (cosockets, ngx.sleep, ngx.thread).
	PhasesYieldable = PhaseRewrite | PhaseServerRewrite | PhaseAccess | PhaseContent | PhaseTimer | PhaseSSLCert | PhaseSSLSessFetch | PhaseSSLClientHello
	// PhasesOutput are the phases where ngx.say/print/flush/eof may write the response body.
	PhasesOutput = PhaseRewrite | PhaseServerRewrite | PhaseAccess | PhaseContent
	// PhasesExit are the phases where ngx.exit is allowed.
	PhasesExit = PhaseRewrite | PhaseServerRewrite | PhaseAccess | PhaseContent | PhaseTimer | PhaseHeaderFilter | PhaseBalancer | PhaseSSLCert | PhaseSSLSessStore | PhaseSSLSessFetch | PhaseSSLClientHello | PhaseInitWorker
	// PhasesRequest are the phases that run for a request (ngx.var, ngx.req, ngx.ctx ...).
	PhasesRequest = PhaseSet | PhaseRewrite | PhaseServerRewrite | PhaseAccess | PhaseContent | PhaseLog | PhaseHeaderFilter | PhaseBodyFilter | PhaseBalancer
)

// Log levels, as ngx.STDERR .. ngx.DEBUG.
const (
	LogStderr = iota
	LogEmerg
	LogAlert
	LogCrit
	LogErr
	LogWarn
	LogNotice
	LogInfo
	LogDebug
)

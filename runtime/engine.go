package runtime

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gresty/ngxshim"
	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// Options are the command line's say in how the engine runs (nginx's -p,
// -c, -g, -e).
type Options struct {
	// Prefix is the nginx prefix; relative paths resolve against it.
	Prefix string
	// ConfFile is the configuration file (relative to Prefix).
	ConfFile string
	// Globals are the -g directives.
	Globals string
	// ErrorLog is the -e error log ("stderr" or a path); empty for the
	// configuration's or the default logs/error.log.
	ErrorLog string
	// Product names the server in the Server header and error pages
	// ("gresty/0.1.0", or "nginx/1.22.1" to read as the reference).
	Product string
	// LoopbackOnly makes cosockets and the resolver refuse non-loopback
	// destinations (test mode).
	LoopbackOnly bool
	// previous is the engine a reload replaces: shared dicts of the same
	// name and size keep their contents, as nginx's zones do.
	previous *Engine
	// allEnv lets workers see the whole environment, as resty's generated
	// configuration names every variable in env directives.
	allEnv bool
}

// Engine serves one loaded configuration: its worker VMs, its listeners and
// its HTTP fronts.
type Engine struct {
	opts    Options
	sockets *socketSet
	cfg     *config.Config
	log     *ErrorLog
	workers []*Worker
	fronts  []*front
	protos  *protoCache
	dicts   *ngxshim.SharedDicts

	access accessLogs
	// locConfs caches the front's configuration per location.
	locConfs sync.Map // *config.Location -> *http1.Config

	mu      sync.Mutex
	next    uint64 // round-robin counter for handing connections to workers
	closing bool
	// trimCount counts requests for lua_malloc_trim.
	trimCount atomic.Int64
}

// front is one listening address with its HTTP/1.x server.
type front struct {
	addr   string
	l      *handoff
	server *http1.Server
	def    *config.Server
}

// LoadConfig loads and checks the configuration, as nginx -t does.
func LoadConfig(opts Options) (*config.Config, error) {
	return config.LoadWith(opts.confPath(), config.Options{
		Prefix:     opts.Prefix,
		Globals:    opts.Globals,
		Directives: engineDirectives,
		Variables:  engineVariables(),
	})
}

// engineVariables are the variables of the modules gresty builds in (the
// echo module's), which the configuration may use.
func engineVariables() []string {
	names := make([]string, 0, len(echoVars))
	for name := range echoVars {
		names = append(names, name)
	}
	return names
}

func (o Options) confPath() string {
	if filepath.IsAbs(o.ConfFile) {
		return o.ConfFile
	}
	return filepath.Join(o.Prefix, o.ConfFile)
}

// engineDirectives are gresty's own directives.
var engineDirectives = []config.DirectiveSpec{
	// lua_request_globals on gives each request its own global table.
	{Name: "lua_request_globals", Module: "gresty", Contexts: config.CtxHTTP, Args: config.ArgsFlag, Value: config.ValueFlag},
	// gresty_identity nginx makes the Server header and error pages read
	// as the reference's (nginx/1.22.1), for suites that match them.
	{Name: "gresty_identity", Module: "gresty", Contexts: config.CtxHTTP, Args: config.Args1},
}

// NewEngine loads the configuration and prepares the worker VMs and
// listeners; Serve starts serving.
func NewEngine(opts Options) (*Engine, error) {
	return newEngine(opts, newSocketSet())
}

func newEngine(opts Options, sockets *socketSet) (*Engine, error) {
	cfg, err := LoadConfig(opts)
	if err != nil {
		return nil, err
	}
	e := &Engine{opts: opts, cfg: cfg, protos: newProtoCache(), sockets: sockets}
	if err := e.openLogs(); err != nil {
		return nil, err
	}
	if cfg.HTTP != nil && cfg.HTTP.Lua.CaptureErrorLog > 0 {
		e.log.Capture(int(cfg.HTTP.Lua.CaptureErrorLog))
	}
	for _, d := range cfg.Warnings {
		e.log.Write(int(d.Level), d.String(), LogContext{})
	}
	e.dicts = ngxshim.NewSharedDicts()
	if cfg.HTTP != nil {
		for _, d := range cfg.HTTP.SharedDicts {
			if err := e.dicts.Add(d.Name, d.Size); err != nil {
				e.log.Write(ngxshim.LogCrit, err.Error(), LogContext{})
				e.log.Close()
				return nil, err
			}
		}
	}
	if opts.previous != nil {
		e.dicts.KeepFrom(opts.previous.dicts)
	}
	if err := e.startWorkers(); err != nil {
		e.log.Close()
		return nil, err
	}
	if err := e.listen(); err != nil {
		e.stopWorkers()
		e.log.Close()
		return nil, err
	}
	for _, w := range e.workers {
		e.initWorker(w)
	}
	return e, nil
}

// ErrorLog is the engine's error log.
func (e *Engine) ErrorLog() *ErrorLog { return e.log }

// openLogs opens the main error_log targets (or -e, or logs/error.log).
func (e *Engine) openLogs() error {
	e.log = NewErrorLog()
	var targets []config.ErrorLog
	if e.cfg.Main != nil {
		targets = e.cfg.Main.ErrorLogs
	}
	if e.opts.ErrorLog != "" {
		p := e.opts.ErrorLog
		if p != "stderr" && !filepath.IsAbs(p) {
			p = filepath.Join(e.cfg.Prefix, p)
		}
		targets = append([]config.ErrorLog{{Target: e.opts.ErrorLog, Path: p, Level: config.LevelError}}, targets...)
	}
	hasFile := false
	for _, t := range targets {
		hasFile = hasFile || !strings.HasPrefix(t.Target, "syslog:") && !strings.HasPrefix(t.Target, "memory:")
	}
	if !hasFile {
		// nginx always has a file log: with only syslog or memory ones
		// configured, the default file is added at level error.
		targets = append(targets, config.ErrorLog{Target: "logs/error.log", Path: filepath.Join(e.cfg.Prefix, "logs/error.log"), Level: config.LevelError})
	}
	for _, t := range targets {
		level := int(t.Level)
		switch {
		case t.Target == "stderr":
			e.log.AddWriter(os.Stderr, level)
		case strings.HasPrefix(t.Target, "syslog:"):
			if err := e.log.AddSyslog(t.Target, level); err != nil {
				return fmt.Errorf("%s: %v", t.Target, err)
			}
		case strings.HasPrefix(t.Target, "memory:"):
			// Not supported: nginx's memory target is accepted and dropped.
		default:
			if err := e.log.AddFile(t.Path, level); err != nil {
				return fmt.Errorf("open() \"%s\" failed (%s)", t.Path, errnoText(err))
			}
		}
	}
	return nil
}

// workerCount is worker_processes, with auto as GOMAXPROCS.
func (e *Engine) workerCount() int {
	m := e.cfg.Main
	if m == nil {
		return 1
	}
	if m.WorkerProcessesAuto {
		return goruntime.GOMAXPROCS(0)
	}
	if m.WorkerProcesses < 1 {
		return 1
	}
	return m.WorkerProcesses
}

// startWorkers creates the worker VMs and runs init_by_lua and
// init_worker_by_lua in each.
func (e *Engine) startWorkers() error {
	n := e.workerCount()
	for i := 0; i < n; i++ {
		w, err := e.newWorker(i, n)
		if err != nil {
			e.stopWorkers()
			return err
		}
		e.workers = append(e.workers, w)
	}
	return nil
}

func (e *Engine) stopWorkers() {
	for _, w := range e.workers {
		w.Close()
	}
}

// listen opens every listening address of the http block.
func (e *Engine) listen() error {
	if e.cfg.HTTP == nil {
		return nil
	}
	for _, a := range e.cfg.HTTP.Addresses() {
		def := e.cfg.HTTP.DefaultServer(a.Addr)
		l, err := e.sockets.listen(a.Addr)
		if err != nil {
			return fmt.Errorf("bind() to %s failed (%s)", a.Addr, errnoText(err))
		}
		f := &front{addr: a.Addr, l: l, def: def}
		if a.SSL {
			if l.tls, err = e.newServerTLS(a.Addr, def); err != nil {
				return err
			}
		}
		srv, err := http1.NewServer(e.frontConfig(def), &connHandler{e: e, f: f})
		if err != nil {
			return err
		}
		srv.ErrorLog = func(le *http1.LogEntry) { e.logFront(f, le) }
		f.server = srv
		e.fronts = append(e.fronts, f)
	}
	for _, f := range e.fronts {
		f.l.activate()
	}
	return nil
}

// Serve serves until Shutdown or Close; it returns when every front has
// stopped.
func (e *Engine) Serve() error {
	var wg sync.WaitGroup
	errs := make(chan error, len(e.fronts))
	for _, f := range e.fronts {
		wg.Add(1)
		go func(f *front) {
			defer wg.Done()
			if err := f.server.Serve(f.l); err != nil && !errors.Is(err, http1.ErrServerClosed) {
				errs <- err
			}
		}(f)
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// Shutdown stops accepting, lets in-flight requests finish and closes idle
// connections (nginx's QUIT), then ends the workers: pending timers run with
// premature set.
func (e *Engine) Shutdown(ctx context.Context) error {
	var firstErr error
	for _, f := range e.fronts {
		if err := f.server.Shutdown(ctx); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	done := make(chan struct{})
	go func() { e.stopWorkers(); e.access.close(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return firstErr
}

// Close stops at once (nginx's TERM).
func (e *Engine) Close() {
	for _, f := range e.fronts {
		f.server.Close()
	}
	e.access.close()
}

// Addrs returns the listening addresses (for tests and the pid line).
func (e *Engine) Addrs() []net.Addr {
	var out []net.Addr
	for _, f := range e.fronts {
		out = append(out, f.l.Addr())
	}
	return out
}

// pickWorker hands a new connection to a worker VM, round robin.
func (e *Engine) pickWorker() *Worker {
	if len(e.workers) == 1 {
		return e.workers[0]
	}
	e.mu.Lock()
	e.next++
	n := e.next
	e.mu.Unlock()
	return e.workers[n%uint64(len(e.workers))]
}

// frontConfig turns a default server's settings into the front's.
func (e *Engine) frontConfig(s *config.Server) http1.Config {
	hc := http1.DefaultConfig()
	hc.Product = e.product()
	if s == nil {
		return hc
	}
	if s.ClientHeaderBufferSize > 0 {
		hc.ClientHeaderBufferSize = int(s.ClientHeaderBufferSize)
	}
	if s.LargeClientHeaderBuffers.Num > 0 {
		hc.LargeClientHeaderBuffers = s.LargeClientHeaderBuffers.Num
		hc.LargeClientHeaderBufferSize = int(s.LargeClientHeaderBuffers.Size)
	}
	if s.ClientHeaderTimeout > 0 {
		hc.ClientHeaderTimeout = s.ClientHeaderTimeout
	}
	hc.MergeSlashes = s.MergeSlashes
	hc.UnderscoresInHeaders = s.UnderscoresInHeaders
	hc.IgnoreInvalidHeaders = s.IgnoreInvalidHeaders
	if loc := s.Location; loc != nil {
		applyLocationConfig(&hc, loc)
	}
	return hc
}

// applyLocationConfig sets the front's per-request settings from a
// location (nginx applies the location's core settings once it is found).
func applyLocationConfig(hc *http1.Config, loc *config.Location) {
	hc.ClientMaxBodySize = loc.ClientMaxBodySize
	if loc.ClientBodyBufferSize > 0 {
		hc.ClientBodyBufferSize = int(loc.ClientBodyBufferSize)
	}
	if loc.ClientBodyTimeout > 0 {
		hc.ClientBodyTimeout = loc.ClientBodyTimeout
	}
	if loc.ClientBodyTempPath != "" {
		hc.ClientBodyTempPath = loc.ClientBodyTempPath
	}
	if loc.SendTimeout > 0 {
		hc.SendTimeout = loc.SendTimeout
	}
	hc.KeepaliveTimeout = loc.KeepaliveTimeout
	hc.KeepaliveHeader = loc.KeepaliveHeader
	if loc.KeepaliveRequests > 0 {
		hc.KeepaliveRequests = loc.KeepaliveRequests
	}
	if loc.KeepaliveTime > 0 {
		hc.KeepaliveTime = loc.KeepaliveTime
	}
	switch loc.LingeringClose {
	case "off":
		hc.LingeringClose = http1.LingeringOff
	case "always":
		hc.LingeringClose = http1.LingeringAlways
	case "on":
		hc.LingeringClose = http1.LingeringOn
	}
	if loc.LingeringTime > 0 {
		hc.LingeringTime = loc.LingeringTime
	}
	if loc.LingeringTimeout > 0 {
		hc.LingeringTimeout = loc.LingeringTimeout
	}
	hc.ResetTimedoutConnection = loc.ResetTimedoutConnection
	hc.ServerTokens = loc.ServerTokens != "off"
	hc.MSIEPadding = loc.MsiePadding
	hc.MSIERefresh = loc.MsieRefresh
	hc.ChunkedTransferEncoding = loc.ChunkedTransferEncoding
}

// product is what the Server header and error pages name.
func (e *Engine) product() string {
	if e.opts.Product != "" {
		return e.opts.Product
	}
	if e.cfg.HTTP != nil {
		if d := e.cfg.HTTP.Lookup("gresty_identity"); d != nil && len(d.Args) > 0 && d.Args[0] == "nginx" {
			return "nginx/" + ngxshim.NginxVersionStr
		}
	}
	return http1.DefaultProduct
}

// logFront writes the error-log events of front f, with the context nginx's
// connection log handler gives them: the client, then the request's server
// and request line, or, before a request, the listening address.
func (e *Engine) logFront(f *front, le *http1.LogEntry) {
	level := int(le.Level)
	if !e.log.Enabled(level) {
		return
	}
	lc := LogContext{Conn: le.Conn.Serial()}
	if le.Action != "" && level != ngxshim.LogDebug {
		// nginx's connection log handler names what the connection was
		// doing, except on debug lines
		lc.Suffix = " while " + le.Action
	}
	if level == ngxshim.LogDebug {
		e.log.Write(level, le.Msg, lc)
		return
	}
	lc.Suffix += ", client: " + le.Conn.RemoteAddr()
	if le.Request == nil {
		lc.Suffix += ", server: " + f.addr
		e.log.Write(level, le.Msg, lc)
		return
	}
	lc.Suffix += ", server: " + e.frontServerName(f, le.Request)
	if line := le.Request.RequestLine(); line != "" {
		lc.Suffix += ", request: \"" + line + "\""
	}
	if h := le.Request.Header("host"); h != nil {
		lc.Suffix += ", host: \"" + string(h) + "\""
	}
	e.log.Write(level, le.Msg, lc)
}

// frontServerName is the first name of the server a request is in so far:
// the one its Host named, else the address's default server.
func (e *Engine) frontServerName(f *front, hr *http1.Request) string {
	srv := f.def
	if host := hr.Host(); host != "" && e.cfg.HTTP != nil {
		if s, _ := e.cfg.HTTP.MatchServer(f.addr, host); s != nil {
			srv = s
		}
	}
	if srv != nil && len(srv.Names) > 0 {
		return srv.Names[0].Name
	}
	return ""
}

// errnoText renders a system call error as nginx does: "2: No such file or
// directory".
func errnoText(err error) string {
	var en syscall.Errno
	if errors.As(err, &en) {
		msg := en.Error()
		if msg != "" {
			msg = strings.ToUpper(msg[:1]) + msg[1:]
		}
		return fmt.Sprintf("%d: %s", int(en), msg)
	}
	return err.Error()
}

// waitTimeout is how long a QUIT waits for in-flight requests by default.
const waitTimeout = 30 * time.Second

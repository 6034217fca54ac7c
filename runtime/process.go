package runtime

import (
	"context"
	"fmt"
	"os"
	ossignal "os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is gresty running as a server: the engine serving the current
// configuration, the listening sockets that outlive reloads, the pid file,
// and nginx's signals: HUP reloads the configuration and the Lua code
// without dropping in-flight requests, QUIT drains and exits, TERM and INT
// exit fast, USR1 reopens the logs.
type Process struct {
	opts    Options
	sockets *socketSet

	mu      sync.Mutex
	cur     *Engine
	pidFile string
	serving sync.WaitGroup
}

// NewProcess loads the configuration and starts its engine; Run serves.
func NewProcess(opts Options) (*Process, error) {
	p := &Process{opts: opts, sockets: newSocketSet()}
	e, err := newEngine(opts, p.sockets)
	if err != nil {
		p.sockets.closeAll()
		return nil, err
	}
	p.cur = e
	if e.cfg.Main != nil && e.cfg.Main.PID != "" {
		p.pidFile = e.cfg.Main.PID
		if err := os.WriteFile(p.pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			e.Close()
			p.sockets.closeAll()
			return nil, fmt.Errorf("open() \"%s\" failed (%s)", p.pidFile, errnoText(err))
		}
	}
	return p, nil
}

// Engine returns the engine serving now.
func (p *Process) Engine() *Engine {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur
}

// Run serves until QUIT, TERM or INT (or Stop).
func (p *Process) Run() error {
	sigs := make(chan os.Signal, 4)
	ossignal.Notify(sigs, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1)
	defer ossignal.Stop(sigs)
	p.serve(p.cur)
	for sig := range sigs {
		switch sig {
		case syscall.SIGHUP:
			if m := p.Engine().cfg.Main; m != nil && !m.MasterProcess {
				// OpenResty's nginx exits gracefully on HUP in single
				// process mode (master_process off) instead of reloading.
				p.Engine().log.Write(6, "signal 1 (SIGHUP) received, exiting", LogContext{})
				p.Stop(true)
				return nil
			}
			p.Reload()
		case syscall.SIGUSR1:
			p.Engine().reopenLogs()
		case syscall.SIGQUIT:
			p.Stop(true)
			return nil
		default:
			p.Stop(false)
			return nil
		}
	}
	return nil
}

func (p *Process) serve(e *Engine) {
	p.serving.Add(1)
	go func() {
		defer p.serving.Done()
		if err := e.Serve(); err != nil {
			e.log.Write(1, err.Error(), LogContext{})
		}
	}()
}

// Reload loads the configuration again and swaps engines: the new one takes
// over the sockets, the old one finishes its requests and ends. A
// configuration that fails to load leaves the old engine serving, as nginx
// does.
func (p *Process) Reload() error {
	old := p.Engine()
	old.log.Write(6, "signal 1 (SIGHUP) received, reconfiguring", LogContext{})
	opts := p.opts
	opts.previous = old
	e, err := newEngine(opts, p.sockets)
	if err != nil {
		old.log.Write(1, err.Error(), LogContext{})
		return err
	}
	p.mu.Lock()
	p.cur = e
	p.mu.Unlock()
	keep := map[string]bool{}
	for _, f := range e.fronts {
		keep[f.addr] = true
	}
	p.serve(e)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		old.Shutdown(ctx)
		old.log.Close()
	}()
	p.sockets.keepOnly(keep)
	return nil
}

// Stop ends the process: graceful drains in-flight requests first.
func (p *Process) Stop(graceful bool) {
	e := p.Engine()
	if graceful {
		e.log.Write(6, "gracefully shutting down", LogContext{})
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		e.Shutdown(ctx)
		cancel()
	} else {
		e.Close()
	}
	p.sockets.closeAll()
	done := make(chan struct{})
	go func() { p.serving.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
	if p.pidFile != "" {
		os.Remove(p.pidFile)
	}
	e.log.Write(6, "exit", LogContext{})
	e.log.Close()
}

// SendSignal is nginx -s: it signals the running process named by the pid
// file of the configuration.
func SendSignal(opts Options, name string) error {
	cfg, err := LoadConfig(opts)
	if err != nil {
		return err
	}
	pidFile := filepath.Join(cfg.Prefix, "logs/nginx.pid")
	if cfg.Main != nil && cfg.Main.PID != "" {
		pidFile = cfg.Main.PID
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return fmt.Errorf("open() \"%s\" failed (%s)", pidFile, errnoText(err))
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("invalid PID number \"%s\" in \"%s\"", strings.TrimSpace(string(b)), pidFile)
	}
	sig := map[string]syscall.Signal{"stop": syscall.SIGTERM, "quit": syscall.SIGQUIT, "reopen": syscall.SIGUSR1, "reload": syscall.SIGHUP}[name]
	if err := syscall.Kill(pid, sig); err != nil {
		return fmt.Errorf("kill(%d, %d) failed (%s)", pid, sig, errnoText(err))
	}
	return nil
}

// reopenLogs reopens the error log files (USR1).
func (e *Engine) reopenLogs() { e.log.Reopen() }

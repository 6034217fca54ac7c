package config

import (
	"strings"
)

func setWorkerProcesses(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	if v := d.Args[0]; v != "auto" && atoi(v) < 0 {
		return directiveError("invalid value")
	}
	return nil
}

// errorLevels are nginx's log level names, indexed by Level.
var errorLevels = []string{"", "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"}

// debugLevels are the debug_* selectors of error_log.
var debugLevels = []string{"debug_core", "debug_alloc", "debug_mutex", "debug_event", "debug_http", "debug_mail", "debug_stream"}

// parseErrorLog checks an error_log directive as ngx_log_set_log and
// ngx_log_set_levels do.
func parseErrorLog(p *parser, d *Directive) (ErrorLog, error) {
	el := ErrorLog{Target: d.Args[0], Level: LevelError, File: d.File, Line: d.Line}
	t := d.Args[0]
	switch {
	case t == "stderr":
	case strings.HasPrefix(t, "memory:"):
		if _, ok := ParseSize(t[7:]); !ok {
			return el, emergf(`invalid buffer size "%s"`, t[7:])
		}
	case strings.HasPrefix(t, "syslog:"):
	default:
		el.Path = rebasePath(p.cfg.Prefix, t)
	}
	level := Level(0)
	for _, a := range d.Args[1:] {
		found := false
		for n := 1; n < len(errorLevels); n++ {
			if a == errorLevels[n] {
				if level != 0 || len(el.Debug) > 0 {
					return el, emergf(`duplicate log level "%s"`, a)
				}
				level = Level(n)
				found = true
				break
			}
		}
		for _, dl := range debugLevels {
			if a == dl {
				if level != 0 {
					return el, emergf(`invalid log level "%s"`, a)
				}
				el.Debug = append(el.Debug, a)
				found = true
				break
			}
		}
		if !found {
			return el, emergf(`invalid log level "%s"`, a)
		}
	}
	switch {
	case level != 0:
		el.Level = level
	case len(el.Debug) > 0:
		el.Level = LevelDebug
	}
	return el, nil
}

func setErrorLog(p *parser, d *Directive) error {
	_, err := parseErrorLog(p, d)
	return err
}

func setEnv(p *parser, d *Directive) error {
	return nil
}

func setWorkerConnections(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	if atoi(d.Args[0]) < 0 {
		return emergf(`invalid number "%s"`, d.Args[0])
	}
	return nil
}

func setEvents(p *parser, d *Directive) error {
	if p.cfg.Events != nil {
		return directiveError("is duplicate")
	}
	ev := &Events{WorkerConnections: 512}
	p.cfg.Events = ev
	return p.parseChild(&scope{ctx: CtxEvents, block: &ev.Block, seen: map[string]bool{}})
}

// resolveMain fills the typed main and events settings from their
// directives once the whole configuration is read.
func resolveMain(cfg *Config) {
	m := &cfg.Main.Block
	if d := m.Lookup("worker_processes"); d != nil {
		if d.Args[0] == "auto" {
			cfg.Main.WorkerProcessesAuto = true
		} else {
			cfg.Main.WorkerProcesses = int(atoi(d.Args[0]))
		}
	}
	cfg.Main.Daemon = flagOf(m, "daemon", true)
	cfg.Main.MasterProcess = flagOf(m, "master_process", true)
	cfg.Main.PCREJIT = flagOf(m, "pcre_jit", false)
	cfg.Main.PID = rebasePath(cfg.Prefix, "logs/nginx.pid")
	if d := m.Lookup("pid"); d != nil {
		cfg.Main.PID = rebasePath(cfg.Prefix, d.Args[0])
	}
	for _, d := range m.Own("error_log") {
		p := &parser{cfg: cfg}
		el, _ := parseErrorLog(p, d)
		cfg.Main.ErrorLogs = append(cfg.Main.ErrorLogs, el)
	}
	for _, d := range m.Own("env") {
		name, value, ok := strings.Cut(d.Args[0], "=")
		cfg.Main.Env = append(cfg.Main.Env, Env{Name: name, Value: value, HasValue: ok})
	}
	for _, d := range m.Own("load_module") {
		cfg.Main.LoadModules = append(cfg.Main.LoadModules, d.Args[0])
	}
	if d := m.Lookup("worker_rlimit_nofile"); d != nil {
		cfg.Main.WorkerRlimitNofile = atoi(d.Args[0])
	}
	cfg.Main.WorkerShutdownTimeout = msecOf(m, "worker_shutdown_timeout", 0)
	cfg.Main.TimerResolution = msecOf(m, "timer_resolution", 0)
	if d := m.Lookup("user"); d != nil {
		cfg.Main.User = d.Args
	}
	if d := m.Lookup("working_directory"); d != nil {
		cfg.Main.WorkingDirectory = d.Args[0]
	}
	if ev := cfg.Events; ev != nil {
		if d := ev.Lookup("worker_connections"); d != nil {
			ev.WorkerConnections = int(atoi(d.Args[0]))
		}
		if d := ev.Lookup("use"); d != nil {
			ev.Use = d.Args[0]
		}
		ev.MultiAccept = flagOf(&ev.Block, "multi_accept", false)
		ev.AcceptMutex = flagOf(&ev.Block, "accept_mutex", false)
	}
}

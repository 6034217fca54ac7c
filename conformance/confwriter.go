package conformance

import (
	"fmt"
	"strings"
)

// ConfParams is what one generated nginx.conf needs.
type ConfParams struct {
	Workers           string
	MasterProcess     string // "on" or "off"
	ErrorLogFile      string
	LogLevel          string
	PidFile           string
	EnvToNginx        []string
	MainConfig        string
	HTTPConfig        string
	PostMainConfig    string
	AccessLog         string
	Port              int
	ServerName        string
	ConfigPreamble    string
	Config            string
	NoRootLocation    bool
	HTMLDir           string
	WorkerConnections string
	EventType         string
	// LoadModules are module paths loaded the way TEST_NGINX_LOAD_MODULES
	// does: appended to main_config on its last line, so that line numbers
	// in the generated file do not move.
	LoadModules []string
	// UserRoot adds "user root;" as Test::Nginx does when run by root.
	UserRoot bool
	// ExtraHTTP is appended to the keepalive_timeout line of the http
	// block, so that it adds directives without moving any line.
	ExtraHTTP string
	// HupVersion, in HUP mode, adds Test::Nginx's "Test-Nginx" server
	// whose /ver answers the configuration version.
	HupVersion string
	// MasterOn forces the master process (HUP mode needs it).
	MasterOn bool
}

// WriteConf renders nginx.conf with the layout of Test::Nginx's template
// (same lines, same order), with the daemon off so that the runner can wait
// on the server it started. Blocks that name "nginx.conf:LINE" in their
// expectations depend on this layout.
func WriteConf(p ConfParams) string {
	var b strings.Builder
	workers := p.Workers
	if workers == "" {
		workers = "1"
	}
	master := p.MasterProcess
	if p.MasterOn {
		master = "on"
	}
	if master == "" {
		master = "off"
	}
	fmt.Fprintf(&b, "worker_processes  %s;\n", workers)
	b.WriteString("daemon off;\n")
	fmt.Fprintf(&b, "master_process %s;\n", master)
	fmt.Fprintf(&b, "error_log %s %s;\n", p.ErrorLogFile, p.LogLevel)
	fmt.Fprintf(&b, "pid       %s;\n", p.PidFile)
	for _, e := range []string{"MOCKEAGAIN_VERBOSE", "MOCKEAGAIN", "MOCKEAGAIN_WRITE_TIMEOUT_PATTERN",
		"LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "DYLD_FORCE_FLAT_NAMESPACE"} {
		fmt.Fprintf(&b, "env %s;\n", e)
	}
	for _, v := range p.EnvToNginx {
		if strings.ContainsAny(v, " \t\n") {
			v = "'" + v + "'"
		}
		fmt.Fprintf(&b, "env %s;\n", v)
	}
	main := p.MainConfig
	if len(p.LoadModules) > 0 {
		mods := make([]string, len(p.LoadModules))
		for i, m := range p.LoadModules {
			mods[i] = "load_module " + m + ";"
		}
		main += strings.Join(mods, " ")
	}
	b.WriteString("#env LUA_PATH;\n#env LUA_CPATH;\n\n")
	b.WriteString(main)
	b.WriteString("\n\nhttp {\n")
	fmt.Fprintf(&b, "    access_log %s;\n", p.AccessLog)
	b.WriteString("    #access_log off;\n\n")
	b.WriteString("    default_type text/plain;\n")
	b.WriteString("    keepalive_timeout  68;")
	if p.ExtraHTTP != "" {
		b.WriteString(" " + p.ExtraHTTP)
	}
	b.WriteString("\n\n")
	b.WriteString(p.HTTPConfig)
	b.WriteString("\n\n    server {\n")
	fmt.Fprintf(&b, "        listen          %d;\n", p.Port)
	fmt.Fprintf(&b, "        server_name     '%s';\n\n", p.ServerName)
	b.WriteString("        client_max_body_size 30M;\n")
	b.WriteString("        #client_body_buffer_size 4k;\n\n")
	b.WriteString("        # Begin preamble config...\n")
	b.WriteString(p.ConfigPreamble)
	b.WriteString("\n        # End preamble config...\n\n")
	b.WriteString("        # Begin test case config...\n")
	b.WriteString(p.Config)
	b.WriteString("\n        # End test case config.\n\n")
	if !p.NoRootLocation {
		b.WriteString("        location / {\n")
		fmt.Fprintf(&b, "            root %s;\n", p.HTMLDir)
		b.WriteString("            index index.html index.htm;\n")
		b.WriteString("        }\n")
	}
	b.WriteString("    }\n")
	if p.HupVersion != "" {
		b.WriteString("    server {\n")
		fmt.Fprintf(&b, "        listen          %d;\n", p.Port)
		b.WriteString("        server_name     'Test-Nginx';\n\n")
		b.WriteString("        location = /ver {\n")
		fmt.Fprintf(&b, "            return 200 '%s';\n", p.HupVersion)
		b.WriteString("        }\n    }\n\n\n")
	}
	b.WriteString("}\n\n")
	b.WriteString(p.PostMainConfig)
	b.WriteString("\n\n#timer_resolution 100ms;\n\n")
	b.WriteString("events {\n    accept_mutex off;\n\n")
	fmt.Fprintf(&b, "    worker_connections  %s;\n", p.WorkerConnections)
	if p.EventType != "" {
		fmt.Fprintf(&b, "    use %s;\n", p.EventType)
	}
	b.WriteString("}\n")
	b.WriteString("env ASAN_OPTIONS;\nenv MOCKNOEAGAIN_VERBOSE;\nenv MOCKNOEAGAIN;\n")
	if p.UserRoot {
		b.WriteString("user root;\n")
	}
	return b.String()
}

package conformance

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// userFile is one ">>> name [date]" entry of --- user_files.
type userFile struct {
	Name, Body, Date string
}

var userFileHead = regexp.MustCompile(`>>> (\S+)(?:\s+(.+))?`)

// parseUserFiles splits a user_files section (or takes a Perl list of
// [name, body, date] triples).
func parseUserFiles(v Value) []userFile {
	if v.IsList() {
		var out []userFile
		for _, e := range v.List {
			if e.IsList() && len(e.List) > 0 {
				uf := userFile{Name: e.List[0].Str}
				if len(e.List) > 1 {
					uf.Body = e.List[1].Str
				}
				if len(e.List) > 2 {
					uf.Date = e.List[2].Str
				}
				out = append(out, uf)
			}
		}
		return out
	}
	var out []userFile
	var cur *userFile
	for _, line := range strings.SplitAfter(v.Str, "\n") {
		if line == "" {
			continue
		}
		if m := userFileHead.FindStringSubmatch(line); m != nil {
			if cur != nil {
				out = append(out, *cur)
			}
			cur = &userFile{Name: m[1], Date: strings.TrimSpace(m[2])}
			continue
		}
		if cur != nil {
			cur.Body += line
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// setupServRoot empties the slot's server root and lays out conf/, html/
// (with Test::Nginx's index.html) and logs/.
func setupServRoot(root string) error {
	if err := os.RemoveAll(root); err != nil {
		return err
	}
	for _, d := range []string{"conf", "html", "logs"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(root, "html", "index.html"),
		[]byte(`<html><head><title>It works!</title></head><body>It works!</body></html>`), 0o644)
}

func writeUserFiles(rb *RunBlock, exp *Expander) error {
	uf := rb.Get("user_files")
	if !uf.Defined() {
		return nil
	}
	html := filepath.Join(rb.ServRoot, "html")
	for _, f := range parseUserFiles(uf) {
		path := f.Name
		if !strings.HasPrefix(path, "/") {
			path = filepath.Join(html, f.Name)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("user_files: %w", err)
		}
		body, err := exp.Expand(f.Body)
		if err != nil {
			return fmt.Errorf("user_files: %w", err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			return fmt.Errorf("user_files: %w", err)
		}
		if f.Date != "" {
			cmd := exec.Command("touch", "-t", f.Date, path)
			cmd.Env = append(os.Environ(), "TZ=GMT")
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("user_files: touch -t %s: %v: %s", f.Date, err, out)
			}
		}
	}
	return nil
}

// hupState is the server a HUP-mode file keeps across its blocks.
type hupState struct {
	srv *Server
}

// runBlock runs one block on a slot: server root, config, server start,
// repeat_each rounds of requests and checks, server stop. With hup (a file
// in Test::Nginx's HUP mode) a running server is reloaded with SIGHUP
// instead and left running for the next block.
func (r *Runner) runBlock(ctx context.Context, b *Block, s *slot, hup *hupState) BlockResult {
	f := b.File
	res := BlockResult{Suite: f.Suite, File: f.Key(), ID: b.ID, Name: strings.TrimSpace(b.Name), Needs: fileNeeds(f)}
	rb := newRunBlock(b, s.ServRoot, s.Port)
	c := &Checker{}
	finish := func() BlockResult {
		res.Failures = c.Failures
		if len(c.Failures) > 0 {
			res.Status = "fail"
			res.Reason = c.Failures[0].Check + ": " + c.Failures[0].Message
		} else {
			res.Status = "pass"
		}
		return res
	}
	fatal := func(check string, err error) BlockResult {
		c.fail(check, err.Error(), "", "")
		return finish()
	}

	exp := &Expander{Env: r.expansionEnv(f, s.ServRoot, s.Port), FreePort: freePort}
	expand := func(name string) (string, error) {
		v := rb.Get(name)
		if !v.Defined() {
			return "", nil
		}
		return exp.Expand(v.Str)
	}
	config, err := expand("config")
	if err != nil {
		return fatal("config", err)
	}
	httpConfig, err := expand("http_config")
	if err != nil {
		return fatal("config", err)
	}
	mainConfig, err := expand("main_config")
	if err != nil {
		return fatal("config", err)
	}
	postMain, err := expand("post_main_config")
	if err != nil {
		return fatal("config", err)
	}
	mustDie := rb.Get("must_die").Defined()
	if hup != nil && mustDie && hup.srv != nil {
		// Test::Nginx leaves HUP mode for must_die blocks
		hup.srv.Stop(3 * time.Second)
		hup.srv = nil
	}
	reload := hup != nil && hup.srv != nil
	if reload {
		if err := hupResetServRoot(s.ServRoot); err != nil {
			return fatal("setup", err)
		}
	} else if err := setupServRoot(s.ServRoot); err != nil {
		return fatal("setup", err)
	}
	if err := writeUserFiles(rb, exp); err != nil {
		return fatal("setup", err)
	}
	set := f.Settings
	logLevel := set.LogLevel
	if ll := strings.TrimSpace(rb.Str("log_level")); ll != "" {
		logLevel = ll
	}
	// the checks read the default log even when --- error_log_file points
	// the server elsewhere, as in Test::Nginx
	errLog := filepath.Join(s.ServRoot, "logs", "error.log")
	confErrLog := errLog
	if el := strings.TrimSpace(rb.Str("error_log_file")); el != "" {
		confErrLog = el
	}
	hupVersion := ""
	if hup != nil && !mustDie {
		hupVersion = randomVersion()
	}
	serverName := set.ServerName
	if sn := rb.Get("server_name"); sn.Defined() {
		serverName = sn.Str
	}
	var mods []string
	extraHTTP := ""
	if r.opt.Target.Name == "nginx" {
		mods = r.opt.Target.LoadModules
		extraHTTP = prefixTempPaths(config + httpConfig)
	}
	conf := WriteConf(ConfParams{
		Workers:           set.Workers,
		MasterProcess:     set.MasterProcess,
		ErrorLogFile:      confErrLog,
		LogLevel:          logLevel,
		PidFile:           filepath.Join(s.ServRoot, "logs", "nginx.pid"),
		EnvToNginx:        set.EnvToNginx,
		MainConfig:        mainConfig,
		HTTPConfig:        httpConfig,
		PostMainConfig:    postMain,
		AccessLog:         filepath.Join(s.ServRoot, "logs", "access.log"),
		Port:              s.Port,
		ServerName:        strings.ReplaceAll(strings.ReplaceAll(serverName, `\`, `\\`), `'`, `\'`),
		ConfigPreamble:    ReplaceTokens(set.ConfigPreamble, s.ServRoot, s.Port),
		Config:            config,
		NoRootLocation:    set.NoRootLocation,
		HTMLDir:           filepath.Join(s.ServRoot, "html"),
		WorkerConnections: set.WorkerConnections,
		EventType:         exp.Env["TEST_NGINX_EVENT_TYPE"],
		LoadModules:       mods,
		UserRoot:          os.Geteuid() == 0,
		ExtraHTTP:         extraHTTP,
		HupVersion:        hupVersion,
		MasterOn:          hup != nil && !mustDie,
	})
	confPath := filepath.Join(s.ServRoot, "conf", "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return fatal("setup", err)
	}

	var srv *Server
	if reload {
		srv = hup.srv
		if err := srv.Reload(s.Port, hupVersion, rb.Has("reload_fails")); err != nil {
			srv.Stop(3 * time.Second)
			hup.srv = nil
			return fatal("start", err)
		}
	} else {
		var err error
		srv, err = StartServer(r.opt.Target.Bin, s.ServRoot, confPath, f.Root, errLog, r.serverEnv(f, s))
		if err != nil {
			return fatal("start", err)
		}
	}
	logs := &LogReader{Path: errLog, Accum: set.CheckAccumErrorLog}
	repeat := set.RepeatEach
	if repeat < 1 || r.opt.Once {
		repeat = 1
	}

	if md := rb.Get("must_die"); md.Defined() {
		exited, code := srv.WaitExit(5 * time.Second)
		switch {
		case !exited:
			c.fail("must_die", "the server must die but it does not", "", "")
			srv.Stop(3 * time.Second)
		case strings.TrimSpace(md.Str) != "":
			if want, err := strconv.Atoi(strings.TrimSpace(md.Str)); err == nil && want != code {
				c.fail("must_die", "die with the expected exit code", strconv.Itoa(want), strconv.Itoa(code))
			}
		case code == 0:
			c.fail("must_die", "the server exited with status 0", "non-zero", "0")
		}
		time.Sleep(3 * testNginxSleep)
		c.CheckErrorLog(rb, logs.Lines(), 0)
		return finish()
	}

	if err := srv.WaitReady(s.Port, 20*time.Second); err != nil {
		srv.Stop(time.Second)
		if hup != nil {
			hup.srv = nil
		}
		msg := err.Error()
		if emerg := firstEmerg(errLog); emerg != "" {
			msg = "cannot start server: " + emerg
		} else if st := strings.TrimSpace(srv.Stderr()); st != "" {
			msg = "cannot start server: " + lastLines(st, 3)
		}
		c.fail("start", msg, "", "")
		return finish()
	}
	time.Sleep(testNginxSleep)

	deadline := time.Now().Add(r.opt.BlockTimeout)
	for rep := 0; rep < repeat; rep++ {
		if ctx.Err() != nil || time.Now().After(deadline) {
			c.fail("timeout", "block run exceeded its time cap", "", "")
			break
		}
		if rep > 0 {
			if err := writeUserFiles(rb, exp); err != nil {
				c.fail("setup", err.Error(), "", "")
				break
			}
		}
		r.runRound(rb, c, logs, rep, set)
	}
	if hup != nil {
		// the next block reloads this server; Test::Nginx skips shutdown
		// log checks in HUP mode
		hup.srv = srv
		return finish()
	}
	srv.Stop(3 * time.Second)
	if rb.Get("shutdown_error_log").Defined() || rb.Get("no_shutdown_error_log").Defined() {
		c.CheckShutdownErrorLog(rb, logs.Lines())
	}
	if len(c.Failures) == 0 && !r.opt.Keep {
		_ = os.RemoveAll(s.ServRoot)
	}
	return finish()
}

// serverEnv is the started server's environment: the runner's, the
// preamble's changes, and a LUA_PATH reaching the vendored Lua libraries.
func (r *Runner) serverEnv(f *SuiteFile, s *slot) []string {
	env := os.Environ()
	if r.opt.Target.Name == "gresty" {
		// The suites match the reference's identity (Server header, error
		// pages), and gresty must refuse non-loopback destinations in tests.
		env = append(env, "GRESTY_IDENTITY=nginx", "GRESTY_TEST_MODE=1")
	}
	hasLuaPath := false
	for k, v := range f.Env {
		if k == "LUA_PATH" {
			hasLuaPath = true
		}
		env = append(env, k+"="+ReplaceTokens(v, s.ServRoot, s.Port))
	}
	if !hasLuaPath {
		lp := r.opt.LuaPath
		if lib := filepath.Join(f.Root, "lib"); dirExists(lib) {
			if lp == "" {
				lp = ";;"
			}
			lp = lib + "/?.lua;" + lib + "/?/init.lua;" + lp
		}
		if r.shimPath != "" {
			if lp == "" {
				lp = ";;"
			}
			lp = strings.TrimSuffix(lp, ";;") + ";" + r.shimPath + ";;"
		}
		if lp != "" {
			env = append(env, "LUA_PATH="+lp)
		}
	}
	return env
}

var emergLine = regexp.MustCompile(`\[emerg\] [^\n]*`)

// firstEmerg returns the first [emerg] message of a log, for start
// failures.
func firstEmerg(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return emergLine.FindString(string(data))
}

// runRound is one repeat_each round: mock servers, the requests and the
// checks after each of them (Test::Nginx's run_test_helper).
func (r *Runner) runRound(rb *RunBlock, c *Checker, logs *LogReader, rep int, set Settings) {
	var tcpMock *MockTCP
	var udpMock *MockUDP
	if t := strings.TrimSpace(rb.Str("tcp_listen")); t != "" {
		m, err := StartMockTCP(rb, mockTarget(rb, t))
		if err != nil {
			c.fail("tcp_listen", "failed to create the tcp listening socket: "+err.Error(), "", "")
			return
		}
		tcpMock = m
	}
	if t := strings.TrimSpace(rb.Str("udp_listen")); t != "" {
		m, err := StartMockUDP(rb, mockTarget(rb, t))
		if err != nil {
			if tcpMock != nil {
				tcpMock.Close()
			}
			c.fail("udp_listen", "failed to create the udp listening socket: "+err.Error(), "", "")
			return
		}
		udpMock = m
	}

	r.runRequests(rb, c, logs, rep, set)

	if udpMock != nil {
		udpMock.Close()
		if q := rb.Get("udp_query"); q.Defined() {
			checkQuery(c, "udp_query", q, udpMock.Query())
		}
	}
	if tcpMock != nil {
		tcpMock.Close()
		if q := rb.Get("tcp_query"); q.Defined() {
			checkQuery(c, "tcp_query", q, tcpMock.Query())
		}
		if l := strings.TrimSpace(rb.Str("tcp_query_len")); l != "" {
			if strconv.Itoa(len(tcpMock.Query())) != l {
				c.fail("tcp_query_len", "TCP query length mismatch", l, strconv.Itoa(len(tcpMock.Query())))
			}
		}
	}
}

func checkQuery(c *Checker, name string, want Value, got string) {
	if want.Kind == KindRegex {
		if re, err := regexOf(want, ""); err != nil || !re.Match(got) {
			c.fail(name, name+" does not match", want.String(), got)
		}
		return
	}
	if want.Str != got {
		c.fail(name, name+" mismatch", want.Str, got)
	}
}

// runRequests sends the block's requests and checks each response.
func (r *Runner) runRequests(rb *RunBlock, c *Checker, logs *LogReader, rep int, set Settings) {
	reqs, err := BuildRequests(rb)
	if err != nil {
		c.fail("request", err.Error(), "", "")
		return
	}
	timeout := parseDelay(set.Timeout)
	if t := rb.Str("timeout"); strings.TrimSpace(t) != "" {
		timeout = parseDelay(t)
	}
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	middle := parseDelay(rb.Str("raw_request_middle_delay"))
	wait := parseDelay(rb.Str("wait"))
	shutdown := parseShutdown(rb.Get("shutdown"))
	addr := "127.0.0.1:" + strconv.Itoa(rb.Port)
	ignore := rb.Has("ignore_response")

	n := 0
	needArray := len(reqs) > 1
	if pr := rb.Get("pipelined_requests"); pr.Defined() {
		n = len(pr.List)
		needArray = true
	}
	checkLog := func() {
		if wait > 0 {
			time.Sleep(wait)
		}
		time.Sleep(3 * testNginxSleep)
		c.CheckErrorLog(rb, logs.Lines(), rep)
	}
	idx := 0
	for ri, req := range reqs {
		cr := SendRequest(addr, req, middle, timeout, shutdown)
		if cr.ConnectErr != nil {
			c.fail("connect", fmt.Sprintf("can't connect to %s: %v", addr, cr.ConnectErr), "", "")
		}
		if cr.TimedOut && !rb.Has("abort") {
			c.fail("timeout", "client socket timed out", "", "")
		}
		raw := cr.Raw
		for {
			var resp *Response
			left := ""
			if !ignore {
				if rb.Has("http09") {
					resp = &Response{Code: "200", Body: raw}
				} else {
					var perr error
					resp, left, perr = ParseResponse(raw)
					if perr != nil {
						c.fail("response", perr.Error(), "", shorten(raw, 200))
						resp = nil
					}
				}
			}
			if n > 0 {
				raw = left
				n--
			}
			if !ignore {
				c.CheckErrorCode(rb, resp, idx, needArray)
				raw := ""
				if resp != nil {
					raw = resp.RawHeaders
				}
				c.CheckRawResponseHeaders(rb, raw, idx, needArray)
				c.CheckResponseHeaders(rb, resp, idx, needArray)
				if resp != nil {
					if body, err := TransformBody(rb, resp.Body, idx); err != nil {
						c.fail("response_body_filters", err.Error(), "", "")
					} else {
						resp.Body = body
					}
				}
				c.CheckResponseBody(rb, resp, idx, needArray)
			}
			if n > 0 || ri < len(reqs)-1 {
				checkLog()
			}
			idx++
			if n == 0 {
				break
			}
		}
	}
	checkLog()
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// tempPathDirectives are the http temp folders, which a default nginx
// build keeps below the prefix (where blocks expect them) and Debian's
// build puts in /var/lib/nginx.
var tempPathDirectives = []string{"client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path", "uwsgi_temp_path", "scgi_temp_path"}

// prefixTempPaths returns the directives that put the temp folders below
// the prefix, leaving out those the block sets itself.
func prefixTempPaths(text string) string {
	var out []string
	for _, d := range tempPathDirectives {
		if strings.Contains(text, d) {
			continue
		}
		out = append(out, d+" "+strings.TrimSuffix(strings.TrimSuffix(d, "_path"), "_temp")+"_temp;")
	}
	return strings.Join(out, " ")
}

// luacovShim stands in for luacov.runner, which lua-resty-redis-connector's
// blocks start in init_by_lua; the runner collects no coverage.
const luacovShim = `-- written by gresty test: coverage is not collected
return { init = function() end }
`

func writeLuaShims(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "luacov"), 0o755); err != nil {
		return fmt.Errorf("create lua shims: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "luacov", "runner.lua"), []byte(luacovShim), 0o644)
}

// hupResetServRoot clears a HUP-mode server root between blocks the way
// Test::Nginx does: every file goes except the pid file, sockets and
// certificates, which the running server still uses.
func hupResetServRoot(root string) error {
	keep := regexp.MustCompile(`(?:\bnginx\.pid|\.sock|\.crt|\.key)$`)
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || keep.MatchString(p) {
			return nil
		}
		return os.Remove(p)
	})
	if err != nil {
		return err
	}
	for _, d := range []string{"conf", "html", "logs"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(root, "html", "index.html"),
		[]byte(`<html><head><title>It works!</title></head><body>It works!</body></html>`), 0o644)
}

// randomVersion is a HUP-mode configuration version.
func randomVersion() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 10)
	for i := range b {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b)
}

// mockTarget resolves a relative socket path of tcp_listen/udp_listen
// against the suite root, the working directory the server shares with
// Test::Nginx.
func mockTarget(rb *RunBlock, t string) string {
	if _, err := strconv.Atoi(t); err == nil || filepath.IsAbs(t) {
		return t
	}
	return filepath.Join(rb.Block.File.Root, t)
}

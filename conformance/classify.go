package conformance

import (
	"fmt"
	"net"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Reason classes of the ledger.
const (
	ClassNotImplemented = "not-implemented"
	ClassNeedsInternet  = "needs-internet"
	ClassNeedsModule    = "needs-module"
	ClassLuaJITOnly     = "luajit-only"
	ClassExtension      = "gresty-extension"
	ClassEnvironment    = "environment"
	ClassFlaky          = "flaky"
	ClassRunnerLimit    = "runner-limit"
)

// codeSections are the sections whose text ends up in the server (and so
// decide where it connects).
var codeSections = []string{"config", "http_config", "main_config", "post_main_config", "user_files", "init"}

// blockText concatenates the string values of the given sections.
func blockText(b *Block, secs []string) string {
	var sb strings.Builder
	if b.Perl == nil {
		for _, s := range secs {
			if sec, ok := b.Raw.Section(s); ok {
				sb.WriteString(sec.Value)
				sb.WriteString("\n")
			}
		}
		return sb.String()
	}
	for _, s := range secs {
		writeValueText(&sb, b.Perl.Sections[s])
	}
	return sb.String()
}

func writeValueText(sb *strings.Builder, v Value) {
	switch v.Kind {
	case KindString, KindRegex:
		sb.WriteString(v.Str)
		sb.WriteString("\n")
	case KindList:
		for _, e := range v.List {
			writeValueText(sb, e)
		}
	case KindHash:
		for _, e := range v.Hash {
			writeValueText(sb, e)
		}
	}
}

var (
	ipv4Literal   = regexp.MustCompile(`(?:^|[^\w.])((\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}))(?:[^\w.]|$)`)
	connectName   = regexp.MustCompile(`(?:connect|setpeername)\(\s*["']([A-Za-z0-9_.-]+\.[A-Za-z]{2,})["']`)
	proxyPassHost = regexp.MustCompile(`proxy_pass\s+https?://([A-Za-z0-9_.-]+)`)
	upstreamDecl  = regexp.MustCompile(`upstream\s+([A-Za-z0-9_.-]+)\s*\{`)
	domainString  = regexp.MustCompile(`["']((?:[A-Za-z0-9-]+\.)+(?:org|com|net|cn|io))["']`)
	resolverDir   = regexp.MustCompile(`(?m)^\s*resolver\s`)
	placeholder   = regexp.MustCompile(`\$(TEST_NGINX_[_A-Z0-9]+)`)
)

// localNames resolve (through the runner's DNS stub) to loopback.
var localNames = map[string]bool{"localhost": true}

// fakeNames are host names the suites use only as SNI or Host values.
var fakeNames = map[string]bool{"test.com": true, "example.com": true, "foo.com": true, "bar.com": true}

// isPublicIPv4 tells whether a dotted quad would leave the machine.
func isPublicIPv4(s string) bool {
	ip := net.ParseIP(s)
	if ip == nil || ip.To4() == nil {
		return false
	}
	if ip.IsLoopback() || ip.Equal(net.IPv4zero) {
		return false
	}
	return true
}

// dnsClientLine marks a line where Lua code talks DNS itself.
var dnsClientLine = regexp.MustCompile(`nameservers|setpeername`)

// netContext marks a line that makes the server talk to an address.
var netContext = regexp.MustCompile(`(?i)connect|setpeername|proxy_pass|resolver|nameserver|sendto|^\s*server\s|\bhost\b|\bpeer\b|\baddr`)

// needsInternet reports (with the target) a block that would send traffic
// off the machine: a non-loopback address on a line that connects, proxies
// or resolves (also through the preamble's TEST_NGINX_* values), or a real
// host name it must reach.
func needsInternet(b *Block, env map[string]string, preambleResolver string) string {
	text := blockText(b, codeSections)
	// a Lua DNS client pointed at the resolver the preamble wants (a public
	// one) needs real answers, which the loopback stub does not give
	if isPublicIPv4(preambleResolver) {
		for _, line := range strings.Split(text, "\n") {
			if strings.Contains(line, "$TEST_NGINX_RESOLVER") && dnsClientLine.MatchString(line) {
				return preambleResolver
			}
		}
	}
	// values the config will receive from TEST_NGINX_* placeholders; the
	// resolver is always the runner's loopback stub
	text = placeholder.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1:]
		if v, ok := env[name]; ok && name != "TEST_NGINX_RESOLVER" {
			return v
		}
		return m
	})
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "--") || !netContext.MatchString(line) {
			continue
		}
		for _, m := range ipv4Literal.FindAllStringSubmatch(line, -1) {
			if isPublicIPv4(m[1]) {
				return m[1]
			}
		}
	}
	upstreams := map[string]bool{}
	for _, m := range upstreamDecl.FindAllStringSubmatch(text, -1) {
		upstreams[m[1]] = true
	}
	for _, m := range connectName.FindAllStringSubmatch(text, -1) {
		name := strings.ToLower(m[1])
		if net.ParseIP(name) == nil && !localNames[name] && !fakeNames[name] {
			return name
		}
	}
	for _, m := range proxyPassHost.FindAllStringSubmatch(text, -1) {
		name := strings.ToLower(m[1])
		if strings.Contains(name, ".") && net.ParseIP(name) == nil && !localNames[name] && !upstreams[name] && !fakeNames[name] {
			return name
		}
	}
	// a host name kept in a variable and connected to through nginx's
	// resolver
	if resolverDir.MatchString(text) && (strings.Contains(text, "connect(") || strings.Contains(text, "setpeername(")) {
		for _, m := range domainString.FindAllStringSubmatch(text, -1) {
			name := strings.ToLower(m[1])
			if !fakeNames[name] && !localNames[name] {
				return name
			}
		}
	}
	return ""
}

var (
	tcpListenPort = regexp.MustCompile(`(?m)(?:^|[{;\s])listen\s+(?:(?:127\.0\.0\.\d+|localhost|\*|0\.0\.0\.0|\[::1?\]):)?(\d+)\b`)
	unixListen    = regexp.MustCompile(`unix:(/[^\s;"']+)`)
	localConnect  = regexp.MustCompile(`["'](127\.0\.0\.\d+|localhost)["']\s*,\s*(\d+)`)
	tmpPath       = regexp.MustCompile(`/tmp/[\w.-]+`)
	memcachedUse  = regexp.MustCompile(`TEST_NGINX_MEMCACHED_PORT|\b11211\b|memc_pass|memcached`)
	redisUse      = regexp.MustCompile(`TEST_NGINX_REDIS_PORT|\b63[78]\d\b|\b26379\b|redis2_pass|resty\.redis`)
)

// blockLocks lists the shared resources a block needs to itself: fixed
// TCP/UDP ports and socket paths, and the redis/memcached servers whose
// state blocks share.
func blockLocks(b *Block) []string {
	text := blockText(b, codeSections)
	set := map[string]bool{}
	add := func(s string) { set[s] = true }
	for _, sec := range []string{"tcp_listen", "udp_listen"} {
		v := sectionString(b, sec)
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if _, err := strconv.Atoi(v); err == nil {
			add(strings.TrimSuffix(sec, "_listen") + ":" + v)
		} else {
			add("path:" + v)
		}
	}
	for _, m := range tcpListenPort.FindAllStringSubmatch(text, -1) {
		add("tcp:" + m[1])
	}
	for _, m := range unixListen.FindAllStringSubmatch(text, -1) {
		if !strings.Contains(m[1], servRootToken) && !strings.Contains(m[1], "$TEST_NGINX") {
			add("path:" + m[1])
		}
	}
	for _, m := range localConnect.FindAllStringSubmatch(text, -1) {
		add("tcp:" + m[2])
	}
	for _, m := range tmpPath.FindAllString(text, -1) {
		add("path:" + m)
	}
	if memcachedUse.MatchString(text) {
		add("memcached")
	}
	if redisUse.MatchString(text) {
		add("redis")
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sectionString returns a section's evaluated string (or its raw text).
func sectionString(b *Block, name string) string {
	if b.Perl != nil {
		v, ok := b.Perl.Sections[name]
		if ok {
			return v.Str
		}
		return ""
	}
	if s, ok := b.Raw.Section(name); ok {
		if v, ok := ApplySimpleFilters(s); ok {
			return v
		}
		return s.Value
	}
	return ""
}

func hasSection(b *Block, name string) bool {
	if b.Perl != nil {
		_, ok := b.Perl.Sections[name]
		return ok
	}
	return b.Raw.Has(name)
}

// stapOnly tells whether a block checks nothing but systemtap output.
func stapOnly(b *Block) bool {
	if !hasSection(b, "stap_out") && !hasSection(b, "stap_out_like") && !hasSection(b, "stap_out_unlike") {
		return false
	}
	for _, s := range []string{"response_body", "response_body_like", "response_body_unlike", "error_code",
		"error_code_like", "error_log", "no_error_log", "grep_error_log", "response_headers",
		"response_headers_like", "raw_response_headers_like", "raw_response_headers_unlike",
		"tcp_query", "tcp_query_len", "udp_query", "shutdown_error_log", "no_shutdown_error_log"} {
		if hasSection(b, s) {
			return false
		}
	}
	return true
}

// versionSkip evaluates skip_nginx, skip_nginx2 and skip_openssl against
// the target's versions (canonical "1.022001" numbers; "" = unknown).
func versionSkip(b *Block, nginxVer, opensslVer string) (bool, string) {
	if s := sectionString(b, "skip_nginx"); s != "" {
		m := skipNginxRe.FindStringSubmatch(s)
		if m == nil {
			return true, "invalid --- skip_nginx spec"
		}
		if cmpVersion(nginxVer, m[2], canonVersion(m[3], m[4], m[5], "")) {
			return true, "skip_nginx: " + strings.TrimSpace(s)
		}
	} else if s := sectionString(b, "skip_nginx2"); s != "" {
		m := skipNginx2Re.FindStringSubmatch(s)
		if m == nil {
			return true, "invalid --- skip_nginx2 spec"
		}
		a := cmpVersion(nginxVer, m[2], canonVersion(m[3], m[4], m[5], ""))
		c := cmpVersion(nginxVer, m[7], canonVersion(m[8], m[9], m[10], ""))
		if (m[6] == "or" && (a || c)) || (m[6] == "and" && a && c) {
			return true, "skip_nginx2: " + strings.TrimSpace(s)
		}
	}
	if s := sectionString(b, "skip_openssl"); s != "" {
		m := skipOpensslRe.FindStringSubmatch(s)
		if m == nil {
			return true, "invalid --- skip_openssl spec"
		}
		if opensslVer == "" || cmpVersion(opensslVer, m[2], canonVersion(m[3], m[4], m[5], m[6])) {
			return true, "skip_openssl: " + strings.TrimSpace(s)
		}
	}
	if b.Perl != nil && b.Perl.SkipEvalResult != nil && *b.Perl.SkipEvalResult {
		return true, "skip_eval: " + strings.TrimSpace(sectionString(b, "skip_eval"))
	}
	return false, ""
}

var (
	skipNginxRe   = regexp.MustCompile(`^\s*(\d+)\s*:\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)(?:\s*:\s*(.*))?\s*$`)
	skipNginx2Re  = regexp.MustCompile(`^\s*(\d+)\s*:\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)\s*(or|and)\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)(?:\s*:\s*(.*))?\s*$`)
	skipOpensslRe = regexp.MustCompile(`^\s*(\d+)\s*:\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)([a-z])?(?:\s*:\s*(.*))?\s*$`)
)

// canonVersion is Test::Nginx's get_canon_version (and the OpenSSL
// variant with a letter).
func canonVersion(a, b, c, letter string) string {
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	z, _ := strconv.Atoi(c)
	s := fmt.Sprintf("%d.%03d%03d", x, y, z)
	if letter != "" {
		s += fmt.Sprintf("%03d", int(letter[0]-'a'))
	}
	return s
}

// cmpVersion evaluates "have OP want" numerically as Perl does; an unknown
// version satisfies "<" (Test::Nginx skips then).
func cmpVersion(have, op, want string) bool {
	if have == "" {
		return strings.HasPrefix(op, "<")
	}
	h, err1 := strconv.ParseFloat(have, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	switch op {
	case "<":
		return h < w
	case "<=":
		return h <= w
	case ">":
		return h > w
	case ">=":
		return h >= w
	}
	return false
}

// classify decides, before running, whether each block runs and which
// resources it locks.
func classify(f *SuiteFile, t *Target, env map[string]string) {
	for _, b := range f.Blocks {
		if b.Skip != "" {
			continue
		}
		switch {
		case b.Raw.Has("SKIP"):
			b.Skip, b.Class = "--- SKIP", "skip"
		case b.Perl == nil:
			b.Skip, b.Class = "not chosen by Test::Base (ONLY/LAST)", "skip"
		case b.Perl.PreprocessError != "":
			b.Skip, b.Class = "add_block_preprocessor failed: "+strings.TrimSpace(b.Perl.PreprocessError), ClassRunnerLimit
		case stapOnly(b):
			b.Skip, b.Class = "checks systemtap output only", ClassRunnerLimit
		case hasSection(b, "http2") || hasSection(b, "http3"):
			b.Skip, b.Class = "HTTP/2 and HTTP/3 requests (curl) are not run", ClassRunnerLimit
		case hasSection(b, "stream_server_config") || hasSection(b, "stream_request"):
			b.Skip, b.Class = "stream-subsystem blocks are not run", ClassRunnerLimit
		case hasSection(b, "init"):
			b.Skip, b.Class = "--- init (Perl run per block) is not supported", ClassRunnerLimit
		}
		if b.Skip != "" {
			continue
		}
		if skip, why := versionSkip(b, t.NginxVersion, t.OpenSSLVersion); skip {
			b.Skip, b.Class = why, "skip"
			continue
		}
		if host := needsInternet(b, env, f.WantResolver); host != "" {
			b.Skip, b.Class = "needs the internet ("+host+")", ClassNeedsInternet
			continue
		}
		b.Locks = blockLocks(b)
	}
}

// unsupportedModules are nginx modules gresty does not implement, by a
// directive that marks their use.
var unsupportedModules = []struct{ directive, module string }{
	{"proxy_pass", "proxy"}, {"fastcgi_pass", "fastcgi"}, {"uwsgi_pass", "uwsgi"},
	{"grpc_pass", "grpc"}, {"memc_pass", "memc"}, {"redis2_pass", "redis2"},
	{"drizzle_pass", "drizzle"}, {"srcache_", "srcache"}, {"set_md5", "set-misc"},
	{"set_unescape_uri", "set-misc"}, {"set_escape_uri", "set-misc"}, {"set_quote_sql_str", "set-misc"},
	{"gzip ", "gzip"}, {"gunzip", "gunzip"}, {"dav_methods", "dav"}, {"valid_referers", "referer"},
	{"auth_request", "auth_request"}, {"allow ", "access"}, {"deny ", "access"}, {"satisfy", "access"},
	{"image_filter", "image_filter"}, {"limit_rate", "limit_rate"}, {"ssl_certificate", "ssl"},
	{"ssl_certificate_by_lua", "ssl"}, {"ssl_session_fetch_by_lua", "ssl"}, {"ssl_session_store_by_lua", "ssl"},
	{"ssl_client_hello_by_lua", "ssl"}, {"balancer_by_lua", "balancer"}, {"lua_worker_thread", "worker-thread"},
	{"ngx.run_worker_thread", "worker-thread"}, {"listen 443 ssl", "ssl"},
}

// blockUses lists what a failed block uses that gresty does not have, as
// "module:NAME", or "yield-across-c" when it expects LuaJIT's refusal to
// yield across a C call (which gresty does not have).
func blockUses(b *Block) []string {
	conf := blockText(b, []string{"config", "http_config", "main_config"})
	var uses []string
	seen := map[string]bool{}
	for _, m := range unsupportedModules {
		if strings.Contains(conf, m.directive) && !seen[m.module] {
			seen[m.module] = true
			uses = append(uses, "module:"+m.module)
		}
	}
	expect := blockText(b, []string{"error_log", "response_body", "response_body_like"})
	if strings.Contains(expect, "yield across") {
		uses = append(uses, "yield-across-c")
	}
	return uses
}

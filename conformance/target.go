package conformance

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"
)

// Target is the server implementation the blocks run against.
type Target struct {
	Name string // "gresty" or "nginx"
	Bin  string
	// LoadModules are dynamic modules loaded as TEST_NGINX_LOAD_MODULES
	// does (nginx target only).
	LoadModules    []string
	NginxVersion   string // canonical, e.g. "1.022001"
	OpenSSLVersion string // canonical, "" when unknown
}

// nginxModuleOrder lists the Debian module files the nginx target loads
// when installed, in the order upstream's test build adds them (ndk first,
// lua after echo, headers-more after lua): a module loaded later runs its
// output filters earlier, and some blocks depend on that order.
var nginxModuleOrder = []string{
	"ndk_http_module.so",
	"ngx_http_set_misc_module.so",
	"ngx_http_echo_module.so",
	"ngx_http_memc_module.so",
	"ngx_http_srcache_filter_module.so",
	"ngx_http_lua_module.so",
	"ngx_http_headers_more_filter_module.so",
}

// DefaultNginxModulesDir is where Debian installs nginx's dynamic modules.
const DefaultNginxModulesDir = "/usr/lib/nginx/modules"

// NewNginxTarget describes Debian's nginx with the modules found in dir.
func NewNginxTarget(bin, dir string) *Target {
	t := &Target{Name: "nginx", Bin: bin}
	for _, m := range nginxModuleOrder {
		p := filepath.Join(dir, m)
		if _, err := os.Stat(p); err == nil {
			t.LoadModules = append(t.LoadModules, p)
		}
	}
	t.probeVersions()
	return t
}

// NewGrestyTarget describes the gresty binary, started like nginx.
func NewGrestyTarget(bin string) *Target {
	t := &Target{Name: "gresty", Bin: bin}
	t.probeVersions()
	if t.NginxVersion == "" {
		// the version gresty emulates
		t.NginxVersion = "1.022001"
	}
	return t
}

var (
	nginxVersionRe   = regexp.MustCompile(`(?:nginx|openresty)[^/]*/(\d+)\.(\d+)\.(\d+)`)
	opensslVersionRe = regexp.MustCompile(`built with OpenSSL (\d+)\.(\d+)\.(\d+)([a-z])?`)
)

// probeVersions reads "BIN -V" as Test::Nginx does.
func (t *Target) probeVersions() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, t.Bin, "-V").CombinedOutput()
	if m := nginxVersionRe.FindStringSubmatch(string(out)); m != nil {
		t.NginxVersion = canonVersion(m[1], m[2], m[3], "")
	}
	if m := opensslVersionRe.FindStringSubmatch(string(out)); m != nil {
		t.OpenSSLVersion = canonVersion(m[1], m[2], m[3], m[4])
	}
}

package runtime

import (
	goruntime "runtime"
	"sync"
	"weak"

	"gresty/runtime/config"
)

// locExtra is what the engine's own modules (echo, headers-more, charset,
// postpone_output) read from a location, worked out once per location
// rather than for every request.
type locExtra struct {
	echo        []*echoCmd
	echoBefore  []*echoCmd
	echoAfter   []*echoCmd
	echoStatus  int
	moreOut     []*moreCmd
	moreIn      []*moreCmd
	charset     string
	charsetOf   []string
	postpone    int
	contentLine int
	// proxy is the location's proxy_pass, nil when none.
	proxy *proxyConf
	// access are the allow and deny rules, satisfyAny is "satisfy any".
	access     []accessRule
	satisfyAny bool
	// gzip is the gzip filter's settings, nil when gzip is off.
	gzip *gzipConf
	// memc is the location's memc_pass, nil when none.
	memc *config.Directive
}

// locExtras holds the settings by location, weakly: a configuration
// dropped by a reload takes its entries with it.
var locExtras sync.Map // weak.Pointer[config.Location] -> *locExtra

// extra returns the location's module settings.
func (r *request) extra() *locExtra {
	loc := r.loc
	key := weak.Make(loc)
	if x, ok := locExtras.Load(key); ok {
		return x.(*locExtra)
	}
	x := &locExtra{
		echo:        echoCommandsOf(loc),
		echoBefore:  compileAll(loc.LookupAll("echo_before_body")),
		echoAfter:   compileAll(loc.LookupAll("echo_after_body")),
		echoStatus:  echoStatusOf(loc),
		moreOut:     moreDirectivesOf(loc, "more_set_headers", "more_clear_headers"),
		moreIn:      moreDirectivesOf(loc, "more_set_input_headers", "more_clear_input_headers"),
		postpone:    postponeOutputOf(loc),
		contentLine: luaHandlerLine(loc),
		proxy:       proxyConfOf(loc),
		access:      accessRulesOf(loc),
		gzip:        gzipConfOf(loc),
		memc:        memcPassOf(loc),
		charsetOf:   charsetTypes,
	}
	if d := loc.Lookup("charset"); d != nil && len(d.Args) > 0 && d.Args[0] != "off" {
		x.charset = d.Args[0]
	}
	if d := loc.Lookup("satisfy"); d != nil && len(d.Args) > 0 {
		x.satisfyAny = d.Args[0] == "any"
	}
	if d := loc.Lookup("charset_types"); d != nil {
		x.charsetOf = d.Args
	}
	got, loaded := locExtras.LoadOrStore(key, x)
	if !loaded {
		goruntime.AddCleanup(loc, func(k weak.Pointer[config.Location]) { locExtras.Delete(k) }, key)
	}
	return got.(*locExtra)
}

// compileAll compiles echo directives.
func compileAll(ds []*config.Directive) []*echoCmd {
	cmds := make([]*echoCmd, len(ds))
	for i, d := range ds {
		cmds[i] = compileEcho(d)
	}
	return cmds
}

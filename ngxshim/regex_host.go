package ngxshim

// RegexHost is implemented by hosts that configure ngx.re
// (lua_regex_cache_max_entries, lua_regex_match_limit).
type RegexHost interface {
	RegexConfig() RegexConfig
}

// hostRegexConfig returns h's regex settings, or nginx's defaults.
func hostRegexConfig(a *api) RegexConfig {
	cfg := RegexConfig{CacheMaxEntries: DefaultRegexCacheMaxEntries}
	if rh, ok := a.h.(RegexHost); ok {
		cfg = rh.RegexConfig()
	}
	if cfg.Log == nil {
		cfg.Log = a.h.Log
	}
	return cfg
}

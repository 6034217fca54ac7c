package config

import (
	"strings"
)

// luaPhase describes one ngx_lua phase: its tag (the directive name without
// the _block/_file suffix, also the chunk name's tag), whether its string
// and file handlers refuse empty code, and whether the file form's path
// may contain variables.
type luaPhase struct {
	tag string
	// checkEmpty: ngx_lua reports "no runnable Lua code" for empty code.
	checkEmpty bool
	// varPath: the file path is a complex value evaluated per request.
	varPath bool
	// store records a handler that is not resolved by inheritance.
	store func(p *parser, h *LuaHandler)
}

var luaPhases = []luaPhase{
	{tag: "init_by_lua", checkEmpty: true, store: func(p *parser, h *LuaHandler) { p.sc.http.InitByLua = h }},
	{tag: "init_worker_by_lua", store: func(p *parser, h *LuaHandler) { p.sc.http.InitWorkerByLua = h }},
	{tag: "exit_worker_by_lua", store: func(p *parser, h *LuaHandler) { p.sc.http.ExitWorkerByLua = h }},
	{tag: "set_by_lua", varPath: true},
	{tag: "server_rewrite_by_lua", checkEmpty: true, varPath: true},
	{tag: "rewrite_by_lua", checkEmpty: true, varPath: true},
	{tag: "access_by_lua", checkEmpty: true, varPath: true},
	{tag: "content_by_lua", checkEmpty: true, varPath: true},
	{tag: "log_by_lua", checkEmpty: true, varPath: true},
	{tag: "header_filter_by_lua", checkEmpty: true, varPath: true},
	{tag: "body_filter_by_lua", checkEmpty: true, varPath: true},
	{tag: "balancer_by_lua", store: func(p *parser, h *LuaHandler) {
		for _, m := range []string{"hash", "ip_hash", "least_conn", "random"} {
			if p.sc.block.Has(m) {
				p.warn(LevelWarn, "load balancing method redefined")
				break
			}
		}
		p.sc.ups.BalancerByLua = h
	}},
	{tag: "ssl_client_hello_by_lua"},
	{tag: "ssl_certificate_by_lua"},
	{tag: "ssl_session_store_by_lua"},
	{tag: "ssl_session_fetch_by_lua"},
}

// luaPhaseHandler returns the handler of one form ("", "_block" or "_file")
// of a phase's directives, as ngx_lua's *_by_lua* functions: once per
// block, then the code or path, then the chunk name.
func luaPhaseHandler(ph luaPhase, form string) setFunc {
	return func(p *parser, d *Directive) error {
		if ph.tag == "set_by_lua" {
			return p.setByLua(ph, form, d)
		}
		h := &LuaHandler{Phase: ph.tag, Directive: d.Name, ConfFile: d.File, Line: d.Line}
		if d.LuaLine > 0 {
			// the chunk name of a block refers to the line of its "{"
			h.Line = d.LuaLine
		}
		key := "lua:" + ph.tag
		if p.sc.seen[key] {
			return directiveError("is duplicate")
		}
		if ph.checkEmpty && d.Args[0] == "" {
			return errorf("invalid location config: no runnable Lua code")
		}
		p.sc.seen[key] = true
		if err := p.fillLuaSource(ph, form, h, d.Args[0]); err != nil {
			return err
		}
		p.luaHandlers[d] = h
		if ph.store != nil {
			ph.store(p, h)
		}
		return nil
	}
}

// fillLuaSource sets a handler's code or path and its chunk name.
func (p *parser) fillLuaSource(ph luaPhase, form string, h *LuaHandler, v string) error {
	switch form {
	case "_file":
		h.Kind = LuaKindFile
		if ph.varPath {
			cv, err := p.compileValue(v)
			if err != nil {
				return err
			}
			h.File = cv
		} else {
			h.File = &ComplexValue{Raw: v, parts: []cvPart{{lit: v}}}
		}
		if h.File.Static() {
			h.Path = rebasePath(p.cfg.Prefix, v)
			h.ChunkName = "@" + h.Path
		}
	default:
		h.Kind = LuaKindString
		if form == "_block" {
			h.Kind = LuaKindBlock
		}
		h.Source = v
		h.ChunkName = luaChunkName(ph.tag, luaTagLen(ph.tag), h.ConfFile, p.cfg.ConfPrefix, h.Line)
	}
	return nil
}

// setByLua is set_by_lua, set_by_lua_block and set_by_lua_file: NDK adds
// them to the rewrite module's script of the block.
func (p *parser) setByLua(ph luaPhase, form string, d *Directive) error {
	h := &LuaHandler{Phase: ph.tag, Directive: d.Name, ConfFile: d.File, Line: d.Line}
	if d.LuaLine > 0 {
		h.Line = d.LuaLine
	}
	name := d.Args[0]
	if !strings.HasPrefix(name, "$") {
		return emergf(`invalid variable name "%s"`, name)
	}
	if err := p.vars.declare(name[1:]); err != nil {
		return err
	}
	h.Var = strings.ToLower(name[1:])
	code := d.Args[1]
	rest := d.Args[2:]
	if form == "_block" {
		code, rest = d.Args[len(d.Args)-1], nil
	}
	if err := p.fillLuaSource(ph, form, h, code); err != nil {
		return err
	}
	for _, a := range rest {
		cv, err := p.compileValue(a)
		if err != nil {
			return err
		}
		h.Args = append(h.Args, cv)
	}
	p.addStmt(&SetByLuaStmt{Pos: pos(d), Handler: h})
	return nil
}

func setSharedDict(p *parser, d *Directive) error {
	name, size := d.Args[0], d.Args[1]
	if name == "" {
		return emergf(`invalid lua shared dict name "%s"`, name)
	}
	n, ok := ParseSize(size)
	if !ok || n <= 8191 {
		return emergf(`invalid lua shared dict size "%s"`, size)
	}
	h := p.sc.http
	for _, sd := range h.SharedDicts {
		if sd.Name != name {
			continue
		}
		if sd.Size != n {
			return emergf(`the size %d of shared memory zone "%s" conflicts with already declared size %d`, n, name, sd.Size)
		}
		return emergf(`lua_shared_dict "%s" is already defined as "%s"`, name, sd.Name)
	}
	h.SharedDicts = append(h.SharedDicts, SharedDict{Name: name, Size: n, File: d.File, Line: d.Line})
	return nil
}

func setCodeCache(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	on, ok := parseFlag(d.Args[0])
	if !ok {
		return checkValue(ValueFlag, d)
	}
	if !on {
		p.warn(LevelAlert, "lua_code_cache is off; this will hurt performance")
	}
	return nil
}

func setLoadRestyCore(p *parser, d *Directive) error {
	p.warn(LevelWarn, "lua_load_resty_core is deprecated (the lua-resty-core library is required since ngx_lua v0.10.16)")
	return nil
}

// setCaptureErrorLog follows OpenResty, whose nginx has the capture error
// log patch (Debian's does not, and refuses the directive).
func setCaptureErrorLog(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	v := d.Args[0]
	if v == "" {
		return emergf(`invalid capture error log size "%s"`, v)
	}
	if n, ok := ParseSize(v); !ok || n < maxErrorStr {
		return emergf(`invalid capture error log size "%s", minimum size is %d`, v, maxErrorStr)
	}
	return nil
}

// maxErrorStr is NGX_MAX_ERROR_STR.
const maxErrorStr = 2048

func setMallocTrim(p *parser, d *Directive) error {
	if atoi(d.Args[0]) < 0 {
		return directiveError("invalid number in the 1st argument")
	}
	return nil
}

// setSendLowat: Linux has no SO_SNDLOWAT, so nginx accepts the size and
// ignores it with a warning.
func setSendLowat(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	if _, ok := ParseSize(d.Args[0]); !ok {
		return directiveError("invalid value")
	}
	p.warn(LevelWarn, `"lua_send_lowat" is not supported, ignored`)
	return nil
}

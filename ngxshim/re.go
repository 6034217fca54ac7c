package ngxshim

import (
	"container/list"
	"fmt"
	"math"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/ngxshim/regex"
)

// ngx.re (match, find, gmatch, sub, gsub) and the ngx.re module (split,
// opt), as OpenResty serves them through lua-resty-core 0.1.25 on PCRE
// 8.39: same results, same error strings (including the locations
// resty.core's Lua code reports), same regex cache behaviour.

// RegexConfig holds the worker-wide ngx.re settings.
type RegexConfig struct {
	// CacheMaxEntries is lua_regex_cache_max_entries: how many regexes
	// compiled with the "o" option a worker keeps; 0 disables the cache.
	// nginx's default is DefaultRegexCacheMaxEntries.
	CacheMaxEntries int
	// MatchLimit is lua_regex_match_limit; 0 keeps PCRE's default.
	MatchLimit int
	// Log, when set, receives the lines ngx_lua writes to the error log
	// about regexes (bad replacement templates at ngx.ERR, JIT compiling at
	// ngx.DEBUG); they have no request context.
	Log func(L *lua.LState, level int, msg string)
}

// DefaultRegexCacheMaxEntries is lua_regex_cache_max_entries' default.
const DefaultRegexCacheMaxEntries = 1024

// Locations resty.core's own errors carry on the reference installation.
const (
	coreRegexLua = "/usr/share/lua/5.1/resty/core/regex.lua"
	ngxReLua     = "/usr/share/lua/5.1/ngx/re.lua"
	coreVersion  = "0.1.25"
)

// ngx_lua's regex flags (besides the PCRE options).
const (
	reCompileOnce = 1 << iota
	reDFA
	reJIT
	reDupNames
	reNoUTF8Check
)

// maxErrMsgLen is the size of ngx_lua's compile error buffer.
const maxErrMsgLen = 128

type compiledRE struct {
	re    *regex.Regexp
	flags int
	ncap  int // 0 in DFA mode, which has no captures
	tpl   *regex.Template
}

type reOpts struct {
	flags int
	opts  regex.Options
}

// reState is the ngx.re state of one worker VM: the caches and the
// matchers being reused.
type reState struct {
	cfg        RegexConfig
	optsCache  map[string]reOpts
	matchCache *lruCache
	cacheEmpty bool
	subFunc    map[string]map[string]*compiledRE
	subStr     map[string]map[string]map[string]*compiledRE
	subCached  int
	matchers   []*regex.Matcher
	splitCtx   *lua.LTable
	gmatchMeta *lua.LTable
	buf        []byte
}

// openRegex installs ngx.re into ngx and the ngx.re module into
// package.preload.
func openRegex(L *lua.LState, ngx *lua.LTable, cfg RegexConfig) {
	st := &reState{
		cfg:        cfg,
		optsCache:  map[string]reOpts{},
		cacheEmpty: true,
		subFunc:    map[string]map[string]*compiledRE{},
		subStr:     map[string]map[string]map[string]*compiledRE{},
		splitCtx:   L.NewTable(),
		gmatchMeta: L.NewTable(),
	}
	st.gmatchMeta.RawSetString("__call", L.NewFunction(st.gmatchNext))
	if cfg.CacheMaxEntries > 0 {
		st.matchCache = newLRUCache(cfg.CacheMaxEntries)
	}
	re := L.NewTable()
	for name, fn := range map[string]lua.LGFunction{
		"match": st.match, "find": st.find, "gmatch": st.gmatch,
		"sub": st.subFn(false), "gsub": st.subFn(true),
	} {
		re.RawSetString(name, L.NewFunction(fn))
	}
	ngx.RawSetString("re", re)

	mod := L.NewTable()
	mod.RawSetString("version", lua.LString(coreVersion))
	mod.RawSetString("split", L.NewFunction(st.split))
	mod.RawSetString("opt", L.NewFunction(st.opt))
	for _, name := range []string{"match", "find", "gmatch", "sub", "gsub"} {
		mod.RawSetString(name, re.RawGetString(name))
	}
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		if preload, ok := pkg.RawGetString("preload").(*lua.LTable); ok {
			preload.RawSetString("ngx.re", L.NewFunction(func(L *lua.LState) int {
				L.Push(mod)
				return 1
			}))
		}
	}
}

func (st *reState) log(L *lua.LState, level int, msg string) {
	if st.cfg.Log != nil {
		st.cfg.Log(L, level, msg)
	}
}

func (st *reState) acquire() *regex.Matcher {
	if n := len(st.matchers); n > 0 {
		mt := st.matchers[n-1]
		st.matchers = st.matchers[:n-1]
		return mt
	}
	return new(regex.Matcher)
}

func (st *reState) release(mt *regex.Matcher) { st.matchers = append(st.matchers, mt) }

// coreError raises an error as resty.core's Lua code would, with its
// location.
func coreError(L *lua.LState, where, format string, args ...interface{}) {
	L.Error(lua.LString(where+": "+fmt.Sprintf(format, args...)), 0)
}

// callerWhere is luaL_where(L, 1) as seen from a Lua function's
// error(msg, 2): the position of the Lua code that called us, or "" when a
// Go function (pcall, say) did.
func callerWhere(L *lua.LState) string {
	dbg, ok := L.GetStack(1)
	if !ok {
		return ""
	}
	fv, err := L.GetInfo("Slf", dbg, lua.LNil)
	if fn, isFn := fv.(*lua.LFunction); err != nil || !isFn || fn.IsG || dbg.CurrentLine <= 0 {
		return ""
	}
	return dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
}

// luaToString is tostring().
func luaToString(L *lua.LState, v lua.LValue) string {
	if s, ok := v.(lua.LString); ok {
		return string(s)
	}
	return lua51compat.ToStringMeta(L, v)
}

// parseOpts parses an options string (resty.core's parse_regex_opts).
func (st *reState) parseOpts(L *lua.LState, v lua.LValue, where string) (reOpts, string) {
	var s string
	switch o := v.(type) {
	case *lua.LNilType:
		return reOpts{}, ""
	case lua.LString:
		s = string(o)
	case *lua.LTable:
		// A table has a length, but string.byte refuses it.
		if o.Len() > 0 {
			coreError(L, coreRegexLua+":359", "bad argument #1 to 'byte' (string expected, got table)")
		}
		return reOpts{}, ""
	case lua.LBool:
		if !o {
			return reOpts{}, ""
		}
		coreError(L, coreRegexLua+":356", "attempt to get length of local 'opts' (a boolean value)")
	default:
		coreError(L, coreRegexLua+":356", "attempt to get length of local 'opts' (a %s value)", v.Type())
	}
	if p, ok := st.optsCache[s]; ok {
		return p, s
	}
	var p reOpts
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'o':
			p.flags |= reCompileOnce
		case 'j':
			p.flags |= reJIT
		case 'i':
			p.opts |= regex.Caseless
		case 's':
			p.opts |= regex.DotAll
		case 'm':
			p.opts |= regex.Multiline
		case 'u':
			p.opts |= regex.UTF8
		case 'U':
			p.opts |= regex.UTF8
			p.flags |= reNoUTF8Check
		case 'x':
			p.opts |= regex.Extended
		case 'd':
			p.flags |= reDFA
		case 'a':
			p.opts |= regex.Anchored
		case 'D':
			p.opts |= regex.DupNames
			p.flags |= reDupNames
		case 'J':
			p.opts |= regex.JavaScript
		default:
			coreError(L, where, "unknown flag \"%s\" (flags \"%s\")", s[i:i+1], s)
		}
	}
	st.optsCache[s] = p
	return p, s
}

// regexArg checks the regex argument as resty.core's "#regex" and the FFI
// call do.
func regexArg(L *lua.LState, v lua.LValue, line string) string {
	switch r := v.(type) {
	case lua.LString:
		return string(r)
	case *lua.LTable:
		coreError(L, coreRegexLua+":"+line,
			"bad argument #1 to 'ngx_lua_ffi_compile_regex' (cannot convert 'table' to 'const unsigned char *')")
	}
	coreError(L, coreRegexLua+":"+line, "attempt to get length of local 'regex' (a %s value)", v.Type())
	return ""
}

// compile compiles a pattern with ngx_lua's error message.
func (st *reState) compile(L *lua.LState, pattern string, p reOpts) (*compiledRE, string) {
	re, err := regex.Compile(pattern, p.opts)
	if err != nil {
		return nil, compileErrorMessage(pattern, err)
	}
	if p.flags&reJIT != 0 {
		st.log(L, LogDebug, "pcre JIT compiling result: 1")
	}
	c := &compiledRE{re: re, flags: p.flags, ncap: re.NumCaptures()}
	if p.flags&reDFA != 0 {
		c.ncap = 0
	}
	return c, ""
}

// compileErrorMessage is ngx_lua's message for a pattern PCRE refuses,
// cut as its 128-byte buffer and the C string it is read as cut it.
func compileErrorMessage(pattern string, err error) string {
	ce, ok := err.(*regex.CompileError)
	if !ok {
		return err.Error()
	}
	msg := "pcre_compile() failed: " + ce.Error() + " in \"" + pattern + "\""
	if ce.Offset != len(pattern) {
		rest := pattern[ce.Offset:]
		if i := indexNUL(rest); i >= 0 {
			rest = rest[:i]
		}
		msg += " at \"" + rest + "\""
	}
	if len(msg) > maxErrMsgLen-1 {
		msg = msg[:maxErrMsgLen-1]
	}
	if i := indexNUL(msg); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

func indexNUL(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return i
		}
	}
	return -1
}

// compileMatch is resty.core's re_match_compile: compile, through the LRU
// cache for "o" regexes.
func (st *reState) compileMatch(L *lua.LState, regexV, optsV lua.LValue, where string) (*compiledRE, string) {
	p, optsStr := st.parseOpts(L, optsV, where)
	once := p.flags&reCompileOnce != 0 && st.matchCache != nil
	var key string
	if once {
		switch r := regexV.(type) {
		case lua.LString:
			key = string(r) + "\x00" + optsStr
			if c := st.matchCache.get(key); c != nil {
				return c, ""
			}
		case lua.LNumber:
			// The cache key concatenates; numbers get as far as the
			// compile call.
		default:
			coreError(L, coreRegexLua+":584", "attempt to concatenate local 'regex' (a %s value)", r.Type())
		}
	}
	pattern := regexArg(L, regexV, "594")
	c, errstr := st.compile(L, pattern, p)
	if c == nil {
		return nil, errstr
	}
	if once {
		st.matchCache.set(key, c)
		st.cacheEmpty = false
	}
	return c, ""
}

// exec runs a compiled regex with the worker's match limit.
func (st *reState) exec(mt *regex.Matcher, c *compiledRE, subj string, pos int) int {
	opt := regex.ExecOptions{NoUTF8Check: c.flags&reNoUTF8Check != 0}
	if c.flags&reDFA != 0 {
		rc := mt.ExecDFA(c.re, subj, pos, opt)
		if rc == 0 {
			rc = 1
		}
		return rc
	}
	if st.cfg.MatchLimit > 0 && (c.re.Studied() || c.flags&reJIT != 0) {
		opt.MatchLimit = st.cfg.MatchLimit
	}
	return mt.Exec(c.re, subj, pos, opt)
}

func execError(rc int) lua.LString { return lua.LString("pcre_exec() failed: " + strconv.Itoa(rc)) }

// collectCaptures fills res with the captures of a match (resty.core's
// collect_captures).
func collectCaptures(L *lua.LState, c *compiledRE, rc int, subj string, ov []int, res *lua.LTable) {
	for i := 0; i <= c.ncap; i++ {
		var v lua.LValue = lua.LFalse
		if i < rc {
			if from := ov[2*i]; from >= 0 {
				v = lua.LString(subj[from:ov[2*i+1]])
			}
		}
		res.RawSetInt(i, v)
	}
	names := c.re.Names()
	if len(names) == 0 {
		return
	}
	dup := c.flags&reDupNames != 0
	for _, e := range names {
		capv := res.RawGetInt(e.Group)
		if !dup {
			res.RawSetString(e.Name, capv)
			continue
		}
		if !lua.LVAsBool(capv) {
			continue
		}
		if old, ok := res.RawGetString(e.Name).(*lua.LTable); ok {
			old.RawSetInt(old.Len()+1, capv)
		} else if res.RawGetString(e.Name) != lua.LNil {
			L.RaiseError("attempt to index a non-table value")
		} else {
			t := L.CreateTable(1, 0)
			t.RawSetInt(1, capv)
			res.RawSetString(e.Name, t)
		}
	}
}

// ctxPos reads ctx.pos as resty.core's re_match_helper does and returns
// the 0-based start offset. A string ctx reads as having no pos (strings
// index the string library) but fails once pos is stored into it.
func ctxPos(L *lua.LState, ctxV lua.LValue) (lua.LValue, int) {
	switch ctx := ctxV.(type) {
	case *lua.LNilType:
		return nil, 0
	case lua.LBool:
		if !ctx {
			return nil, 0
		}
	case lua.LString:
		return ctx, 0
	case *lua.LTable:
		switch pos := L.GetField(ctx, "pos").(type) {
		case *lua.LNilType:
			return ctx, 0
		case lua.LBool:
			if !pos {
				return ctx, 0
			}
		case lua.LNumber:
			if pos <= 0 {
				return ctx, 0
			}
			return ctx, clampInt(float64(pos) - 1)
		}
		coreError(L, coreRegexLua+":640", "attempt to compare %s with number", L.GetField(ctx, "pos").Type())
	}
	coreError(L, coreRegexLua+":639", "attempt to index local 'ctx' (a %s value)", ctxV.Type())
	return nil, 0
}

// setCtxPos stores the end of the match into ctx.pos.
func setCtxPos(L *lua.LState, ctx lua.LValue, pos int) {
	switch c := ctx.(type) {
	case *lua.LTable:
		L.SetField(c, "pos", lua.LNumber(pos))
	case lua.LString:
		coreError(L, coreRegexLua+":685", "attempt to index local 'ctx' (a string value)")
	}
}

// clampInt converts a Lua number to an offset as a C int conversion would
// (truncating; out-of-range values become an offset PCRE rejects).
func clampInt(f float64) int {
	if math.IsNaN(f) || f > math.MaxInt32 || f < math.MinInt32 {
		return math.MaxInt32
	}
	return int(f)
}

// matchHelper is resty.core's re_match_helper for match and find.
func (st *reState) matchHelper(L *lua.LState, wantCaps bool) int {
	subj := luaToString(L, L.Get(1))
	c, errstr := st.compileMatch(L, L.Get(2), L.Get(3), coreRegexLua+":624")
	if c == nil {
		L.Push(lua.LNil)
		if !wantCaps {
			L.Push(lua.LNil)
			L.Push(lua.LString(errstr))
			return 3
		}
		L.Push(lua.LString(errstr))
		return 2
	}
	ctx, pos := ctxPos(L, L.Get(4))
	mt := st.acquire()
	defer st.release(mt)
	rc := st.exec(mt, c, subj, pos)
	if rc == regex.NoMatch {
		L.Push(lua.LNil)
		return 1
	}
	if rc < 0 {
		L.Push(lua.LNil)
		if !wantCaps {
			L.Push(lua.LNil)
		}
		L.Push(execError(rc))
		if wantCaps {
			return 2
		}
		return 3
	}
	ov := mt.Ovector()
	if ctx != nil {
		setCtxPos(L, ctx, ov[1]+1)
	}
	if !wantCaps {
		return findResult(L, c, rc, ov)
	}
	var res *lua.LTable
	switch r := L.Get(5).(type) {
	case *lua.LNilType:
		res = L.CreateTable(c.ncap, len(c.re.Names()))
	case *lua.LTable:
		res = r
	case lua.LBool:
		if r {
			coreError(L, coreRegexLua+":531", "attempt to index local 'res' (a boolean value)")
		}
		res = L.CreateTable(c.ncap, len(c.re.Names()))
	default:
		coreError(L, coreRegexLua+":531", "attempt to index local 'res' (a %s value)", r.Type())
	}
	collectCaptures(L, c, rc, subj, ov, res)
	L.Push(res)
	return 1
}

// findResult returns the from and to of capture nth (resty.core's find).
func findResult(L *lua.LState, c *compiledRE, rc int, ov []int) int {
	nth := 0.0
	switch n := L.Get(5).(type) {
	case *lua.LNilType:
	case lua.LBool:
		if n {
			coreError(L, coreRegexLua+":689", "attempt to compare boolean with number")
		}
	case lua.LNumber:
		if n >= 0 {
			nth = float64(n)
		}
	default:
		coreError(L, coreRegexLua+":689", "attempt to compare %s with number", n.Type())
	}
	if nth > float64(c.ncap) {
		L.Push(lua.LNil)
		L.Push(lua.LNil)
		L.Push(lua.LString("nth out of bound"))
		return 3
	}
	if nth >= float64(rc) {
		L.Push(lua.LNil)
		L.Push(lua.LNil)
		return 2
	}
	fi, ti := int(nth*2), int(nth*2+1)
	if ti >= len(ov) {
		L.Push(lua.LNil)
		L.Push(lua.LNil)
		return 2
	}
	from, to := ov[fi]+1, ov[ti]
	if from < 0 || to < 0 {
		L.Push(lua.LNil)
		L.Push(lua.LNil)
		return 2
	}
	L.Push(lua.LNumber(from))
	L.Push(lua.LNumber(to))
	return 2
}

func (st *reState) match(L *lua.LState) int { return st.matchHelper(L, true) }
func (st *reState) find(L *lua.LState) int  { return st.matchHelper(L, false) }

// gmatch is ngx.re.gmatch. As in resty.core, the iterator is a table
// holding its state in fields (_compiled, _compile_once, _subj, _subj_len,
// _flags, _pos) with a shared metatable whose __call runs the next match.
func (st *reState) gmatch(L *lua.LState) int {
	subj := luaToString(L, L.Get(1))
	c, errstr := st.compileMatch(L, L.Get(2), L.Get(3), coreRegexLua+":794")
	if c == nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(errstr))
		return 2
	}
	compiled := L.NewUserData()
	compiled.Value = c
	self := L.CreateTable(0, 6)
	self.RawSetString("_compiled", compiled)
	self.RawSetString("_compile_once", lua.LBool(c.flags&reCompileOnce != 0 && st.matchCache != nil))
	self.RawSetString("_subj", lua.LString(subj))
	self.RawSetString("_subj_len", lua.LNumber(len(subj)))
	self.RawSetString("_flags", lua.LNumber(c.flags))
	self.RawSetString("_pos", lua.LNumber(0))
	L.SetMetatable(self, st.gmatchMeta)
	L.Push(self)
	return 1
}

// gmatchNext is the iterators' __call (resty.core's iterate_re_gmatch).
func (st *reState) gmatchNext(L *lua.LState) int {
	self := L.Get(1)
	field := func(name string) lua.LValue { return L.GetField(self, name) }
	pos, ok := field("_pos").(lua.LNumber)
	ud, isUD := field("_compiled").(*lua.LUserData)
	if !ok || !isUD {
		// Exhausted (the fields are cleared), or state this
		// implementation cannot run from.
		L.Push(lua.LNil)
		return 1
	}
	c, isRE := ud.Value.(*compiledRE)
	subj, isStr := field("_subj").(lua.LString)
	if !isRE || !isStr {
		L.Push(lua.LNil)
		return 1
	}
	destroy := func() {
		L.SetField(self, "_compiled", lua.LNil)
		L.SetField(self, "_pos", lua.LNil)
		L.SetField(self, "_subj", lua.LNil)
	}
	s := string(subj)
	mt := st.acquire()
	defer st.release(mt)
	rc := st.exec(mt, c, s, clampInt(float64(pos)))
	if rc == regex.NoMatch {
		destroy()
		L.Push(lua.LNil)
		return 1
	}
	if rc < 0 {
		destroy()
		L.Push(lua.LNil)
		L.Push(execError(rc))
		return 2
	}
	ov := mt.Ovector()
	res := L.CreateTable(c.ncap, len(c.re.Names()))
	collectCaptures(L, c, rc, s, ov, res)
	cp := ov[1]
	if cp == ov[0] {
		cp++
		if cp > len(s) {
			destroy()
			L.Push(res)
			return 1
		}
	}
	L.SetField(self, "_pos", lua.LNumber(cp))
	L.Push(res)
	return 1
}

// subCompile is resty.core's re_sub_compile: a separate cache keyed by
// options, regex and (for string replacements) the replacement.
func (st *reState) subCompile(L *lua.LState, regexV, optsV lua.LValue, repl string, isFunc bool,
	where string) (*compiledRE, string) {
	p, optsStr := st.parseOpts(L, optsV, where)
	once := p.flags&reCompileOnce != 0
	rs, isStr := regexV.(lua.LString)
	if once && isStr {
		if isFunc {
			if c := st.subFunc[optsStr][string(rs)]; c != nil {
				return c, ""
			}
		} else if c := st.subStr[optsStr][string(rs)][repl]; c != nil {
			return c, ""
		}
	}
	pattern := regexArg(L, regexV, "884")
	c, errstr := st.compile(L, pattern, p)
	if c == nil {
		return nil, errstr
	}
	if !isFunc {
		tpl, err := regex.CompileTemplate(repl)
		if err != nil {
			st.log(L, LogErr, err.Error())
			return nil, "failed to compile the replacement template"
		}
		c.tpl = tpl
	}
	if once && st.subCached < st.cfg.CacheMaxEntries {
		if isFunc {
			if st.subFunc[optsStr] == nil {
				st.subFunc[optsStr] = map[string]*compiledRE{}
			}
			st.subFunc[optsStr][pattern] = c
		} else {
			if st.subStr[optsStr] == nil {
				st.subStr[optsStr] = map[string]map[string]*compiledRE{}
			}
			if st.subStr[optsStr][pattern] == nil {
				st.subStr[optsStr][pattern] = map[string]*compiledRE{}
			}
			st.subStr[optsStr][pattern][repl] = c
		}
		st.subCached++
	}
	return c, ""
}

// subFn returns ngx.re.sub (global false) or ngx.re.gsub.
func (st *reState) subFn(global bool) lua.LGFunction {
	return func(L *lua.LState) int {
		replV := L.Get(3)
		fn, isFunc := replV.(*lua.LFunction)
		var repl string
		where := coreRegexLua + ":952"
		if !isFunc {
			repl = luaToString(L, replV)
			where = coreRegexLua + ":1062"
		}
		c, errstr := st.subCompile(L, L.Get(2), L.Get(4), repl, isFunc, where)
		if c == nil {
			L.Push(lua.LNil)
			L.Push(lua.LNil)
			L.Push(lua.LString(errstr))
			return 3
		}
		subj := luaToString(L, L.Get(1))
		mt := st.acquire()
		defer st.release(mt)
		var out []byte
		count, pos, cp := 0, 0, 0
		for {
			rc := st.exec(mt, c, subj, pos)
			if rc == regex.NoMatch {
				break
			}
			if rc < 0 {
				L.Push(lua.LNil)
				L.Push(lua.LNil)
				L.Push(execError(rc))
				return 3
			}
			count++
			ov := mt.Ovector()
			mstart, mend := ov[0], ov[1]
			if isFunc {
				res := L.CreateTable(c.ncap, len(c.re.Names()))
				collectCaptures(L, c, rc, subj, ov, res)
				L.Push(fn)
				L.Push(res)
				L.Call(1, 1)
				piece := luaToString(L, L.Get(-1))
				L.Pop(1)
				out = append(out, subj[cp:mstart]...)
				out = append(out, piece...)
			} else {
				if out == nil {
					out = st.buf[:0]
				}
				out = append(out, subj[cp:mstart]...)
				out = c.tpl.Expand(out, subj, ov, rc)
			}
			cp = mend
			pos = cp
			if pos == mstart {
				pos++
				if pos > len(subj) {
					break
				}
			}
			if !global {
				break
			}
		}
		if count == 0 {
			L.Push(lua.LString(subj))
			L.Push(lua.LNumber(0))
			return 2
		}
		if cp < len(subj) {
			out = append(out, subj[cp:]...)
		}
		L.Push(lua.LString(out))
		L.Push(lua.LNumber(count))
		if !isFunc && cap(out) <= 1<<16 {
			st.buf = out[:0]
		}
		return 2
	}
}

// luaSub is string.sub(s, i, j) for the positions split uses.
func luaSub(s string, i, j int) string {
	l := len(s)
	if i < 0 {
		i = l + i + 1
	}
	if j < 0 {
		j = l + j + 1
	}
	if i < 1 {
		i = 1
	}
	if j > l {
		j = l
	}
	if i > j {
		return ""
	}
	return s[i-1 : j]
}

// split is ngx.re.split (lua-resty-core's ngx/re.lua), step for step.
func (st *reState) split(L *lua.LState) int {
	subj := luaToString(L, L.Get(1))
	var ctx *lua.LTable
	switch c := L.Get(4).(type) {
	case *lua.LNilType:
		ctx = st.splitCtx
		ctx.RawSetString("pos", lua.LNumber(1))
	case *lua.LTable:
		ctx = c
		if !lua.LVAsBool(L.GetField(ctx, "pos")) {
			L.SetField(ctx, "pos", lua.LNumber(1))
		}
	case lua.LBool:
		if !c {
			ctx = st.splitCtx
			ctx.RawSetString("pos", lua.LNumber(1))
			break
		}
		coreError(L, ngxReLua+":143", "attempt to index local 'ctx' (a boolean value)")
	case lua.LString:
		// Strings can be read from (ctx.pos is string.pos, nil) but not
		// assigned to.
		coreError(L, ngxReLua+":145", "attempt to index local 'ctx' (a string value)")
	default:
		coreError(L, ngxReLua+":143", "attempt to index local 'ctx' (a %s value)", c.Type())
	}
	max := 0.0
	var badMax lua.LValue
	switch n := L.Get(5).(type) {
	case lua.LNumber:
		max = float64(n)
	case *lua.LNilType:
	case lua.LBool:
		if n {
			badMax = n
		}
	default:
		badMax = n
	}
	var res *lua.LTable
	switch r := L.Get(6).(type) {
	case *lua.LNilType:
		if badMax != nil {
			coreError(L, ngxReLua+":154", "attempt to compare number with %s", badMax.Type())
		}
		n := 4
		if max > 0 && max < float64(n) {
			n = int(max)
		}
		res = L.CreateTable(n, 0)
	case *lua.LTable:
		res = r
	case lua.LBool:
		if !r {
			res = L.CreateTable(4, 0)
			break
		}
		L.Error(lua.LString(callerWhere(L)+"res is not a table"), 0)
	default:
		L.Error(lua.LString(callerWhere(L)+"res is not a table"), 0)
	}
	length := len(subj)
	getPos := func() int {
		if n, ok := L.GetField(ctx, "pos").(lua.LNumber); ok {
			return clampInt(float64(n))
		}
		return 0
	}
	if p := L.GetField(ctx, "pos"); p.Type() != lua.LTNumber {
		coreError(L, ngxReLua+":166", "attempt to compare number with %s", p.Type())
	}
	if getPos() > length {
		res.RawSetInt(1, lua.LNil)
		L.Push(res)
		return 1
	}
	c, errstr := st.compileMatch(L, L.Get(2), L.Get(3), ngxReLua+":173")
	if c == nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(errstr))
		return 2
	}
	if badMax != nil {
		coreError(L, ngxReLua+":188", "attempt to compare number with %s", badMax.Type())
	}
	mt := st.acquire()
	defer st.release(mt)
	subIdx := getPos()
	resIdx := 0
	lastEmpty := -1
	L.SetField(ctx, "pos", lua.LNumber(subIdx-1))

	// helper is re_split_helper: the next match as 1-based from/to and the
	// first capture.
	helper := func() (from, to int, capture lua.LValue, err lua.LValue, ok bool) {
		pos := getPos()
		if pos < 0 {
			pos = 0
		}
		rc := st.exec(mt, c, subj, pos)
		if rc == regex.NoMatch {
			return 0, 0, nil, nil, false
		}
		if rc < 0 {
			return 0, 0, nil, execError(rc), false
		}
		ov := mt.Ovector()
		from, to = ov[0], ov[1]
		if from < 0 || to < 0 {
			return 0, 0, nil, nil, false
		}
		if from == to {
			L.SetField(ctx, "pos", lua.LNumber(to+1))
		} else {
			L.SetField(ctx, "pos", lua.LNumber(to))
		}
		from, to = from+1, to+1
		if c.ncap > 0 && rc > 1 {
			capture = lua.LString(luaSub(subj, ov[2]+1, ov[3]))
		}
		return from, to, capture, nil, true
	}
	count := 1.0
	for max <= 0 || count < max {
		from, to, capture, err, ok := helper()
		if err != nil {
			L.Push(lua.LNil)
			L.Push(err)
			return 2
		}
		if !ok {
			break
		}
		if lastEmpty >= 0 {
			subIdx = lastEmpty
		}
		if from == to {
			lastEmpty = from
		}
		if from > subIdx || lastEmpty < 0 {
			if max > 0 {
				count++
			}
			resIdx++
			res.RawSetInt(resIdx, lua.LString(luaSub(subj, subIdx, from-1)))
			if capture != nil {
				resIdx++
				res.RawSetInt(resIdx, capture)
			}
			subIdx = to
			if subIdx > length {
				break
			}
		}
	}
	if max <= 0 && subIdx > length {
		for i := resIdx; i >= 1; i-- {
			if v := res.RawGetInt(i); v != lua.LString("") {
				resIdx = i
				break
			}
			res.RawSetInt(i, lua.LNil)
		}
	} else {
		resIdx++
		res.RawSetInt(resIdx, lua.LString(luaSub(subj, subIdx, -1)))
	}
	res.RawSetInt(resIdx+1, lua.LNil)
	L.Push(res)
	return 1
}

// opt is ngx.re.opt; jit_stack_size only matters to PCRE's JIT, which
// this engine does not have, but its rules and errors are kept.
func (st *reState) opt(L *lua.LState) int {
	if L.Get(1) == lua.LString("jit_stack_size") {
		if !st.cacheEmpty {
			L.Error(lua.LString(callerWhere(L)+"changing jit stack size is not allowed when some regexs have already been compiled and cached"), 0)
		}
		switch v := L.Get(2).(type) {
		case lua.LNumber, lua.LBool:
		default:
			// The FFI call takes an int.
			coreError(L, ngxReLua+":305",
				"bad argument #1 to 'ngx_lua_ffi_set_jit_stack_size' (cannot convert '%s' to 'int')", v.Type())
		}
		return 0
	}
	L.Error(lua.LString(callerWhere(L)+"unrecognized option name"), 0)
	return 0
}

// lruCache is resty.lrucache as the regex cache uses it: bounded, least
// recently used entries evicted first.
type lruCache struct {
	max   int
	ll    *list.List
	items map[string]*list.Element
}

type lruEntry struct {
	key string
	val *compiledRE
}

func newLRUCache(max int) *lruCache {
	return &lruCache{max: max, ll: list.New(), items: map[string]*list.Element{}}
}

func (c *lruCache) get(key string) *compiledRE {
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*lruEntry).val
	}
	return nil
}

func (c *lruCache) set(key string, v *compiledRE) {
	if e, ok := c.items[key]; ok {
		e.Value.(*lruEntry).val = v
		c.ll.MoveToFront(e)
		return
	}
	if c.ll.Len() >= c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.items, old.Value.(*lruEntry).key)
	}
	c.items[key] = c.ll.PushFront(&lruEntry{key: key, val: v})
}

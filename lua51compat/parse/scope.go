package parse

import "fmt"

// Limits of LuaJIT 2.1 that the parser enforces with LuaJIT's messages.
const (
	maxLocals = 200 // LJ_MAX_LOCVAR
	maxUpvals = 120 // LJ_MAX_UPVAL in OpenResty's LuaJIT (60 in LuaJIT's own)
	maxLevels = 200 // LJ_MAX_XLEVEL
)

// Scope flags, as LuaJIT's FSCOPE_*.
const (
	scopeLoop  = 1 << iota // breakable loop
	scopeBreak             // a break is pending in the scope
	scopeGola              // a goto or label is in the scope
)

// funcState tracks what LuaJIT's FuncState knows for error checking: active
// locals by register slot, upvalues and the open scopes.
type funcState struct {
	prev        *funcState
	bl          *blockScope
	vararg      bool
	linedefined int
	actvar      []int // slot -> variable id; entries beyond nactvar are declared but not yet active
	nactvar     int
	uvs         []int // variable ids captured as upvalues
	golaBase    int   // first goto/label entry of this function
}

// blockScope is LuaJIT's FuncScope.
type blockScope struct {
	prev    *blockScope
	vstart  int // first goto/label entry of the scope
	nactvar int // active locals when the scope began
	flags   int
}

// golaKind tells gotos from labels.
type golaKind uint8

const (
	golaGoto golaKind = iota + 1
	golaLabel
)

// gola is a pending goto (or break) or a visible label.
type gola struct {
	name  string
	brk   bool // a break: LuaJIT's NAME_BREAK pseudo label
	kind  golaKind
	valid bool
	slot  int // active locals at the goto or label
	line  int // line LuaJIT reports for an unresolved goto
}

func (g *gola) same(o *gola) bool { return g.brk == o.brk && g.name == o.name }

// openFunc starts a function body (fs_init plus its outermost scope).
func (p *parser) openFunc(line int) *funcState {
	fs := &funcState{prev: p.fs, linedefined: line, golaBase: len(p.gola)}
	p.fs = fs
	p.openScope(0)
	return fs
}

// closeFunc ends a function body, reporting unresolved gotos and breaks.
func (p *parser) closeFunc() {
	fs := p.fs
	p.closeScope()
	p.gola = p.gola[:fs.golaBase]
	p.fs = fs.prev
}

func (p *parser) openScope(flags int) {
	fs := p.fs
	fs.bl = &blockScope{prev: fs.bl, vstart: len(p.gola), nactvar: fs.nactvar, flags: flags}
}

// closeScope is LuaJIT's fscope_end: it drops the scope's locals, resolves
// the breaks of a loop and moves unresolved gotos to the enclosing scope.
func (p *parser) closeScope() {
	fs := p.fs
	bl := fs.bl
	fs.bl = bl.prev
	fs.nactvar = bl.nactvar
	if bl.flags&scopeBreak != 0 {
		if bl.flags&scopeLoop == 0 {
			p.golaFixup(bl)
			return
		}
		lbl := gola{brk: true, kind: golaLabel, valid: true, slot: fs.nactvar}
		p.golaResolve(bl, &lbl, len(p.gola))
	}
	if bl.flags&scopeGola != 0 {
		p.golaFixup(bl)
	}
}

// newVar declares the n-th new local (not active until addVars).
func (p *parser) newVar(n int, name string) {
	fs := p.fs
	if fs.nactvar+n >= maxLocals {
		p.limitError(maxLocals, "local variables")
	}
	id := len(p.vars)
	p.vars = append(p.vars, name)
	slot := fs.nactvar + n
	for len(fs.actvar) <= slot {
		fs.actvar = append(fs.actvar, 0)
	}
	fs.actvar[slot] = id
}

// addVars activates the n locals declared last.
func (p *parser) addVars(n int) {
	p.fs.nactvar += n
}

// limitError reports a LuaJIT implementation limit of the current function.
func (p *parser) limitError(limit int, what string) {
	fs := p.fs
	if fs.linedefined == 0 {
		p.fail(0, fmt.Sprintf("main function has more than %d %s", limit, what))
	}
	p.fail(0, fmt.Sprintf("function at line %d has more than %d %s", fs.linedefined, limit, what))
}

// resolveName records a use of name the way LuaJIT's var_lookup does: a
// local of the current function, an upvalue (counted against LuaJIT's limit
// in every function it passes through), or a global.
func (p *parser) resolveName(name string) {
	p.lookupVar(p.fs, name)
}

func (p *parser) lookupVar(fs *funcState, name string) int {
	if fs == nil {
		return -1
	}
	for i := fs.nactvar - 1; i >= 0; i-- {
		if id := fs.actvar[i]; p.vars[id] == name {
			return id
		}
	}
	id := p.lookupVar(fs.prev, name)
	if id < 0 {
		return -1
	}
	for _, u := range fs.uvs {
		if u == id {
			return id
		}
	}
	if len(fs.uvs) >= maxUpvals {
		saved := p.fs
		p.fs = fs
		p.limitError(maxUpvals, "upvalues")
		p.fs = saved
	}
	fs.uvs = append(fs.uvs, id)
	return id
}

// newGola records a goto, break or label at the current local level.
func (p *parser) newGola(g gola) int {
	g.valid = true
	g.slot = p.fs.nactvar
	p.gola = append(p.gola, g)
	return len(p.gola) - 1
}

// findLabel looks for a visible label of the current scope (LuaJIT only
// looks in the innermost scope, both for duplicates and for backward gotos).
func (p *parser) findLabel(name string) bool {
	for i := p.fs.bl.vstart; i < len(p.gola); i++ {
		g := &p.gola[i]
		if g.valid && g.kind == golaLabel && !g.brk && g.name == name {
			return true
		}
	}
	return false
}

// golaResolve resolves the pending forward gotos of scope bl that match the
// label lbl, whose entry index is idx.
func (p *parser) golaResolve(bl *blockScope, lbl *gola, idx int) {
	for i := bl.vstart; i < idx; i++ {
		g := &p.gola[i]
		if !g.valid || g.kind != golaGoto || !g.same(lbl) {
			continue
		}
		if g.slot < lbl.slot {
			name := p.vars[p.fs.actvar[g.slot]]
			p.line = g.line
			p.fail(0, "<goto "+g.name+"> jumps into the scope of local '"+name+"'")
		}
		g.valid = false
	}
}

// golaFixup runs at the end of a scope with gotos or labels: its labels go
// out of sight (resolving backward gotos to them) and its unresolved gotos
// move to the enclosing scope, or are errors at a function's top scope.
func (p *parser) golaFixup(bl *blockScope) {
	for i := bl.vstart; i < len(p.gola); i++ {
		v := &p.gola[i]
		if !v.valid {
			continue
		}
		if v.kind == golaLabel {
			v.valid = false
			for j := i + 1; j < len(p.gola); j++ {
				g := &p.gola[j]
				if g.valid && g.kind == golaGoto && g.same(v) {
					g.valid = false
				}
			}
			continue
		}
		if bl.prev != nil {
			if v.brk {
				bl.prev.flags |= scopeBreak
			} else {
				bl.prev.flags |= scopeGola
			}
			v.slot = bl.nactvar
			continue
		}
		p.line = v.line
		if v.brk {
			p.fail(0, "no loop to break")
		}
		p.fail(0, "undefined label '"+v.name+"'")
	}
}

// enterLevel counts one syntactic nesting level (LuaJIT's synlevel_begin).
func (p *parser) enterLevel() {
	p.level++
	if p.level >= maxLevels {
		p.fail(0, "chunk has too many syntax levels")
	}
}

func (p *parser) leaveLevel() { p.level-- }

package parse

import (
	"strconv"

	"github.com/yuin/gopher-lua/ast"
)

// parser is a recursive-descent parser with LuaJIT's structure (so errors
// come out in the same order and at the same tokens) that builds
// gopher-lua's AST with the line numbers gopher-lua's own parser would set.
type parser struct {
	lexer
	fs    *funcState
	level int
	vars  []string // local variable names by id
	gola  []gola

	// lastCall is the call expression the last primary expression ended
	// with, or nil; gopher-lua marks "(f())" differently from "(x)".
	lastCall ast.Expr

	// noGuard leaves out the workarounds for gopher-lua's compiler
	// (loopguard.go, forin.go), giving the AST gopher-lua's own parser would
	// build; tests compare the two.
	noGuard bool
}

// Parse parses a Lua chunk. chunkname follows Lua's convention ("=name",
// "@path" or the source text itself) and is shortened with ShortSrc for
// messages. Errors are *SyntaxError values with LuaJIT's texts.
func Parse(src []byte, chunkname string) ([]ast.Stmt, error) {
	return ParseString(string(src), chunkname)
}

// ParseString is Parse for source already held in a string; the AST's
// strings share its memory.
func ParseString(src, chunkname string) ([]ast.Stmt, error) {
	return parse(src, chunkname, false)
}

func parse(src, chunkname string, noGuard bool) (chunk []ast.Stmt, err error) {
	p := &parser{noGuard: noGuard}
	p.init(src, ShortSrc(chunkname))
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*SyntaxError)
			if !ok {
				panic(r)
			}
			chunk, err = nil, se
		}
	}()
	if bc, header := p.skipHeader(); bc {
		return nil, bytecodeError(chunkname, header)
	}
	return p.mainChunk(), nil
}

// fail raises an error near tok at the lexer's current line.
func (p *parser) fail(tok token, msg string) { p.lexer.fail(tok, msg) }

// syntaxError raises msg near the current token (LuaJIT's err_syntax).
func (p *parser) syntaxError(msg string) { p.fail(p.tok, msg) }

// expected raises "'tok' expected" near the current token (err_token).
func (p *parser) expected(tok token) { p.syntaxError("'" + tok.String() + "' expected") }

func (p *parser) testNext(tok token) bool {
	if p.tok == tok {
		p.nextToken()
		return true
	}
	return false
}

func (p *parser) check(tok token) {
	if p.tok != tok {
		p.expected(tok)
	}
	p.nextToken()
}

// match consumes the token closing what opened at line (lex_match).
func (p *parser) match(what, who token, line int) {
	if p.testNext(what) {
		return
	}
	if line == p.line {
		p.expected(what)
	}
	p.syntaxError("'" + what.String() + "' expected (to close '" + who.String() + "' at line " + strconv.Itoa(line) + ")")
}

// name consumes a name; outside Lua 5.2 mode LuaJIT accepts 'goto' as one.
func (p *parser) name() string {
	if p.tok != tkName && p.tok != tkGoto {
		p.expected(tkName)
	}
	s := p.val
	p.nextToken()
	return s
}

// mainChunk parses the whole input (lj_parse).
func (p *parser) mainChunk() []ast.Stmt {
	fs := p.openFunc(0)
	fs.vararg = true
	p.nextToken()
	stmts := p.chunk()
	if p.tok != tkEOF {
		p.expected(tkEOF)
	}
	p.closeFunc()
	return stmts
}

// blockEnd reports whether tok ends a block.
func blockEnd(tok token) bool {
	switch tok {
	case tkElse, tkElseif, tkEnd, tkUntil, tkEOF:
		return true
	}
	return false
}

// chunk parses statements up to the end of a block. gopher-lua wants a
// non-nil slice.
func (p *parser) chunk() []ast.Stmt {
	p.enterLevel()
	stmts := []ast.Stmt{}
	labels := false
	for !blockEnd(p.tok) {
		if p.tok == tkLabel {
			labels = true
			p.labelStat(&stmts)
			p.testNext(';')
			continue
		}
		st, last := p.statement()
		stmts = append(stmts, st)
		p.testNext(';')
		if last {
			break
		}
	}
	p.leaveLevel()
	if labels && !p.noGuard {
		stmts = guardLabels(stmts)
	}
	return stmts
}

// block parses a chunk in a scope of its own (parse_block).
func (p *parser) block() []ast.Stmt {
	p.openScope(0)
	stmts := p.chunk()
	p.closeScope()
	return stmts
}

// statement parses one statement; last tells that it must end the block.
func (p *parser) statement() (ast.Stmt, bool) {
	line := p.line
	start := p.tokLine
	switch p.tok {
	case tkIf:
		return p.ifStat(line, start), false
	case tkWhile:
		return p.whileStat(line, start), false
	case tkDo:
		p.nextToken()
		stmts := p.block()
		end := p.tokLine
		p.match(tkEnd, tkDo, line)
		st := &ast.DoBlockStmt{Stmts: stmts}
		st.SetLine(start)
		st.SetLastLine(end)
		return st, false
	case tkFor:
		return p.forStat(line, start), false
	case tkRepeat:
		return p.repeatStat(line, start), false
	case tkFunction:
		return p.funcStat(line, start), false
	case tkLocal:
		p.nextToken()
		return p.localStat(start), false
	case tkReturn:
		return p.returnStat(start), true
	case tkBreak:
		p.nextToken()
		p.fs.bl.flags |= scopeBreak
		p.newGola(gola{brk: true, kind: golaGoto, line: p.lastline})
		st := &ast.BreakStmt{}
		st.SetLine(start)
		return st, true
	case tkGoto:
		if p.lookahead() == tkName {
			p.nextToken()
			label := p.name()
			p.fs.bl.flags |= scopeGola
			p.newGola(gola{name: label, kind: golaGoto, line: p.lastline})
			st := &ast.GotoStmt{Label: label}
			st.SetLine(start)
			return st, false
		}
	}
	return p.exprStat(), false
}

// labelStat parses "::name::" and, as LuaJIT does, the labels right after
// it, because whether a label ends its block decides its scope.
func (p *parser) labelStat(out *[]ast.Stmt) {
	start := p.tokLine
	p.fs.bl.flags |= scopeGola
	p.nextToken()
	name := p.name()
	if p.findLabel(name) {
		p.fail(0, "duplicate label '"+name+"'")
	}
	idx := p.newGola(gola{name: name, kind: golaLabel})
	p.check(tkLabel)
	st := &ast.LabelStmt{Name: name}
	st.SetLine(start)
	*out = append(*out, st)
	for p.tok == tkLabel {
		p.enterLevel()
		p.labelStat(out)
		p.leaveLevel()
	}
	if blockEnd(p.tok) && p.tok != tkUntil {
		p.gola[idx].slot = p.fs.bl.nactvar
	}
	lbl := p.gola[idx]
	p.golaResolve(p.fs.bl, &lbl, idx)
}

// exprStat parses a call statement or an assignment (parse_call_assign).
func (p *parser) exprStat() ast.Stmt {
	e, kind := p.primaryExpr()
	if kind == primCall {
		st := &ast.FuncCallStmt{Expr: e}
		st.SetLine(e.Line())
		return st
	}
	lhs := []ast.Expr{e}
	p.assignable(kind)
	for p.testNext(',') {
		e, kind = p.primaryExpr()
		lhs = append(lhs, e)
		if p.level+len(lhs)-1 >= maxLevels {
			p.limitError(maxLevels, "variable names")
		}
		p.assignable(kind)
	}
	p.check('=')
	rhs := p.exprList()
	st := &ast.AssignStmt{Lhs: lhs, Rhs: rhs}
	st.SetLine(lhs[0].Line())
	if len(lhs) > 1 && !p.noGuard && readsTargets(st) {
		return viaTemporaries(st)
	}
	return st
}

// viaTemporaries rewrites a multiple assignment "a, b = e1, e2" as
// "do local (t1), (t2) = e1, e2; a, b = (t1), (t2) end". gopher-lua's
// compiler evaluates each right-hand expression straight into the register
// of a local on the left, so "a, b = b, a + b" reads the new a; Lua
// evaluates every expression before assigning.
func viaTemporaries(st *ast.AssignStmt) ast.Stmt {
	line := st.Line()
	names := make([]string, len(st.Lhs))
	tmps := make([]ast.Expr, len(st.Lhs))
	for i := range st.Lhs {
		names[i] = assignTemps[min(i, len(assignTemps)-1)]
		if i >= len(assignTemps)-1 {
			names[i] = "(assign " + strconv.Itoa(i+1) + ")"
		}
		id := &ast.IdentExpr{Value: names[i]}
		id.SetLine(line)
		id.SetLastLine(line)
		tmps[i] = id
	}
	local := &ast.LocalAssignStmt{Names: names, Exprs: st.Rhs}
	local.SetLine(line)
	local.SetLastLine(st.LastLine())
	assign := &ast.AssignStmt{Lhs: st.Lhs, Rhs: tmps}
	assign.SetLine(line)
	assign.SetLastLine(st.LastLine())
	block := &ast.DoBlockStmt{Stmts: []ast.Stmt{local, assign}}
	block.SetLine(line)
	block.SetLastLine(st.LastLine())
	return block
}

// readsTargets reports whether a multiple assignment's right-hand side
// reads a variable it assigns (a function value counts, as its body may).
func readsTargets(st *ast.AssignStmt) bool {
	names := map[string]bool{}
	for _, e := range st.Lhs {
		if id, ok := e.(*ast.IdentExpr); ok {
			names[id.Value] = true
		}
	}
	if len(names) == 0 {
		return false
	}
	for _, e := range st.Rhs {
		if reads(e, names) {
			return true
		}
	}
	return false
}

func reads(e ast.Expr, names map[string]bool) bool {
	switch x := e.(type) {
	case nil:
		return false
	case *ast.TrueExpr, *ast.FalseExpr, *ast.NilExpr, *ast.NumberExpr, *ast.StringExpr, *ast.Comma3Expr:
		return false
	case *ast.IdentExpr:
		return names[x.Value]
	case *ast.AttrGetExpr:
		return reads(x.Object, names) || reads(x.Key, names)
	case *ast.TableExpr:
		for _, f := range x.Fields {
			if reads(f.Key, names) || reads(f.Value, names) {
				return true
			}
		}
		return false
	case *ast.FuncCallExpr:
		if reads(x.Func, names) || reads(x.Receiver, names) {
			return true
		}
		for _, a := range x.Args {
			if reads(a, names) {
				return true
			}
		}
		return false
	case *ast.LogicalOpExpr:
		return reads(x.Lhs, names) || reads(x.Rhs, names)
	case *ast.RelationalOpExpr:
		return reads(x.Lhs, names) || reads(x.Rhs, names)
	case *ast.StringConcatOpExpr:
		return reads(x.Lhs, names) || reads(x.Rhs, names)
	case *ast.ArithmeticOpExpr:
		return reads(x.Lhs, names) || reads(x.Rhs, names)
	case *ast.UnaryMinusOpExpr:
		return reads(x.Expr, names)
	case *ast.UnaryNotOpExpr:
		return reads(x.Expr, names)
	case *ast.UnaryLenOpExpr:
		return reads(x.Expr, names)
	}
	return true
}

// assignTemps are the names of viaTemporaries' locals: not identifiers, so
// no Lua code can refer to them.
var assignTemps = [...]string{"(assign 1)", "(assign 2)", "(assign 3)", "(assign 4)"}

// assignable checks that an assignment target is a variable.
func (p *parser) assignable(kind primKind) {
	if kind != primVar {
		p.syntaxError("syntax error")
	}
}

// localStat parses "local function" and "local names [= exprs]".
func (p *parser) localStat(start int) ast.Stmt {
	if p.testNext(tkFunction) {
		name := p.name()
		p.newVar(0, name)
		p.addVars(1)
		fn := p.body(false, p.line, p.tokLine)
		st := &ast.LocalAssignStmt{Names: []string{name}, Exprs: []ast.Expr{fn}}
		st.SetLine(start)
		st.SetLastLine(fn.LastLine())
		return st
	}
	var names []string
	for {
		name := p.name()
		p.newVar(len(names), name)
		names = append(names, name)
		if !p.testNext(',') {
			break
		}
	}
	exprs := []ast.Expr{}
	if p.testNext('=') {
		exprs = p.exprList()
	}
	p.addVars(len(names))
	st := &ast.LocalAssignStmt{Names: names, Exprs: exprs}
	st.SetLine(start)
	return st
}

// funcStat parses "function a.b:c() ... end".
func (p *parser) funcStat(line, start int) ast.Stmt {
	p.nextToken()
	nameLine := p.tokLine
	first := p.name()
	p.resolveName(first)
	fn := &ast.IdentExpr{Value: first}
	fn.SetLine(nameLine)
	fname := &ast.FuncName{Func: fn}
	for p.tok == '.' {
		p.nextToken()
		keyLine := p.tokLine
		key := &ast.StringExpr{Value: p.name()}
		key.SetLine(keyLine)
		get := &ast.AttrGetExpr{Object: fname.Func, Key: key}
		get.SetLine(keyLine)
		fname.Func = get
	}
	method := false
	if p.tok == ':' {
		p.nextToken()
		fname = &ast.FuncName{Receiver: fname.Func, Method: p.name()}
		method = true
	}
	body := p.body(method, line, p.tokLine)
	st := &ast.FuncDefStmt{Name: fname, Func: body}
	st.SetLine(start)
	st.SetLastLine(body.LastLine())
	return st
}

// returnStat parses a return statement.
func (p *parser) returnStat(start int) ast.Stmt {
	p.nextToken()
	st := &ast.ReturnStmt{}
	if !blockEnd(p.tok) && p.tok != ';' {
		st.Exprs = p.exprList()
	}
	st.SetLine(start)
	return st
}

// ifStat parses if/elseif/else; elseif branches become nested IfStmts in
// Else, as gopher-lua builds them.
func (p *parser) ifStat(line, start int) ast.Stmt {
	top := &ast.IfStmt{}
	top.SetLine(start)
	cur := top
	p.thenPart(cur)
	for p.tok == tkElseif {
		next := &ast.IfStmt{}
		next.SetLine(p.tokLine)
		p.thenPart(next)
		cur.Else = []ast.Stmt{next}
		cur = next
	}
	if p.tok == tkElse {
		p.nextToken()
		cur.Else = p.block()
	}
	top.SetLastLine(p.tokLine)
	p.match(tkEnd, tkIf, line)
	return top
}

func (p *parser) thenPart(st *ast.IfStmt) {
	p.nextToken()
	st.Condition = p.expr()
	p.check(tkThen)
	st.Then = p.block()
}

// whileStat parses a while loop.
func (p *parser) whileStat(line, start int) ast.Stmt {
	p.nextToken()
	cond := p.expr()
	p.openScope(scopeLoop)
	p.check(tkDo)
	body := p.block()
	end := p.tokLine
	p.match(tkEnd, tkWhile, line)
	p.closeScope()
	st := &ast.WhileStmt{Condition: cond, Stmts: body}
	st.SetLine(start)
	st.SetLastLine(end)
	if p.noGuard {
		return st
	}
	return guardWhile(st)
}

// repeatStat parses repeat ... until; the condition sees the body's locals.
func (p *parser) repeatStat(line, start int) ast.Stmt {
	p.openScope(scopeLoop)
	p.openScope(0)
	p.nextToken()
	body := p.chunk()
	p.match(tkUntil, tkRepeat, line)
	cond := p.expr()
	p.closeScope()
	p.closeScope()
	if !p.noGuard {
		body = guardLoopBody(body, start)
	}
	st := &ast.RepeatStmt{Condition: cond, Stmts: body}
	st.SetLine(start)
	st.SetLastLine(cond.Line())
	return st
}

// forStat parses numeric and generic for loops.
func (p *parser) forStat(line, start int) ast.Stmt {
	p.openScope(scopeLoop)
	p.nextToken()
	name := p.name()
	var st ast.Stmt
	switch p.tok {
	case '=':
		st = p.forNum(name, start)
	case ',', tkIn:
		st = p.forIn(name, start)
	default:
		p.syntaxError("'=' or 'in' expected")
	}
	st.SetLastLine(p.tokLine)
	p.match(tkEnd, tkFor, line)
	p.closeScope()
	if gen, ok := st.(*ast.GenericForStmt); ok && !p.noGuard {
		return fixForIn(gen)
	}
	return st
}

func (p *parser) forNum(name string, start int) ast.Stmt {
	for i := 0; i < 3; i++ {
		p.newVar(i, "")
	}
	p.newVar(3, name)
	p.check('=')
	st := &ast.NumberForStmt{Name: name}
	st.SetLine(start)
	st.Init = p.expr()
	p.check(',')
	st.Limit = p.expr()
	if p.testNext(',') {
		st.Step = p.expr()
	}
	p.addVars(3)
	p.check(tkDo)
	p.openScope(0)
	p.addVars(1)
	st.Stmts = p.block()
	p.closeScope()
	return st
}

func (p *parser) forIn(first string, start int) ast.Stmt {
	for i := 0; i < 3; i++ {
		p.newVar(i, "")
	}
	names := []string{first}
	p.newVar(3, first)
	for p.testNext(',') {
		name := p.name()
		p.newVar(len(names)+3, name)
		names = append(names, name)
	}
	p.check(tkIn)
	exprs := p.exprList()
	p.addVars(3)
	p.check(tkDo)
	p.openScope(0)
	p.addVars(len(names))
	body := p.block()
	p.closeScope()
	if !p.noGuard {
		body = guardLoopBody(body, start)
	}
	st := &ast.GenericForStmt{Names: names, Exprs: exprs, Stmts: body}
	st.SetLine(start)
	return st
}

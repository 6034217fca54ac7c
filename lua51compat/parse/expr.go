package parse

import "github.com/yuin/gopher-lua/ast"

// primKind classifies a primary expression the way LuaJIT's expression
// kinds do for statements: a variable can be assigned to, a call can stand
// alone, anything else (a parenthesised expression) can do neither.
type primKind int

const (
	primVar primKind = iota
	primCall
	primOther
)

// expr parses a whole expression.
func (p *parser) expr() ast.Expr {
	return p.binop(0)
}

// exprList parses a comma-separated expression list.
func (p *parser) exprList() []ast.Expr {
	list := []ast.Expr{p.expr()}
	for p.testNext(',') {
		list = append(list, p.expr())
	}
	return list
}

// Binary operator priorities (left, right) as in LuaJIT; right < left makes
// an operator right-associative.
type priority struct{ left, right int }

const unaryPriority = 8

func binaryPriority(t token) (priority, bool) {
	switch t {
	case '+', '-':
		return priority{6, 6}, true
	case '*', '/', '%':
		return priority{7, 7}, true
	case '^':
		return priority{10, 9}, true
	case tkConcat:
		return priority{5, 4}, true
	case tkEq, tkNe, '<', '>', tkLe, tkGe:
		return priority{3, 3}, true
	case tkAnd:
		return priority{2, 2}, true
	case tkOr:
		return priority{1, 1}, true
	}
	return priority{}, false
}

// binop parses operators binding tighter than limit (LuaJIT's expr_binop).
func (p *parser) binop(limit int) ast.Expr {
	p.enterLevel()
	e := p.unop()
	for {
		op := p.tok
		pri, ok := binaryPriority(op)
		if !ok || pri.left <= limit {
			break
		}
		p.nextToken()
		rhs := p.binop(pri.right)
		e = binaryExpr(op, e, rhs)
	}
	p.leaveLevel()
	return e
}

// binaryExpr builds the node gopher-lua uses for op; its line is the left
// operand's.
func binaryExpr(op token, lhs, rhs ast.Expr) ast.Expr {
	var e ast.Expr
	switch op {
	case tkConcat:
		e = &ast.StringConcatOpExpr{Lhs: lhs, Rhs: rhs}
	case tkAnd:
		e = &ast.LogicalOpExpr{Operator: "and", Lhs: lhs, Rhs: rhs}
	case tkOr:
		e = &ast.LogicalOpExpr{Operator: "or", Lhs: lhs, Rhs: rhs}
	case tkEq, tkNe, '<', '>', tkLe, tkGe:
		if hasInt64Literal(lhs) != hasInt64Literal(rhs) {
			e = int64Compare(op.String(), lhs, rhs)
			break
		}
		e = &ast.RelationalOpExpr{Operator: op.String(), Lhs: lhs, Rhs: rhs}
	default:
		e = &ast.ArithmeticOpExpr{Operator: op.String(), Lhs: lhs, Rhs: rhs}
	}
	e.SetLine(lhs.Line())
	return e
}

// unop parses a unary operator expression or a simple expression.
func (p *parser) unop() ast.Expr {
	var e ast.Expr
	switch p.tok {
	case tkNot:
		p.nextToken()
		x := p.binop(unaryPriority)
		e = &ast.UnaryNotOpExpr{Expr: x}
	case '-':
		p.nextToken()
		x := p.binop(unaryPriority)
		e = &ast.UnaryMinusOpExpr{Expr: x}
	case '#':
		p.nextToken()
		x := p.binop(unaryPriority)
		e = &ast.UnaryLenOpExpr{Expr: x}
	default:
		return p.simpleExpr()
	}
	// gopher-lua gives a unary expression its operand's line.
	switch u := e.(type) {
	case *ast.UnaryNotOpExpr:
		u.SetLine(u.Expr.Line())
	case *ast.UnaryMinusOpExpr:
		u.SetLine(u.Expr.Line())
	case *ast.UnaryLenOpExpr:
		u.SetLine(u.Expr.Line())
	}
	return e
}

// simpleExpr parses literals, tables, functions and primary expressions.
func (p *parser) simpleExpr() ast.Expr {
	var e ast.Expr
	switch p.tok {
	case tkNumber:
		if x := int64Expr(p.val, p.tokLine); x != nil {
			p.nextToken()
			return x
		}
		e = &ast.NumberExpr{Value: numberText(p.num)}
	case tkString:
		e = &ast.StringExpr{Value: p.val}
	case tkNil:
		e = &ast.NilExpr{}
	case tkTrue:
		e = &ast.TrueExpr{}
	case tkFalse:
		e = &ast.FalseExpr{}
	case tkDots:
		if !p.fs.vararg {
			p.syntaxError("cannot use '...' outside a vararg function")
		}
		e = &ast.Comma3Expr{}
	case '{':
		return p.table()
	case tkFunction:
		start := p.tokLine
		p.nextToken()
		return p.body(false, p.line, start)
	default:
		e, _ := p.primaryExpr()
		return e
	}
	e.SetLine(p.tokLine)
	p.nextToken()
	return e
}

// primaryExpr parses a name or parenthesised expression and its suffixes.
func (p *parser) primaryExpr() (ast.Expr, primKind) {
	var e ast.Expr
	kind := primVar
	switch p.tok {
	case '(':
		line := p.line
		start := p.tokLine
		p.nextToken()
		inner := p.expr()
		p.match(')', '(', line)
		e = p.parenthesised(inner, start)
		kind = primOther
	case tkName, tkGoto:
		start := p.tokLine
		name := p.name()
		p.resolveName(name)
		id := &ast.IdentExpr{Value: name}
		id.SetLine(start)
		e = id
	default:
		p.syntaxError("unexpected symbol")
	}
	for {
		switch p.tok {
		case '.':
			p.nextToken()
			start := p.tokLine
			key := &ast.StringExpr{Value: p.name()}
			key.SetLine(start)
			get := &ast.AttrGetExpr{Object: e, Key: key}
			get.SetLine(e.Line())
			e, kind = get, primVar
		case '[':
			p.nextToken()
			key := p.expr()
			p.check(']')
			get := &ast.AttrGetExpr{Object: e, Key: key}
			get.SetLine(e.Line())
			e, kind = get, primVar
		case ':':
			p.nextToken()
			method := p.name()
			call := &ast.FuncCallExpr{Receiver: e, Method: method, Args: p.args()}
			call.SetLine(e.Line())
			e, kind = call, primCall
		case '(', tkString, '{':
			call := &ast.FuncCallExpr{Func: e, Args: p.args()}
			call.SetLine(e.Line())
			e, kind = call, primCall
		default:
			if kind == primCall {
				p.lastCall = e
			} else {
				p.lastCall = nil
			}
			return e, kind
		}
	}
}

// parenthesised applies gopher-lua's marks to "(e)": a bare call or "..."
// is truncated to one value; any other expression takes the line of "(".
func (p *parser) parenthesised(e ast.Expr, start int) ast.Expr {
	if call, ok := e.(*ast.FuncCallExpr); ok && e == p.lastCall {
		call.AdjustRet = true
		return e
	}
	if dots, ok := e.(*ast.Comma3Expr); ok {
		dots.AdjustRet = true
	}
	e.SetLine(start)
	return e
}

// args parses call arguments: (list), a table or a string.
func (p *parser) args() []ast.Expr {
	line := p.line
	switch p.tok {
	case '(':
		if line != p.lastline {
			p.syntaxError("ambiguous syntax (function call x new statement)")
		}
		p.nextToken()
		if p.tok == ')' {
			p.nextToken()
			return []ast.Expr{}
		}
		list := p.exprList()
		p.match(')', '(', line)
		return list
	case '{':
		return []ast.Expr{p.table()}
	case tkString:
		s := &ast.StringExpr{Value: p.val}
		s.SetLine(p.tokLine)
		p.nextToken()
		return []ast.Expr{s}
	}
	p.syntaxError("function arguments expected")
	return nil
}

// table parses a table constructor.
func (p *parser) table() ast.Expr {
	line := p.line
	start := p.tokLine
	p.check('{')
	fields := []*ast.Field{}
	for p.tok != '}' {
		f := &ast.Field{}
		if p.tok == '[' {
			p.nextToken()
			f.Key = p.expr()
			p.check(']')
			p.check('=')
		} else if (p.tok == tkName || p.tok == tkGoto) && p.lookahead() == '=' {
			key := &ast.StringExpr{Value: p.val}
			key.SetLine(p.tokLine)
			p.nextToken()
			p.check('=')
			f.Key = key
		}
		f.Value = p.expr()
		fields = append(fields, f)
		if !p.testNext(',') && !p.testNext(';') {
			break
		}
	}
	p.match('}', '{', line)
	t := &ast.TableExpr{Fields: fields}
	t.SetLine(start)
	return t
}

// body parses a function's parameters and body (parse_body). line is
// LuaJIT's line of definition; the node gets gopher-lua's line astLine.
func (p *parser) body(needSelf bool, line, astLine int) *ast.FunctionExpr {
	fs := p.openFunc(line)
	params := &ast.ParList{Names: []string{}}
	p.check('(')
	n := 0
	if needSelf {
		p.newVar(n, "self")
		n++
	}
	if p.tok != ')' {
		for {
			if p.tok == tkName || p.tok == tkGoto {
				name := p.name()
				p.newVar(n, name)
				n++
				params.Names = append(params.Names, name)
			} else if p.tok == tkDots {
				p.nextToken()
				fs.vararg = true
				params.HasVargs = true
				break
			} else {
				p.syntaxError("<name> or '...' expected")
			}
			if !p.testNext(',') {
				break
			}
		}
	}
	p.addVars(n)
	p.check(')')
	stmts := p.chunk()
	end := p.tokLine
	if p.tok != tkEnd {
		p.match(tkEnd, tkFunction, line)
	}
	p.closeFunc()
	p.nextToken()
	fn := &ast.FunctionExpr{ParList: params, Stmts: stmts}
	fn.SetLine(astLine)
	fn.SetLastLine(end)
	return fn
}

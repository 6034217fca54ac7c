package parse

import "github.com/yuin/gopher-lua/ast"

// gopher-lua's compiler resolves jump labels in one pass over the code
// (patchCode in compile.go) and, for each JMP, follows chains of JMPs to
// their final target. A JMP at a lower pc has already been rewritten from a
// label id to an offset by then, so a chain that reaches such a JMP reads an
// offset as a label id and jumps somewhere arbitrary; it also turns the JMP
// after TFORLOOP into a NOP, which TFORLOOP still reads as its loop offset.
// A chain can only reach a lower pc through a backward jump, and gopher-lua
// emits backward jumps only to the start of a while condition, a repeat
// body, a generic for body, and to labels. The guards below make sure none
// of those places holds a JMP, by putting a one-instruction no-op statement
// there when the code would otherwise start with a jump. The predicates
// mirror gopher-lua's code generator and answer "may jump" when unsure.

// codeStart says how the code of a statement or expression begins.
type codeStart int

const (
	startEmpty codeStart = iota // no instruction at all
	startPlain                  // a non-jump instruction
	startJump                   // possibly a JMP
)

// nopName names the no-op's local; it cannot clash with a Lua name.
const nopName = "(nop)"

// nopStmt is "do local (nop) end": a single LOADNIL into a free register.
func nopStmt(line int) ast.Stmt {
	local := &ast.LocalAssignStmt{Names: []string{nopName}, Exprs: []ast.Expr{}}
	local.SetLine(line)
	do := &ast.DoBlockStmt{Stmts: []ast.Stmt{local}}
	do.SetLine(line)
	do.SetLastLine(line)
	return do
}

// guardLoopBody prepends a no-op to a loop body a backward jump targets
// when the body might begin with a jump.
func guardLoopBody(body []ast.Stmt, line int) []ast.Stmt {
	if stmtsStart(body) == startPlain {
		return body
	}
	return append([]ast.Stmt{nopStmt(line)}, body...)
}

// guardWhile protects the target of a while loop's backward jump: the
// condition's first instruction, or the body when the condition compiles
// to nothing. A condition that may start with a jump is moved into the
// body: "while true do <nop> if not cond then break end ... end".
func guardWhile(st *ast.WhileStmt) ast.Stmt {
	switch condStart(st.Condition, false) {
	case startEmpty:
		st.Stmts = guardLoopBody(st.Stmts, st.Line())
	case startJump:
		line := st.Condition.Line()
		not := &ast.UnaryNotOpExpr{Expr: st.Condition}
		not.SetLine(line)
		brk := &ast.BreakStmt{}
		brk.SetLine(line)
		exit := &ast.IfStmt{Condition: not, Then: []ast.Stmt{brk}}
		exit.SetLine(line)
		exit.SetLastLine(line)
		always := &ast.TrueExpr{}
		always.SetLine(line)
		body := make([]ast.Stmt, 0, len(st.Stmts)+2)
		body = append(body, nopStmt(st.Line()), exit)
		st.Condition = always
		st.Stmts = append(body, st.Stmts...)
	}
	return st
}

// guardLabels puts a no-op after each run of labels followed by code that
// may start with a jump, since a backward goto lands there.
func guardLabels(stmts []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	copied := 0 // stmts[:copied] are in out
	for i := 0; i < len(stmts); i++ {
		if _, ok := stmts[i].(*ast.LabelStmt); !ok {
			continue
		}
		j := i + 1
		for j < len(stmts) {
			if _, ok := stmts[j].(*ast.LabelStmt); !ok {
				break
			}
			j++
		}
		if j < len(stmts) && stmtsStart(stmts[j:]) == startJump {
			out = append(out, stmts[copied:j]...)
			out = append(out, nopStmt(stmts[j].Line()))
			copied = j
		}
		i = j - 1
	}
	if copied == 0 {
		return stmts
	}
	return append(out, stmts[copied:]...)
}

// stmtsStart is how the code of a statement list begins.
func stmtsStart(list []ast.Stmt) codeStart {
	for _, s := range list {
		if r := stmtStart(s); r != startEmpty {
			return r
		}
	}
	return startEmpty
}

func stmtStart(s ast.Stmt) codeStart {
	switch st := s.(type) {
	case *ast.LocalAssignStmt:
		if len(st.Exprs) == 0 {
			return startPlain
		}
		return exprStart(st.Exprs[0])
	case *ast.AssignStmt:
		for _, e := range st.Lhs {
			if get, ok := e.(*ast.AttrGetExpr); ok {
				if exprStart(get.Object) == startJump || exprStart(get.Key) == startJump {
					return startJump
				}
			}
		}
		for _, e := range st.Rhs {
			if exprStart(e) == startJump {
				return startJump
			}
		}
		return startPlain
	case *ast.FuncCallStmt:
		return exprStart(st.Expr)
	case *ast.DoBlockStmt:
		return stmtsStart(st.Stmts)
	case *ast.WhileStmt:
		c := condStart(st.Condition, false)
		if c != startEmpty {
			return c
		}
		return orJump(stmtsStart(st.Stmts))
	case *ast.RepeatStmt:
		return orJump(stmtsStart(st.Stmts))
	case *ast.IfStmt:
		c := condStart(st.Condition, false)
		if c != startEmpty {
			return c
		}
		return orJump(stmtsStart(st.Then))
	case *ast.NumberForStmt:
		return exprStart(st.Init)
	case *ast.GenericForStmt:
		return exprStart(st.Exprs[0])
	case *ast.FuncDefStmt:
		if st.Name.Func == nil {
			return exprStart(st.Name.Receiver)
		}
		return startPlain
	case *ast.ReturnStmt:
		if len(st.Exprs) == 0 {
			return startPlain
		}
		return exprStart(st.Exprs[0])
	case *ast.GotoStmt:
		return startPlain // a CLOSE comes first
	case *ast.LabelStmt:
		return startEmpty
	}
	return startJump
}

// orJump turns "nothing" into "may jump": what follows is not known here.
func orJump(c codeStart) codeStart {
	if c == startEmpty {
		return startJump
	}
	return c
}

// exprStart is how the code of an expression in value context begins; it
// never says startEmpty.
func exprStart(e ast.Expr) codeStart {
	switch ex := e.(type) {
	case nil:
		return startPlain
	case *ast.LogicalOpExpr:
		leaf := ex.Lhs
		for {
			l, ok := leaf.(*ast.LogicalOpExpr)
			if !ok {
				break
			}
			leaf = l.Lhs
		}
		switch leaf.(type) {
		case *ast.NilExpr, *ast.FalseExpr, *ast.TrueExpr, *ast.NumberExpr, *ast.StringExpr:
			return startJump
		}
		return exprStart(leaf)
	case *ast.RelationalOpExpr:
		return either(ex.Lhs, ex.Rhs)
	case *ast.ArithmeticOpExpr:
		return either(ex.Lhs, ex.Rhs)
	case *ast.StringConcatOpExpr:
		return either(ex.Lhs, ex.Rhs)
	case *ast.UnaryMinusOpExpr:
		return exprStart(ex.Expr)
	case *ast.UnaryNotOpExpr:
		return exprStart(ex.Expr)
	case *ast.UnaryLenOpExpr:
		return exprStart(ex.Expr)
	case *ast.FuncCallExpr:
		if ex.Func != nil {
			return exprStart(ex.Func)
		}
		return exprStart(ex.Receiver)
	case *ast.AttrGetExpr:
		return either(ex.Object, ex.Key)
	}
	return startPlain
}

func either(a, b ast.Expr) codeStart {
	if exprStart(a) == startJump || exprStart(b) == startJump {
		return startJump
	}
	return startPlain
}

// condStart is how the code of a branch condition begins, following
// compileBranchCondition: constants either jump or emit nothing, "not"
// swaps the sense, and/or recurse.
func condStart(e ast.Expr, hasNext bool) codeStart {
	switch ex := e.(type) {
	case *ast.FalseExpr, *ast.NilExpr:
		if !hasNext {
			return startJump
		}
		return startPlain
	case *ast.TrueExpr, *ast.NumberExpr, *ast.StringExpr:
		if !hasNext {
			return startEmpty
		}
		return startPlain
	case *ast.UnaryNotOpExpr:
		return condStart(ex.Expr, !hasNext)
	case *ast.LogicalOpExpr:
		lhsNext := ex.Operator == "or"
		if c := condStart(ex.Lhs, lhsNext); c != startEmpty {
			return c
		}
		return condStart(ex.Rhs, hasNext)
	case *ast.RelationalOpExpr:
		return either(ex.Lhs, ex.Rhs)
	}
	return exprStart(e)
}

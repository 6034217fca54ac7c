package parse

import "github.com/yuin/gopher-lua/ast"

// gopher-lua's compiler initialises the three hidden registers of a generic
// for (generator, state, control) with its local-assignment code, but
// passes it the loop's own variable names: with fewer than three names it
// leaves a register unset when the expression list does not fill it, so
// "for k, v in next, t do" reads a stale register as the control value.
// Registers past the last expression are only cleared up to the number of
// names, and a call in an extra position is run for no results at all.
// fixForIn rewrites the expression list into a shape the compiler handles:
// single values padded with nil to three, or, when a multi-value call would
// land in an extra position, three temporaries filled by a local statement.

// forTemps name the temporaries. They cannot clash with Lua names, and
// must not clash with the names gopher-lua gives its own hidden loop
// variables ("(for generator)", "(for state)", "(for control)"), which it
// resolves by name.
var forTemps = [3]string{"(in gen)", "(in state)", "(in ctl)"}

// isMulti reports whether e can produce several values in a list's last
// position.
func isMulti(e ast.Expr) bool {
	switch ex := e.(type) {
	case *ast.FuncCallExpr:
		return !ex.AdjustRet
	case *ast.Comma3Expr:
		return !ex.AdjustRet
	}
	return false
}

// fixForIn returns st, or a do-block holding the temporaries and st.
func fixForIn(st *ast.GenericForStmt) ast.Stmt {
	n, m := len(st.Names), len(st.Exprs)
	last := st.Exprs[m-1]
	if !isMulti(last) {
		for len(st.Exprs) < 3 {
			nilExpr := &ast.NilExpr{}
			nilExpr.SetLine(last.Line())
			st.Exprs = append(st.Exprs, nilExpr)
		}
		return st
	}
	if m <= n || m > 3 {
		return st
	}
	line := st.Line()
	temps := &ast.LocalAssignStmt{Names: forTemps[:], Exprs: st.Exprs}
	temps.SetLine(line)
	st.Exprs = make([]ast.Expr, 3)
	for i, name := range forTemps {
		id := &ast.IdentExpr{Value: name}
		id.SetLine(line)
		st.Exprs[i] = id
	}
	do := &ast.DoBlockStmt{Stmts: []ast.Stmt{temps, st}}
	do.SetLine(line)
	do.SetLastLine(st.LastLine())
	return do
}

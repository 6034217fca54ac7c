package config

import (
	"strings"
)

// The rewrite module's directives build the Script of the block they are
// in, checked as ngx_http_rewrite_module checks them.

func (p *parser) addStmt(st Stmt) {
	p.sc.script.Stmts = append(p.sc.script.Stmts, st)
}

func pos(d *Directive) Pos { return Pos{File: d.File, Line: d.Line} }

// compileValue compiles a complex value and records its variables for the
// unknown-variable check.
func (p *parser) compileValue(s string) (*ComplexValue, error) {
	cv, err := compileComplex(s)
	if err != nil {
		return nil, err
	}
	p.vars.use(cv.Variables()...)
	return cv, nil
}

func setSet(p *parser, d *Directive) error {
	name := d.Args[0]
	if !strings.HasPrefix(name, "$") {
		return emergf(`invalid variable name "%s"`, name)
	}
	name = name[1:]
	if err := p.vars.declare(name); err != nil {
		return err
	}
	cv, err := p.compileValue(d.Args[1])
	if err != nil {
		return err
	}
	p.addStmt(&SetStmt{Pos: pos(d), Var: strings.ToLower(name), Value: cv})
	return nil
}

func isRedirectTarget(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "$scheme")
}

func setRewrite(p *parser, d *Directive) error {
	if d.Args[1] == "" {
		return emergf("empty replacement")
	}
	re, err := p.compileRegex(d.Args[0], false)
	if err != nil {
		return err
	}
	st := &RewriteStmt{Pos: pos(d), Regex: re, Raw: d.Args[1], AddArgs: true}
	repl := d.Args[1]
	if strings.HasSuffix(repl, "?") {
		// a final "?" drops the request's arguments
		repl = repl[:len(repl)-1]
		st.AddArgs = false
	}
	if isRedirectTarget(repl) {
		st.Redirect, st.Status = true, 302
	}
	if len(d.Args) == 3 {
		switch d.Args[2] {
		case "last":
			st.Flag = RewriteLast
		case "break":
			st.Flag = RewriteBreak
		case "redirect":
			st.Flag, st.Redirect, st.Status = RewriteRedirect, true, 302
		case "permanent":
			st.Flag, st.Redirect, st.Status = RewritePermanent, true, 301
		default:
			return emergf(`invalid parameter "%s"`, d.Args[2])
		}
	}
	uri, args, hasArgs := strings.Cut(repl, "?")
	if st.URI, err = p.compileValue(uri); err != nil {
		return err
	}
	if hasArgs {
		if st.Args, err = p.compileValue(args); err != nil {
			return err
		}
	}
	p.addStmt(st)
	return nil
}

func setReturn(p *parser, d *Directive) error {
	st := &ReturnStmt{Pos: pos(d)}
	v := d.Args[0]
	var text string
	hasText := false
	if n := atoi(v); n < 0 {
		if len(d.Args) == 1 && isRedirectTarget(v) {
			st.Status, text, hasText = 302, v, true
		} else {
			return emergf(`invalid return code "%s"`, v)
		}
	} else {
		if n > 999 {
			return emergf(`invalid return code "%s"`, v)
		}
		st.Status = int(n)
		if len(d.Args) == 2 {
			text, hasText = d.Args[1], true
		}
	}
	if hasText {
		cv, err := p.compileValue(text)
		if err != nil {
			return err
		}
		st.Text = cv
	}
	p.addStmt(st)
	return nil
}

func setBreak(p *parser, d *Directive) error {
	p.addStmt(&BreakStmt{Pos: pos(d)})
	return nil
}

// setIf is the if directive: its condition becomes an IfStmt of the
// enclosing script, and its block a pseudo location (in a location) whose
// statements run as the IfStmt's body.
func setIf(p *parser, d *Directive) error {
	parent := p.sc.loc
	ifLoc := &Location{Kind: LocIf, Name: parent.Name, Server: p.sc.srv, Parent: parent, File: d.File, Line: d.Line}
	ifLoc.Block.Parent = &parent.Block
	cond, err := p.ifCondition(d)
	if err != nil {
		return err
	}
	ifLoc.Condition = cond
	st := &IfStmt{Pos: pos(d), Cond: cond}
	ctx := CtxLocationIf
	if p.sc.ctx == CtxServer {
		ctx = CtxServerIf
	} else {
		st.Location = ifLoc
	}
	p.addStmt(st)
	body := &Script{}
	err = p.parseChild(&scope{
		ctx: ctx, block: &ifLoc.Block, seen: map[string]bool{},
		http: p.sc.http, srv: p.sc.srv, loc: ifLoc, script: body,
	})
	st.Body = body.Stmts
	return err
}

// ifCondition parses an if condition as ngx_http_rewrite_if_condition
// does: the parentheses may be separate words or stuck to the first and
// last ones.
func (p *parser) ifCondition(d *Directive) (*Condition, error) {
	args := append([]string(nil), d.Args...)
	first, last := 0, len(args)-1
	if args[0] == "" || args[0][0] != '(' {
		return nil, emergf(`invalid condition "%s"`, args[0])
	}
	if len(args[0]) == 1 {
		first = 1
	} else {
		args[0] = args[0][1:]
	}
	if args[last] == "" || args[last][len(args[last])-1] != ')' {
		return nil, emergf(`invalid condition "%s"`, args[last])
	}
	if len(args[last]) == 1 {
		last--
	} else {
		args[last] = args[last][:len(args[last])-1]
	}
	if first > last {
		// "( )" and "()": nginx goes on with the word after "(",
		// which is the ")"
		w := ""
		if first < len(args) {
			w = args[first]
		}
		return nil, emergf(`invalid condition "%s"`, w)
	}
	c := &Condition{Args: args[first : last+1]}
	w := args[first]
	if len(w) > 1 && w[0] == '$' {
		if first != last && first+2 != last {
			return nil, emergf(`invalid condition "%s"`, w)
		}
		name := strings.ToLower(w[1:])
		p.vars.use(name)
		c.Var = name
		if first == last {
			c.Op = CondVar
			return c, nil
		}
		op := args[first+1]
		rhs := args[last]
		switch op {
		case "=", "!=":
			cv, err := p.compileValue(rhs)
			if err != nil {
				return nil, err
			}
			c.Value = cv
			c.Op = CondEqual
			if op == "!=" {
				c.Op = CondNotEqual
			}
			return c, nil
		case "~", "~*", "!~", "!~*":
			re, err := p.compileRegex(rhs, strings.HasSuffix(op, "*"))
			if err != nil {
				return nil, err
			}
			c.Regex = re
			c.Op = map[string]CondOp{"~": CondMatch, "~*": CondMatchCaseless, "!~": CondNotMatch, "!~*": CondNotMatchCaseless}[op]
			return c, nil
		}
		return nil, emergf(`unexpected "%s" in condition`, op)
	}
	if (len(w) == 2 && w[0] == '-') || (len(w) == 3 && w[0] == '!' && w[1] == '-') {
		if first+1 != last {
			return nil, emergf(`invalid condition "%s"`, w)
		}
		cv, err := p.compileValue(args[last])
		if err != nil {
			return nil, err
		}
		c.Value = cv
		ops := map[string]CondOp{
			"-f": CondFile, "!-f": CondNotFile, "-d": CondDir, "!-d": CondNotDir,
			"-e": CondExists, "!-e": CondNotExists, "-x": CondExec, "!-x": CondNotExec,
		}
		if op, ok := ops[w]; ok {
			c.Op = op
			return c, nil
		}
		return nil, emergf(`invalid condition "%s"`, w)
	}
	return nil, emergf(`invalid condition "%s"`, w)
}

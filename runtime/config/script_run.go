package config

import (
	"errors"
	"fmt"
	"strings"
)

// Run executes the statements in order, as nginx's rewrite handler runs
// its script codes, and says what the engine does next.
func (s *Script) Run(ctx ScriptContext) Outcome {
	var out Outcome
	if s == nil || len(s.Stmts) == 0 {
		// (most locations: no allocation for the run's state)
		return out
	}
	r := scriptRun{ctx: ctx, out: &out}
	if s.Log {
		r.log, _ = ctx.(ScriptLogger)
	}
	r.stmts(s.Stmts)
	return out
}

type scriptRun struct {
	ctx ScriptContext
	out *Outcome
	log ScriptLogger
}

func (r *scriptRun) logf(format string, args ...any) {
	if r.log != nil {
		r.log.RewriteLog(fmt.Sprintf(format, args...))
	}
}

// stmts runs a statement list and reports whether the script stopped.
func (r *scriptRun) stmts(list []Stmt) bool {
	for _, st := range list {
		if r.stmt(st) {
			return true
		}
	}
	return false
}

func (r *scriptRun) stmt(st Stmt) bool {
	ctx, out := r.ctx, r.out
	switch s := st.(type) {
	case *SetStmt:
		ctx.SetVar(s.Var, s.Value.Eval(ctx))
	case *SetFuncStmt:
		if r.runSetFunc(s) {
			return true
		}
	case *SetByLuaStmt:
		args := make([]string, len(s.Handler.Args))
		for i, a := range s.Handler.Args {
			args[i] = a.Eval(ctx)
		}
		v, err := ctx.SetByLua(s.Handler, args)
		if err != nil {
			out.Action, out.Status, out.Err = ActionError, 500, err
			return true
		}
		ctx.SetVar(s.Handler.Var, v)
	case *BreakStmt:
		out.URIChanged = false
		out.Action = ActionBreak
		return true
	case *ReturnStmt:
		out.Action, out.Status = ActionReturn, s.Status
		if s.Text != nil {
			out.Text, out.HasText = s.Text.Eval(ctx), true
		}
		return true
	case *IfStmt:
		if !r.cond(s.Cond) {
			return false
		}
		if s.Location != nil {
			out.Loc = s.Location
		}
		return r.stmts(s.Body)
	case *RewriteStmt:
		return r.rewrite(s)
	}
	return false
}

// match runs a regex of a rewrite or if: as nginx's script does, the
// numbered captures are replaced by this match's, or cleared when it does
// not match; named captures are set as variables.
func (r *scriptRun) match(re Regex, subject string) bool {
	c, ok := execRegex(re, subject)
	r.ctx.SetCaptures(c)
	if !ok {
		return false
	}
	for _, n := range c.Named {
		r.ctx.SetVar(strings.ToLower(n.Name), n.Value)
	}
	return true
}

func (r *scriptRun) cond(c *Condition) bool {
	ctx := r.ctx
	switch c.Op {
	case CondVar:
		v, _ := ctx.Var(c.Var)
		return v != "" && v != "0"
	case CondEqual, CondNotEqual:
		v, _ := ctx.Var(c.Var)
		return (v == c.Value.Eval(ctx)) == (c.Op == CondEqual)
	case CondMatch, CondMatchCaseless, CondNotMatch, CondNotMatchCaseless:
		v, _ := ctx.Var(c.Var)
		ok := r.match(c.Regex, v)
		if ok {
			r.logf(`"%s" matches "%s"`, c.Regex, v)
		} else {
			r.logf(`"%s" does not match "%s"`, c.Regex, v)
		}
		return ok == (c.Op == CondMatch || c.Op == CondMatchCaseless)
	}
	fi := ctx.Stat(c.Value.Eval(ctx))
	switch c.Op {
	case CondFile:
		return fi.Exists && !fi.IsDir
	case CondNotFile:
		return !(fi.Exists && !fi.IsDir)
	case CondDir:
		return fi.Exists && fi.IsDir
	case CondNotDir:
		return !(fi.Exists && fi.IsDir)
	case CondExists:
		return fi.Exists
	case CondNotExists:
		return !fi.Exists
	case CondExec:
		return fi.Exists && fi.Executable
	case CondNotExec:
		return !(fi.Exists && fi.Executable)
	}
	return false
}

// errZeroURI is nginx's "the rewritten URI has a zero length".
var errZeroURI = errors.New("the rewritten URI has a zero length")

func (r *scriptRun) rewrite(s *RewriteStmt) bool {
	ctx, out := r.ctx, r.out
	uri := ctx.URI()
	if !r.match(s.Regex, uri) {
		r.logf(`"%s" does not match "%s"`, s.Regex, uri)
		return false
	}
	r.logf(`"%s" matches "%s"`, s.Regex, uri)

	// Captures copied into a redirect or into arguments are escaped
	// again when the client's URI was escaped.
	quoted := ctx.QuotedURI()
	newURI := s.URI.eval(ctx, s.Redirect && quoted)
	var args string
	if s.Args != nil {
		args = s.Args.eval(ctx, quoted)
	}

	if s.Redirect {
		loc := newURI
		if s.Args != nil {
			loc += "?" + args
		}
		if old := ctx.Args(); s.AddArgs && old != "" {
			if s.Args != nil {
				loc += "&" + old
			} else {
				loc += "?" + old
			}
		}
		r.logf(`rewritten redirect: "%s"`, loc)
		out.Action, out.Status, out.Location = ActionRedirect, s.Status, loc
		return true
	}

	switch {
	case s.Args != nil:
		if old := ctx.Args(); s.AddArgs && old != "" {
			args += "&" + old
		}
		ctx.SetArgs(args)
	case !s.AddArgs:
		ctx.SetArgs("")
	}
	r.logf(`rewritten data: "%s", args: "%s"`, newURI, ctx.Args())
	if newURI == "" {
		out.Action, out.Status, out.Err = ActionError, 500, errZeroURI
		return true
	}
	ctx.SetURI(newURI)
	switch s.Flag {
	case RewriteBreak:
		out.URIChanged = false
		out.Action = ActionBreak
		return true
	case RewriteLast:
		out.URIChanged = true
		out.Action = ActionLast
		return true
	}
	out.URIChanged = true
	return false
}

// eval evaluates the value, escaping captures for arguments when asked,
// as ngx_http_script_copy_capture_code does.
func (cv *ComplexValue) eval(r VarResolver, escapeCaptures bool) string {
	if !escapeCaptures {
		return cv.Eval(r)
	}
	var b strings.Builder
	for _, p := range cv.parts {
		switch {
		case p.varName != "":
			v, _ := r.Var(p.varName)
			b.WriteString(v)
		case p.capture != 0:
			v, _ := r.Capture(p.capture)
			b.WriteString(EscapeArgs(v))
		default:
			b.WriteString(p.lit)
		}
	}
	return b.String()
}

// EscapeArgs escapes s as ngx_escape_uri with NGX_ESCAPE_ARGS: space, "#",
// "%", "&", "+", ";", "?", control characters and bytes >= 0x7f become
// %XX.
func EscapeArgs(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if escapeArg(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func escapeArg(c byte) bool {
	switch {
	case c <= 0x20 || c >= 0x7f:
		return true
	case c == '#' || c == '%' || c == '&' || c == '+' || c == ';' || c == '?':
		return true
	}
	return false
}

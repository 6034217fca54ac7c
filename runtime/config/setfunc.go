package config

import (
	"errors"
	"strings"
	"sync"
)

// Directives of NDK modules such as set-misc ("set_unescape_uri $dst
// [src]") are rewrite-module statements: they run in order with set, if
// and rewrite, and assign a variable from a function of their evaluated
// arguments. The engine registers each with its function.

// SetFunc computes a variable's value: args[0] is the variable's current
// value, args[1:] the directive's evaluated sources (the current value again
// for the in-place form). A non-empty errLine is logged and fails the
// request with 500, as an NDK set_var function returning NGX_ERROR does.
type SetFunc func(args []string) (value, errLine string)

// SetFuncStmt is one such directive: Var is assigned Func(Args).
type SetFuncStmt struct {
	Pos
	Var  string
	Name string
	// Args are the variable itself, then the source values (the variable
	// again when none was written: set-misc's in-place form).
	Args []*ComplexValue
	Func SetFunc
}

var (
	setFuncMu sync.RWMutex
	setFuncs  = map[string]SetFunc{}
)

// RegisterSetFunc adds the directive "name $var value..." (with args counting
// the variable) for every later Load, in the server, location and if
// contexts, running fn in the rewrite phase.
func RegisterSetFunc(name, module string, args Arity, fn SetFunc) error {
	if err := RegisterDirective(DirectiveSpec{Name: name, Module: module,
		Contexts: CtxServer | CtxServerIf | CtxLocation | CtxLocationIf, Args: args}); err != nil {
		return err
	}
	setFuncMu.Lock()
	setFuncs[name] = fn
	setFuncMu.Unlock()
	return nil
}

// setFuncHandler returns the parser's handler of a registered set function.
func setFuncHandler(name string) func(p *parser, d *Directive) error {
	setFuncMu.RLock()
	fn := setFuncs[name]
	setFuncMu.RUnlock()
	if fn == nil {
		return nil
	}
	return func(p *parser, d *Directive) error {
		v := d.Args[0]
		if !strings.HasPrefix(v, "$") {
			return emergf(`invalid variable name "%s"`, v)
		}
		v = v[1:]
		if err := p.vars.declare(v); err != nil {
			return err
		}
		src := d.Args
		if len(src) == 1 {
			// in place: the variable's current value
			src = []string{d.Args[0], d.Args[0]}
		}
		st := &SetFuncStmt{Pos: pos(d), Var: strings.ToLower(v), Name: d.Name, Func: fn}
		for _, a := range src {
			cv, err := p.compileValue(a)
			if err != nil {
				return err
			}
			st.Args = append(st.Args, cv)
		}
		p.addStmt(st)
		return nil
	}
}

// runSetFunc runs a SetFuncStmt; it reports whether the script stops.
func (r *scriptRun) runSetFunc(s *SetFuncStmt) bool {
	args := make([]string, len(s.Args))
	for i, a := range s.Args {
		args[i] = a.Eval(r.ctx)
	}
	v, errLine := s.Func(args)
	if errLine != "" {
		r.out.Action, r.out.Status, r.out.Err = ActionError, 500, errors.New(errLine)
		return true
	}
	r.ctx.SetVar(s.Var, v)
	return false
}

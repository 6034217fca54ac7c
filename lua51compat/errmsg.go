package lua51compat

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// LuaJITError returns the error value v, raised on L, in LuaJIT's words
// when it is one of gopher-lua's runtime error messages, and v itself
// otherwise. gopher-lua says "attempt to call a non-function object" where
// LuaJIT says "attempt to call field 'blah' (a nil value)"; the variable's
// kind and name are derived, as LuaJIT does, from the failing function's
// bytecode and debug information. It must be called where the error is
// raised, while the failing frame is still L's current one: from the
// state's Panic function, before it unwinds. When anything is uncertain (a
// message raised elsewhere that only looks the same, an instruction that
// does not match), v is returned unchanged.
func LuaJITError(L *lua.LState, v lua.LValue) (out lua.LValue) {
	s, ok := v.(lua.LString)
	if !ok || !frameLayout.ok || !mayRewrite(string(s)) {
		return v
	}
	defer func() {
		// A defect here must not turn one error into a crash.
		if recover() != nil {
			out = v
		}
	}()
	f, ok := currentFrame(L)
	if !ok {
		return calleeError(L, string(s))
	}
	var msg string
	if f.fn.IsG {
		msg, ok = rewriteArgError(L, f, string(s))
	} else {
		msg, ok = rewriteVMError(L, f, string(s))
	}
	if !ok {
		return v
	}
	return lua.LString(msg)
}

// calleeError handles a call that failed before any frame existed: a
// protected call (pcall, xpcall, a coroutine) runs its function on a state
// of its own, whose data stack starts with the function.
func calleeError(L *lua.LState, msg string) lua.LValue {
	if strings.TrimSpace(msg) != gopherCall {
		return lua.LString(msg)
	}
	fn, ok := stackSlot(L, 0)
	if !ok || fn.Type() == lua.LTFunction {
		return lua.LString(msg)
	}
	return lua.LString("attempt to call a " + typeName(fn) + " value")
}

// gopher-lua's runtime error texts (vm.go, state.go, auxlib.go).
const (
	gopherCall    = "attempt to call a non-function object"
	gopherIndex   = "attempt to index a non-table object("
	gopherArith   = "cannot perform "
	gopherUnm     = "__unm undefined"
	gopherLen     = "__len undefined"
	gopherCompare = "attempt to compare "
	gopherForInit = "for statement init must be a number"
	gopherForLim  = "for statement limit must be a number"
	gopherForStep = "for statement step must be a number"
	gopherBadArg  = "bad argument #"
)

// mayRewrite is a cheap filter run on every error before any inspection.
func mayRewrite(s string) bool {
	for _, m := range []string{gopherCall, gopherIndex, gopherArith, gopherUnm, gopherLen,
		gopherCompare, gopherForInit, gopherForLim, gopherForStep, gopherBadArg} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// rewriteVMError rewrites an error raised by the instruction f is running.
func rewriteVMError(L *lua.LState, f frameView, msg string) (string, bool) {
	p := f.fn.Proto
	pc := f.pc - 1
	if p == nil || pc < 0 || pc >= len(p.Code) || pc >= len(p.DbgSourcePositions) {
		return "", false
	}
	where := p.SourceName + ":" + strconv.Itoa(p.DbgSourcePositions[pc]) + ": "
	body, ok := strings.CutPrefix(msg, where)
	if !ok {
		return "", false
	}
	r := vmError{L: L, f: f, c: newProtoCode(p), pc: pc, inst: p.Code[pc]}
	text, ok := r.rewrite(body)
	if !ok {
		return "", false
	}
	return where + text, true
}

// vmError is an error raised by instruction inst at pc of frame f.
type vmError struct {
	L    *lua.LState
	f    frameView
	c    *protoCode
	pc   int
	inst uint32
	vars []localVar
}

// rewrite returns LuaJIT's text for gopher-lua's message body, checked
// against the failing instruction.
func (r *vmError) rewrite(body string) (string, bool) {
	op := opcodeOf(r.inst)
	a, b, c := operandA(r.inst), operandB(r.inst), operandC(r.inst)
	switch {
	case body == gopherCall:
		switch op {
		case lua.OP_CALL, lua.OP_TAILCALL:
			return r.operandError("call", a)
		case lua.OP_TFORLOOP:
			// LuaJIT calls the iterator from a copy: the value is unnamed.
			if val, ok := r.rk(a); ok && val.Type() != lua.LTFunction {
				return "attempt to call a " + typeName(val) + " value", true
			}
		}
	case strings.HasPrefix(body, gopherIndex):
		typ, _, ok := strings.Cut(body[len(gopherIndex):], ")")
		if !ok {
			return "", false
		}
		obj := -1
		switch op {
		case lua.OP_GETTABLE, lua.OP_GETTABLEKS, lua.OP_SELF:
			obj = b
		case lua.OP_SETTABLE, lua.OP_SETTABLEKS:
			obj = a
		default:
			return "", false
		}
		if val, ok := r.rk(obj); ok && typeName(val) != typ {
			// An __index or __newindex chain reached a value that is
			// not in a register: LuaJIT names nothing then.
			return "attempt to index a " + typ + " value", true
		}
		return r.operandError("index", obj)
	case strings.HasPrefix(body, gopherArith) && strings.Contains(body, " operation between "):
		return r.arithError(op, b, c, body)
	case body == gopherUnm && op == lua.OP_UNM:
		return r.operandError("perform arithmetic on", b)
	case body == gopherLen && op == lua.OP_LEN:
		return r.operandError("get length of", b)
	case strings.HasPrefix(body, gopherCompare):
		if op != lua.OP_LT && op != lua.OP_LE {
			return "", false
		}
		x, ok1 := r.rk(b)
		y, ok2 := r.rk(c)
		if !ok1 || !ok2 {
			return "", false
		}
		tx, ty := typeName(x), typeName(y)
		if tx != ty {
			return "attempt to compare " + tx + " with " + ty, true
		}
		return "attempt to compare two " + tx + " values", true
	case body == gopherForInit && (op == lua.OP_FORPREP || op == lua.OP_FORLOOP):
		return "'for' initial value must be a number", true
	case body == gopherForLim && (op == lua.OP_FORPREP || op == lua.OP_FORLOOP):
		return "'for' limit must be a number", true
	case body == gopherForStep && (op == lua.OP_FORPREP || op == lua.OP_FORLOOP):
		return "'for' step must be a number", true
	}
	return "", false
}

// arithError handles "cannot perform add operation between nil and number"
// and the concatenation variant.
func (r *vmError) arithError(op, b, c int, body string) (string, bool) {
	switch op {
	case lua.OP_ADD, lua.OP_SUB, lua.OP_MUL, lua.OP_DIV, lua.OP_MOD, lua.OP_POW:
		x, ok := r.rk(b)
		if !ok {
			return "", false
		}
		// LuaJIT reports the first operand unless it is a number or a
		// string convertible to one.
		culprit := b
		if _, isNum := toNumber(x); isNum {
			culprit = c
		}
		return r.operandError("perform arithmetic on", culprit)
	case lua.OP_CONCAT:
		if !strings.HasPrefix(body, gopherArith+"concat ") {
			return "", false
		}
		if slot, ok := r.concatCulprit(b, c); ok {
			return r.operandError("concatenate", slot)
		}
	}
	return "", false
}

// concatCulprit finds the operand of R(b) .. ... .. R(c) that cannot be
// concatenated. Both VMs work from the right, joining runs of strings and
// numbers; at the first pair that fails LuaJIT blames the left operand
// unless it is a string or number, then the right one.
func (r *vmError) concatCulprit(b, c int) (int, bool) {
	right := c
	joined := false // the right operand is a joined string, not a register
	for left := c - 1; left >= b; left-- {
		lv, ok1 := r.rk(left)
		if !ok1 {
			return 0, false
		}
		leftOK := concatenable(lv)
		rightOK := joined
		if !joined {
			rv, ok := r.rk(right)
			if !ok {
				return 0, false
			}
			rightOK = concatenable(rv)
		}
		if !leftOK || !rightOK {
			if !leftOK {
				return left, true
			}
			return right, true
		}
		joined = true
	}
	return 0, false
}

// concatenable reports whether v joins a concatenation as text.
func concatenable(v lua.LValue) bool {
	t := v.Type()
	return t == lua.LTString || t == lua.LTNumber
}

// operandError builds "attempt to <what> <kind> '<name>' (a <type> value)",
// or "attempt to <what> a <type> value" when the operand has no name, for
// RK operand rk of the failing instruction.
func (r *vmError) operandError(what string, rk int) (string, bool) {
	val, ok := r.rk(rk)
	if !ok {
		return "", false
	}
	typ := typeName(val)
	if rk < rkConstant {
		if r.vars == nil {
			r.vars = localScopes(r.f.fn.Proto)
		}
		if kind, name, ok := slotName(r.c, r.vars, r.pc, rk); ok {
			return "attempt to " + what + " " + kind + " '" + name + "' (a " + typ + " value)", true
		}
	}
	return "attempt to " + what + " a " + typ + " value", true
}

// rk returns the value of an RK operand: a register of the frame, or a
// constant.
func (r *vmError) rk(x int) (lua.LValue, bool) {
	p := r.f.fn.Proto
	if x >= rkConstant {
		if k := x - rkConstant; k < len(p.Constants) {
			return p.Constants[k], true
		}
		return nil, false
	}
	if x >= int(p.NumUsedRegisters) {
		return nil, false
	}
	return stackSlot(r.L, r.f.base+x)
}

package lua51compat

import (
	lua "github.com/yuin/gopher-lua"
)

// slotName names the value register slot holds at instruction pc the way
// LuaJIT's lj_debug_slotname does for its error messages: a live local
// variable by its name; otherwise the last instruction before pc that wrote
// the register decides, scanning backwards in code order: a global read, a
// field read with a constant string key, a method lookup, an upvalue read,
// or a copy from another register (whose name is then looked up at the
// copy). An instruction that overwrites a whole register range (a call, a
// vararg, a loop) or any other computation leaves the value unnamed.
func slotName(c *protoCode, vars []localVar, pc, slot int) (kind, name string, ok bool) {
	for hops := 0; hops < 64; hops++ {
		if v, live := localAt(vars, pc, slot); live {
			if !userVisible(v.name) {
				return "", "", false
			}
			return "local", v.name, true
		}
		q := c.lastReal(pc)
		for ; q >= 0; q = c.lastReal(q) {
			if clobbers(c.code[q], slot) {
				return "", "", false
			}
			if lo, hi, ok := c.written(q); ok && lo <= slot && slot <= hi {
				break
			}
		}
		if q < 0 {
			return "", "", false
		}
		inst := c.code[q]
		switch opcodeOf(inst) {
		case lua.OP_MOVE, lua.OP_MOVEN:
			slot, pc = operandB(inst), q
			continue
		case lua.OP_GETGLOBAL:
			return named("global", constantString(c.p, operandBx(inst)))
		case lua.OP_GETTABLEKS, lua.OP_GETTABLE:
			if k := operandC(inst); k >= rkConstant {
				return named("field", constantString(c.p, k-rkConstant))
			}
		case lua.OP_GETUPVAL:
			if b := operandB(inst); b < len(c.p.DbgUpvalues) {
				return named("upvalue", c.p.DbgUpvalues[b])
			}
		case lua.OP_SELF:
			if slot == operandA(inst) {
				if k := operandC(inst); k >= rkConstant {
					return named("method", constantString(c.p, k-rkConstant))
				}
				return "", "", false
			}
			// The receiver copied next to the method.
			slot, pc = operandB(inst), q
			continue
		}
		return "", "", false
	}
	return "", "", false
}

// named returns kind and name when there is a name.
func named(kind, name string) (string, string, bool) {
	if name == "" {
		return "", "", false
	}
	return kind, name, true
}

// constantString returns string constant i of p, or "".
func constantString(p *lua.FunctionProto, i int) string {
	if i < 0 || i >= len(p.Constants) {
		return ""
	}
	if s, ok := p.Constants[i].(lua.LString); ok {
		return string(s)
	}
	return ""
}

// clobbers reports whether an instruction overwrites a register range that
// includes slot from its A operand up, which ends the backward scan as
// LuaJIT's "base" operand mode does: calls, returns, varargs, loops, and
// nil loads (over their own range only).
func clobbers(inst uint32, slot int) bool {
	a := operandA(inst)
	switch opcodeOf(inst) {
	case lua.OP_CALL, lua.OP_TAILCALL, lua.OP_RETURN, lua.OP_VARARG,
		lua.OP_FORPREP, lua.OP_FORLOOP, lua.OP_TFORLOOP:
		return slot >= a
	case lua.OP_LOADNIL:
		return slot >= a && slot <= operandB(inst)
	}
	return false
}

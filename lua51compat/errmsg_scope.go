package lua51compat

import (
	"runtime"
	"strings"
	"sync"
	"weak"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua's compiler records where each local variable's scope starts
// (DbgLocals[i].StartPc, the first instruction it is live for) but not
// reliably where it ends: when a block closes it stores the end pc into
// DbgLocals[register] instead of the variable's own entry. Which register
// holds which variable where is therefore rebuilt here from the start pcs,
// the declaration order and what the bytecode proves: a local's scope is
// contiguous, registers are allocated as a stack, and a block's end shows
// as a jump over the declaration, the end of a for loop, a call or
// concatenation working in the local's register, or a later declaration
// reusing it. A `do ... end` block followed by code that declares no local
// leaves no trace; its locals then look live a little too long.

// localVar is one local variable of a compiled function: its name, register
// and the instructions it is live for, start <= pc < end.
type localVar struct {
	name       string
	reg        int
	start, end int
}

// hiddenLoopVar tells the internal variables of gopher-lua's for loops from
// the others: 'n' for the numeric loop's index, limit and step, 'g' for the
// generic loop's generator, state and control.
func hiddenLoopVar(name string) byte {
	switch name {
	case "(for index)", "(for limit)", "(for step)":
		return 'n'
	case "(for generator)", "(for state)", "(for control)":
		return 'g'
	}
	return 0
}

// userVisible reports whether a local's name is one a program gave it;
// compilers name their own temporaries in parentheses.
func userVisible(name string) bool {
	return name != "" && !strings.HasPrefix(name, "(")
}

// scopeCache maps prototypes (weakly) to their rebuilt locals.
var scopeCache sync.Map

// localScopes returns the locals of p with registers and live ranges.
func localScopes(p *lua.FunctionProto) []localVar {
	key := weak.Make(p)
	if v, ok := scopeCache.Load(key); ok {
		return v.([]localVar)
	}
	vars := rebuildScopes(newProtoCode(p))
	if _, loaded := scopeCache.LoadOrStore(key, vars); !loaded {
		runtime.AddCleanup(p, func(k weak.Pointer[lua.FunctionProto]) { scopeCache.Delete(k) }, key)
	}
	return vars
}

// localAt returns the local variable held in register reg at pc.
func localAt(vars []localVar, pc, reg int) (localVar, bool) {
	found := -1
	for i, v := range vars {
		if v.reg == reg && v.start <= pc && pc < v.end {
			found = i
		}
	}
	if found < 0 {
		return localVar{}, false
	}
	return vars[found], true
}

// rebuildScopes assigns each declared local its register and end.
func rebuildScopes(c *protoCode) []localVar {
	p := c.p
	n := len(c.code)
	vars := make([]localVar, len(p.DbgLocals))
	for i, d := range p.DbgLocals {
		vars[i] = localVar{name: d.Name, start: d.StartPc, end: n + 1, reg: -1}
	}
	nparams := int(p.NumParameters)
	for i := 0; i < len(vars); {
		s := vars[i].start
		m := 1
		for i+m < len(vars) && vars[i+m].start == s && hiddenLoopVar(vars[i+m].name) == 0 &&
			hiddenLoopVar(vars[i].name) == 0 {
			m++
		}
		top := liveTop(vars[:i], s)
		r := top
		// Whether the variables come into scope before their value is
		// computed (parameters, loop variables, local functions).
		first := true
		switch {
		case i < nparams || (s == 0 && i == nparams && vars[i].name == "arg"):
			// Parameters are registers 0.., in order.
			m = 1
			r = i
		case hiddenLoopVar(vars[i].name) != 0:
			m = 1
			if a, ok := loopBase(c, vars, i); ok {
				r = a
			}
		default:
			r, first = declaredAt(c, s, m, top)
		}
		for j := 0; j < m; j++ {
			vars[i+j].reg = r + j
		}
		// Registers are a stack: whatever held r or above went out of
		// scope, at the latest where the new variables' values started
		// being computed there.
		from := s
		if !first {
			from = initStart(c, s, r, m)
		}
		for j := 0; j < i; j++ {
			if vars[j].end > from && vars[j].reg >= r {
				vars[j].end = max(from, vars[j].start)
			}
		}
		for j := i; j < i+m; j++ {
			vars[j].end = min(vars[j].end, scopeEnd(c, vars[j]))
		}
		i += m
	}
	return vars
}

// initStart returns where the values of m locals declared at s into
// registers r.. started being computed, when the instruction before s
// stored the last of them: from there back through the writes to that
// register that read it. Everything happens inside the local statement,
// where the registers from r up hold temporaries. Otherwise it is s.
func initStart(c *protoCode, s, r, m int) int {
	at := c.lastReal(s)
	if at < 0 {
		return s
	}
	lo, hi, ok := c.written(at)
	last := r + m - 1
	if !ok || last < lo || last > hi {
		return s
	}
	from := at
	for w := at; w >= 0 && readsRegister(c.code[w], last); {
		w--
		for w >= 0 {
			if lo, hi, ok := c.written(w); ok && lo <= last && last <= hi {
				break
			}
			w--
		}
		if w < 0 {
			break
		}
		from = w
	}
	return from
}

// liveTop is the register above the highest one held by a local of vars
// live at pc.
func liveTop(vars []localVar, pc int) int {
	top := 0
	for _, v := range vars {
		if v.start <= pc && pc < v.end && v.reg >= top {
			top = v.reg + 1
		}
	}
	return top
}

// loopBase finds the register of the hidden loop variable vars[i] from the
// loop instruction that uses it: the FORPREP just before the loop
// variable's scope, or the TFORLOOP the jump before the loop variables'
// scope leads to.
func loopBase(c *protoCode, vars []localVar, i int) (int, bool) {
	kind := hiddenLoopVar(vars[i].name)
	off := loopVarOffset[vars[i].name]
	first := i - off
	if first < 0 || loopVarOffset[vars[first].name] != 0 || hiddenLoopVar(vars[first].name) != kind {
		return 0, false
	}
	// The visible loop variables follow the three hidden ones.
	k := first + 3
	if k >= len(vars) {
		return 0, false
	}
	at := c.lastReal(vars[k].start)
	if at < 0 {
		return 0, false
	}
	switch kind {
	case 'n':
		if opcodeOf(c.code[at]) == lua.OP_FORPREP {
			return operandA(c.code[at]) + off, true
		}
	case 'g':
		if t, ok := c.jumpTarget(at); ok && c.real(t) && opcodeOf(c.code[t]) == lua.OP_TFORLOOP {
			return operandA(c.code[t]) + off, true
		}
	}
	return 0, false
}

// loopVarOffset is the register of a hidden loop variable relative to the
// loop's first one.
var loopVarOffset = map[string]int{
	"(for index)": 0, "(for limit)": 1, "(for step)": 2,
	"(for generator)": 0, "(for state)": 1, "(for control)": 2,
}

// declaredAt returns the first register of the m locals declared together
// at pc s, given top, the register above the locals that look live there
// (some of which may have gone out of scope without a trace), and whether
// the last of them came into scope before its value was computed. A local
// statement stores its values before the variables come into scope, so the
// instruction before s wrote the last of them; `local function f` (and
// `local f = function`) brings f into scope first, at the CLOSURE.
func declaredAt(c *protoCode, s, m, top int) (int, bool) {
	type cand struct {
		r     int
		first bool
	}
	cands := make([]cand, 0, 2)
	if s < len(c.code) && c.real(s) && opcodeOf(c.code[s]) == lua.OP_CLOSURE {
		cands = append(cands, cand{operandA(c.code[s]) - (m - 1), true})
	}
	if at := c.lastReal(s); at >= 0 {
		if _, hi, ok := c.written(at); ok && hi != maxReg {
			cands = append(cands, cand{hi - (m - 1), false})
		}
	}
	best := cand{-1, false}
	for _, k := range cands {
		if k.r == top {
			return top, k.first
		}
		if k.r >= 0 && k.r < top && k.r > best.r {
			best = k
		}
	}
	if best.r >= 0 {
		return best.r, best.first
	}
	return top, false
}

// scopeEnd returns the first pc at which v is provably out of scope.
func scopeEnd(c *protoCode, v localVar) int {
	n := len(c.code)
	end := n + 1
	switch hiddenLoopVar(v.name) {
	case 'n':
		for q := v.start; q < n; q++ {
			if c.real(q) && opcodeOf(c.code[q]) == lua.OP_FORLOOP {
				if a := operandA(c.code[q]); a <= v.reg && v.reg <= a+2 {
					return q + 1
				}
			}
		}
		return end
	case 'g':
		for q := v.start; q < n; q++ {
			if c.real(q) && opcodeOf(c.code[q]) == lua.OP_TFORLOOP {
				if a := operandA(c.code[q]); a <= v.reg && v.reg <= a+2 {
					return q + 2
				}
			}
		}
		return end
	}
	for _, j := range c.forwardJumps() {
		// A jump over the declaration lands where the variable does not
		// exist. (Backward jumps prove nothing: the compiler threads a
		// jump to a loop's back edge straight to the loop's start.)
		if j.from < v.start && j.to > v.start {
			end = min(end, j.to)
		}
	}
	for _, t := range c.temporaries() {
		if t.reg <= v.reg && t.from >= v.start {
			end = min(end, t.from)
		}
	}
	return end
}

// tempSpan says that from pc from on, register reg and all above it hold
// temporaries only.
type tempSpan struct{ reg, from int }

// temporaries returns what the instructions prove about temporaries,
// computed once per function.
func (c *protoCode) temporaries() []tempSpan {
	if c.temps == nil {
		c.temps = []tempSpan{}
		for q := range c.code {
			if r, from := tempsFrom(c, q); r != maxReg {
				c.temps = append(c.temps, tempSpan{r, from})
			}
		}
	}
	return c.temps
}

// tempsFrom returns the lowest register the instruction at q uses only as
// a temporary, so that no local variable is live in it or above, and the
// first pc from which that is known to hold; maxReg if it proves nothing.
// gopher-lua calls functions, concatenates and prepares method calls on
// fresh registers above the locals, and the value there was computed by the
// same expression: the writes to that register just before q, back to the
// first one that does not read it.
func tempsFrom(c *protoCode, q int) (reg, from int) {
	if !c.real(q) {
		return maxReg, q
	}
	inst := c.code[q]
	switch opcodeOf(inst) {
	case lua.OP_CALL, lua.OP_TAILCALL, lua.OP_SELF:
		reg = operandA(inst)
	case lua.OP_CONCAT:
		reg = operandB(inst)
	default:
		return maxReg, q
	}
	from = q
	if opcodeOf(inst) == lua.OP_SELF && operandB(inst) != reg {
		return reg, from
	}
	for w := q - 1; w >= 0; w-- {
		lo, hi, ok := c.written(w)
		if !ok || reg < lo || reg > hi {
			continue
		}
		from = w
		if !readsRegister(c.code[w], reg) {
			break
		}
	}
	return reg, from
}

// readsRegister reports whether an instruction that computes a value into
// its A register takes register r as an operand.
func readsRegister(inst uint32, r int) bool {
	b, cc := operandB(inst), operandC(inst)
	switch opcodeOf(inst) {
	case lua.OP_MOVE, lua.OP_GETTABLE, lua.OP_GETTABLEKS, lua.OP_SELF, lua.OP_UNM,
		lua.OP_NOT, lua.OP_LEN, lua.OP_TESTSET:
		return b == r || (opcodeOf(inst) == lua.OP_GETTABLE && cc == r)
	case lua.OP_ADD, lua.OP_SUB, lua.OP_MUL, lua.OP_DIV, lua.OP_MOD, lua.OP_POW:
		return b == r || cc == r
	case lua.OP_CONCAT:
		return b <= r && r <= cc
	case lua.OP_CALL:
		// The function and its arguments.
		a := operandA(inst)
		return r >= a && (b == 0 || r < a+b)
	}
	return false
}

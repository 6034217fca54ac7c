package lua51compat

import (
	lua "github.com/yuin/gopher-lua"
)

// Reading gopher-lua v1.1.2 bytecode (Lua 5.1.4's instruction set plus
// MOVEN, GETTABLEKS, SETTABLEKS and NOP; opcode.go): 6-bit opcode, 8-bit A,
// 9-bit C and B, or an 18-bit Bx / sBx. opcodeOf and operandA are in
// args.go.

func operandB(inst uint32) int  { return int(inst & 0x1ff) }
func operandC(inst uint32) int  { return int(inst>>9) & 0x1ff }
func operandBx(inst uint32) int { return int(inst & 0x3ffff) }
func operandSBx(inst uint32) int {
	const maxSBx = 0x3ffff >> 1
	return int(inst&0x3ffff) - maxSBx
}

// rkConstant is the flag marking an RK operand as a constant index.
const rkConstant = 256

// protoCode is a function's bytecode with the instructions that are not
// executed as themselves marked: the MOVE/GETUPVAL lines after a CLOSURE
// only describe the new closure's upvalues.
type protoCode struct {
	p      *lua.FunctionProto
	code   []uint32
	pseudo []bool
	// Computed on first use.
	jumps []jump
	temps []tempSpan
}

// jump is a forward jump from one instruction to another.
type jump struct{ from, to int }

// forwardJumps lists the function's forward jumps.
func (c *protoCode) forwardJumps() []jump {
	if c.jumps == nil {
		c.jumps = []jump{}
		for q := range c.code {
			if t, ok := c.jumpTarget(q); ok && t > q+1 {
				c.jumps = append(c.jumps, jump{q, t})
			}
		}
	}
	return c.jumps
}

func newProtoCode(p *lua.FunctionProto) *protoCode {
	pc := &protoCode{p: p, code: p.Code, pseudo: make([]bool, len(p.Code))}
	for i := 0; i < len(p.Code); i++ {
		if opcodeOf(p.Code[i]) != lua.OP_CLOSURE {
			continue
		}
		bx := operandBx(p.Code[i])
		if bx >= len(p.FunctionPrototypes) {
			continue
		}
		for k := 1; k <= int(p.FunctionPrototypes[bx].NumUpvalues) && i+k < len(p.Code); k++ {
			pc.pseudo[i+k] = true
		}
		i += int(p.FunctionPrototypes[bx].NumUpvalues)
	}
	return pc
}

// real reports whether the instruction at pc exists and is executed as
// itself.
func (c *protoCode) real(pc int) bool {
	return pc >= 0 && pc < len(c.code) && !c.pseudo[pc]
}

// lastReal returns the last executed instruction before pc, or -1.
func (c *protoCode) lastReal(pc int) int {
	for pc--; pc >= 0; pc-- {
		if !c.pseudo[pc] {
			return pc
		}
	}
	return -1
}

// jumpTarget returns where the instruction at pc jumps to, for the
// instructions that move pc by more than one: JMP, FORPREP and FORLOOP.
func (c *protoCode) jumpTarget(pc int) (int, bool) {
	if !c.real(pc) {
		return 0, false
	}
	switch opcodeOf(c.code[pc]) {
	case lua.OP_JMP, lua.OP_FORPREP, lua.OP_FORLOOP:
		return pc + 1 + operandSBx(c.code[pc]), true
	}
	return 0, false
}

// written returns the registers lo..hi the instruction at pc stores into,
// ok false when it stores none. A register range without an upper bound
// (a call or vararg with as many results as there are) has hi = maxReg.
func (c *protoCode) written(pc int) (lo, hi int, ok bool) {
	if !c.real(pc) {
		return 0, 0, false
	}
	inst := c.code[pc]
	a := operandA(inst)
	switch opcodeOf(inst) {
	case lua.OP_MOVE, lua.OP_MOVEN, lua.OP_LOADK, lua.OP_LOADBOOL, lua.OP_GETUPVAL,
		lua.OP_GETGLOBAL, lua.OP_GETTABLE, lua.OP_GETTABLEKS, lua.OP_NEWTABLE,
		lua.OP_ADD, lua.OP_SUB, lua.OP_MUL, lua.OP_DIV, lua.OP_MOD, lua.OP_POW,
		lua.OP_UNM, lua.OP_NOT, lua.OP_LEN, lua.OP_CONCAT, lua.OP_TESTSET,
		lua.OP_CLOSURE:
		return a, a, true
	case lua.OP_LOADNIL:
		return a, operandB(inst), true
	case lua.OP_SELF:
		return a, a + 1, true
	case lua.OP_CALL:
		if c := operandC(inst); c == 0 {
			return a, maxReg, true
		} else if c >= 2 {
			return a, a + c - 2, true
		}
	case lua.OP_VARARG:
		if b := operandB(inst); b == 0 {
			return a, maxReg, true
		} else if b >= 2 {
			return a, a + b - 2, true
		}
	case lua.OP_FORLOOP:
		return a, a + 3, true
	case lua.OP_TFORLOOP:
		return a + 2, a + 2 + operandC(inst), true
	}
	return 0, 0, false
}

// maxReg is above every register a function can have.
const maxReg = 1 << 16

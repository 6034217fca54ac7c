package parse

import (
	"fmt"
	"runtime"
	"sync"
	"weak"

	lua "github.com/yuin/gopher-lua"
)

// CompileString parses src and compiles it with gopher-lua's compiler into
// a prototype whose SourceName is the shortened chunk name, so runtime
// errors read "name:line: ..." as in LuaJIT. Errors are *SyntaxError (also
// for the few limits only gopher-lua's compiler checks) or *BytecodeError.
func CompileString(src, chunkname string) (proto *lua.FunctionProto, err error) {
	short := ShortSrc(chunkname)
	defer func() {
		// A bug must not take the server down: gopher-lua's compiler
		// re-panics anything but its own errors.
		if r := recover(); r != nil {
			proto, err = nil, fmt.Errorf("%s: internal compiler error: %v", short, r)
		}
	}()
	chunk, err := ParseString(src, chunkname)
	if err != nil {
		return nil, err
	}
	proto, err = lua.Compile(chunk, short)
	if err != nil {
		if ce, ok := err.(*lua.CompileError); ok {
			return nil, &SyntaxError{Source: short, Line: ce.Line, Message: ce.Message}
		}
		return nil, err
	}
	if err := Verify(proto); err != nil {
		return nil, fmt.Errorf("%s: internal compiler error: %w", short, err)
	}
	rememberChunkName(proto, chunkname)
	return proto, nil
}

// chunkNames maps compiled prototypes (weakly) to their full chunk names.
var chunkNames sync.Map

func rememberChunkName(p *lua.FunctionProto, name string) {
	key := weak.Make(p)
	chunkNames.Store(key, name)
	runtime.AddCleanup(p, func(k weak.Pointer[lua.FunctionProto]) { chunkNames.Delete(k) }, key)
	for _, child := range p.FunctionPrototypes {
		rememberChunkName(child, name)
	}
}

// ChunkName returns the chunk name a prototype (or any function nested in
// it) was compiled from by CompileString: "=name", "@path" or the source
// text. It is what LuaJIT's debug.getinfo reports as source; gopher-lua's
// only record, SourceName, holds the short form used in messages.
func ChunkName(p *lua.FunctionProto) (string, bool) {
	v, ok := chunkNames.Load(weak.Make(p))
	if !ok {
		return "", false
	}
	return v.(string), true
}

// Instruction layout of gopher-lua (Lua 5.1's): opcode in the top 6 bits,
// A in the next 8, then C (9) and B (9), or an 18-bit Bx / sBx.
func opcode(i uint32) int { return int(i >> 26) }
func argSbx(i uint32) int { return int(i&0x3ffff) - 0x1ffff }

// Verify checks the control flow of a compiled prototype and its children:
// every jump lands inside the function and every TFORLOOP is followed by its
// backward JMP. It catches the jump-to-jump miscompilation this package's
// AST arrangement avoids, should some program slip through.
func Verify(p *lua.FunctionProto) error {
	n := len(p.Code)
	for pc, ins := range p.Code {
		switch opcode(ins) {
		case lua.OP_JMP, lua.OP_FORLOOP, lua.OP_FORPREP:
			if t := pc + 1 + argSbx(ins); t < 0 || t > n {
				return fmt.Errorf("jump out of range at pc %d of function at line %d", pc, p.LineDefined)
			}
		case lua.OP_TFORLOOP:
			if pc+1 >= n || opcode(p.Code[pc+1]) != lua.OP_JMP {
				return fmt.Errorf("TFORLOOP without its jump at pc %d of function at line %d", pc, p.LineDefined)
			}
			if t := pc + 2 + argSbx(p.Code[pc+1]); t < 0 || t > pc {
				return fmt.Errorf("bad TFORLOOP jump at pc %d of function at line %d", pc, p.LineDefined)
			}
		}
	}
	for _, child := range p.FunctionPrototypes {
		if err := Verify(child); err != nil {
			return err
		}
	}
	return nil
}

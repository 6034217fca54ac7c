package lua51compat

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// The jit module of OpenResty's LuaJIT 2.1 as the reference nginx reports
// it. There is no JIT compiler here: on/off/flush only record the mode,
// which status() reports, and jit.opt.start validates its flags the same
// way. jit.util and jit.profile are not provided.

const (
	jitVersion    = "LuaJIT 2.1.0-beta3"
	jitVersionNum = 20100
)

// jitCPUFlags are the CPU features the reference reports first in status().
var jitCPUFlags = []string{"SSE3", "SSE4.1", "BMI2"}

// jitOptFlags are the optimisation flags, in status() order.
var jitOptFlags = []string{"fold", "cse", "dce", "fwd", "dse", "narrow", "loop", "abc", "sink", "fuse"}

// jitOptLevels are the flags each level -O0..-O3 turns on.
var jitOptLevels = [][]string{
	{},
	{"fold", "cse", "dce"},
	{"fold", "cse", "dce", "narrow", "loop"},
	jitOptFlags,
}

// jitOptParams are the names jit.opt.start accepts as name=value.
var jitOptParams = []string{
	"maxtrace", "maxrecord", "maxirconst", "maxside", "maxsnap", "minstitch",
	"hotloop", "hotexit", "tryside", "instunroll", "loopunroll", "callunroll",
	"recunroll", "sizemcode", "maxmcode",
}

// jitState is the per-VM mode of the jit module. rs is the VM-wide PRNG
// jit.prngstate reads and writes; math.random has its own.
type jitState struct {
	on    bool
	flags map[string]bool
	rs    *prng
}

func openJIT(L *lua.LState) {
	js := &jitState{on: true, flags: map[string]bool{}, rs: newPRNG()}
	for _, f := range jitOptFlags {
		js.flags[f] = true
	}
	jit := register(L, "jit", map[string]lua.LGFunction{
		"on":        js.setMode(true),
		"off":       js.setMode(false),
		"status":    js.status,
		"attach":    jitAttach,
		"security":  jitSecurity,
		"prngstate": js.prngstate,
	})
	// flush checks its argument like on and off but keeps the mode.
	jit.RawSetString("flush", L.NewFunction(func(L *lua.LState) int {
		jitCheckTarget(L)
		return 0
	}))
	jit.RawSetString("version", lua.LString(jitVersion))
	jit.RawSetString("version_num", lua.LNumber(jitVersionNum))
	jit.RawSetString("os", lua.LString("Linux"))
	jit.RawSetString("arch", lua.LString("x64"))
	opt := L.NewTable()
	opt.RawSetString("start", L.NewFunction(js.optStart))
	jit.RawSetString("opt", opt)
	if loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable); ok {
		loaded.RawSetString("jit.opt", opt)
	}
}

// jitCheckTarget checks the optional first argument of on/off/flush: a
// function (or true, meaning the caller) limits the change to it.
func jitCheckTarget(L *lua.LState) bool {
	switch v := L.Get(1).(type) {
	case *lua.LNilType:
		return true
	case *lua.LFunction:
		return false
	case lua.LBool:
		if v {
			return false
		}
	}
	typeError(L, 1, "function")
	return false
}

func (js *jitState) setMode(on bool) lua.LGFunction {
	return func(L *lua.LState) int {
		if jitCheckTarget(L) {
			js.on = on
		}
		return 0
	}
}

func (js *jitState) status(L *lua.LState) int {
	L.Push(lua.LBool(js.on))
	for _, f := range jitCPUFlags {
		L.Push(lua.LString(f))
	}
	n := 1 + len(jitCPUFlags)
	for _, f := range jitOptFlags {
		if js.flags[f] {
			L.Push(lua.LString(f))
			n++
		}
	}
	return n
}

func jitAttach(L *lua.LState) int {
	checkFunction(L, 1)
	return 0
}

func jitSecurity(L *lua.LState) int {
	checkOption(L, 1, -1, []string{"prng", "strhash", "strid", "mcode"})
	L.Push(lua.LNumber(1))
	return 1
}

// optStart accepts what LuaJIT's jit.opt.start does: a level digit,
// [+|-|no]flag, or param=number; anything else is an error.
func (js *jitState) optStart(L *lua.LState) int {
	for i := 1; i <= L.GetTop(); i++ {
		s := checkString(L, i)
		if !js.applyOpt(s) {
			raise(L, "unknown or malformed optimization flag '"+s+"'")
		}
	}
	return 0
}

func (js *jitState) applyOpt(s string) bool {
	if len(s) == 1 && isDigit(s[0]) {
		for _, f := range jitOptFlags {
			js.flags[f] = false
		}
		for _, f := range jitOptLevels[min(int(s[0]-'0'), 3)] {
			js.flags[f] = true
		}
		return true
	}
	if name, val, ok := strings.Cut(s, "="); ok {
		if _, err := strconv.Atoi(val); err != nil {
			return false
		}
		for _, p := range jitOptParams {
			if p == name {
				return true
			}
		}
		return false
	}
	set := true
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "-"):
		s, set = s[1:], false
	case strings.HasPrefix(s, "no"):
		s, set = s[2:], false
	}
	if _, ok := js.flags[s]; ok {
		js.flags[s] = set
		return true
	}
	return false
}

// prngstate returns the PRNG state as 8 32-bit integers and, given a table
// of up to 8 integers or one integer, replaces it.
func (js *jitState) prngstate(L *lua.LState) int {
	old := L.CreateTable(8, 0)
	for i, u := range js.rs.u {
		old.RawSetInt(2*i+1, lua.LNumber(int32(uint32(u))))
		old.RawSetInt(2*i+2, lua.LNumber(int32(uint32(u>>32))))
	}
	if L.GetTop() >= 1 && L.Get(1) != lua.LNil {
		var words [8]uint32
		switch v := L.Get(1).(type) {
		case lua.LNumber:
			words[0] = uint32(numToInt(float64(v)))
		case *lua.LTable:
			if v.Len() > 8 {
				argError(L, 1, "PRNG state must be an array with up to 8 integers or an integer")
			}
			for i := 1; i <= v.Len(); i++ {
				n, ok := v.RawGetInt(i).(lua.LNumber)
				if !ok {
					argError(L, 1, "PRNG state must be an array with up to 8 integers or an integer")
				}
				words[i-1] = uint32(numToInt(float64(n)))
			}
		default:
			typeError(L, 1, "table")
		}
		for i := range js.rs.u {
			js.rs.u[i] = uint64(words[2*i]) | uint64(words[2*i+1])<<32
		}
	}
	L.Push(old)
	return 1
}

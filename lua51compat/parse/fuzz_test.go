package parse

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// The loop fuzzer builds small programs of nested loops, branches, breaks
// and gotos from the fuzz input, runs them through this front end and
// gopher-lua's VM, and compares the trace of executed marks with what a Go
// interpretation of the same program tree gives. Every loop is bounded: a
// counter ticks in its condition, or a "guard" statement at the top level of
// its body breaks after a few rounds and no "continue" jump comes before it.

const fuzzRounds = 3 // iterations a ticking loop makes

// Program tree.
type (
	fStmt interface{}
	fMark struct{ id int } // T[#T+1] = id
	fIf   struct {
		cond      fCond
		then, els []fStmt
	}
	fDo    struct{ body []fStmt }
	fBreak struct{}
	fGoto  struct{ loop int } // goto c<loop>: the end of that loop's body
	fGuard struct{ loop int } // if tick(loop) then break end
	fLoop  struct {
		kind   loopKind
		id     int
		cond   fCond // while and repeat
		from   int   // numeric for
		to     int
		step   int
		list   int // generic for: number of elements
		iter   int // generic for: how the iterator is written
		body   []fStmt
		reset  bool // cnt[id] = 0 precedes the loop
		ticked bool // the loop counts rounds itself (live/tick condition)
	}
	fBack struct { // do local g = 0 ::t<id>:: body g = g + 1 if g < 3 then goto t<id> end end
		id   int
		body []fStmt
	}
	fFunc  struct{ body []fStmt } // do local f = function() body end f() end
	fValue struct {               // do local x = (cond and id or -id) T[#T + 1] = x end
		cond fCond
		id   int
	}
)

type loopKind int

const (
	loopWhile loopKind = iota
	loopRepeat
	loopNum
	loopIn
)

// fCond is a condition: a constant, a logical combination, a stateful
// flip(id), or a loop's live(id) / tick(id) counter.
type fCond struct {
	op   string // "true", "false", "nil", "1", "'s'", "not", "and", "or", "flip", "live", "tick"
	id   int
	l, r *fCond
}

// gen turns fuzz bytes into a program; exhausted input reads as zeros.
type gen struct {
	data  []byte
	pos   int
	next  int // next fresh id
	marks int
}

func (g *gen) byte() int {
	if g.pos >= len(g.data) {
		return 0
	}
	b := g.data[g.pos]
	g.pos++
	return int(b)
}

func (g *gen) id() int { g.next++; return g.next }

// loopCtx describes the loops enclosing the current position.
type loopCtx struct {
	loops    []int        // enclosing loops, innermost last
	passed   map[int]bool // loops whose "continue" is safe here
	inBack   bool
	maxDepth int
}

func (c loopCtx) with(loop int, safe bool) loopCtx {
	n := loopCtx{loops: append(append([]int(nil), c.loops...), loop), passed: map[int]bool{}, inBack: c.inBack, maxDepth: c.maxDepth}
	for k, v := range c.passed {
		n.passed[k] = v
	}
	if safe {
		n.passed[loop] = true
	}
	return n
}

func (c loopCtx) pass(loop int) loopCtx {
	n := c
	n.passed = map[int]bool{loop: true}
	for k, v := range c.passed {
		n.passed[k] = v
	}
	return n
}

func (g *gen) cond(depth int) fCond {
	switch b := g.byte() % 12; {
	case b < 5:
		return fCond{op: []string{"true", "false", "nil", "1", "'s'"}[b]}
	case b == 5 && depth < 2:
		x := g.cond(depth + 1)
		return fCond{op: "not", l: &x}
	case (b == 6 || b == 7) && depth < 2:
		x, y := g.cond(depth+1), g.cond(depth+1)
		return fCond{op: []string{"and", "or"}[b-6], l: &x, r: &y}
	default:
		return fCond{op: "flip", id: g.id()}
	}
}

// block generates up to four statements; a break may only come last.
func (g *gen) block(ctx loopCtx, depth int) []fStmt {
	n := g.byte() % 5
	var out []fStmt
	for i := 0; i < n; i++ {
		s, last := g.stmt(ctx, depth)
		out = append(out, s)
		if last {
			break
		}
	}
	return out
}

func (g *gen) stmt(ctx loopCtx, depth int) (fStmt, bool) {
	b := g.byte() % 16
	if depth >= ctx.maxDepth && b >= 3 {
		b %= 3
	}
	switch b {
	case 0, 1:
		g.marks++
		return fMark{id: g.marks}, false
	case 2:
		if len(ctx.loops) > 0 && g.byte()%2 == 0 {
			return fBreak{}, true
		}
		var safe []int
		for _, l := range ctx.loops {
			if ctx.passed[l] {
				safe = append(safe, l)
			}
		}
		if len(safe) > 0 {
			return fGoto{loop: safe[g.byte()%len(safe)]}, false
		}
		g.marks++
		return fMark{id: g.marks}, false
	case 3, 4:
		return fIf{cond: g.cond(0), then: g.block(ctx, depth+1), els: g.block(ctx, depth+1)}, false
	case 5:
		return fDo{body: g.block(ctx, depth+1)}, false
	case 6:
		return fBack{id: g.id(), body: g.block(ctx, depth+1)}, false
	case 7:
		fresh := loopCtx{passed: map[int]bool{}, maxDepth: ctx.maxDepth}
		return fFunc{body: g.block(fresh, depth+1)}, false
	case 8:
		g.marks++
		return fValue{cond: g.cond(0), id: g.marks}, false
	default:
		return g.loop(ctx, depth), false
	}
}

func (g *gen) loop(ctx loopCtx, depth int) fStmt {
	l := fLoop{id: g.id(), reset: true}
	switch g.byte() % 4 {
	case 0:
		l.kind = loopWhile
		switch g.byte() % 3 {
		case 0:
			l.cond = fCond{op: "live", id: l.id}
			l.ticked = true
		default:
			l.cond = g.cond(0)
		}
	case 1:
		l.kind = loopRepeat
		if g.byte()%2 == 0 {
			l.cond = fCond{op: "tick", id: l.id}
			l.ticked = true
		} else {
			l.cond = g.cond(0)
		}
	case 2:
		l.kind = loopNum
		r := [][3]int{{1, 3, 1}, {3, 1, -1}, {1, 0, 1}, {1, 4, 2}}[g.byte()%4]
		l.from, l.to, l.step = r[0], r[1], r[2]
		l.ticked = true
	case 3:
		l.kind = loopIn
		l.list = g.byte() % 4
		l.iter = g.byte() % 4
		l.ticked = true
	}
	inner := ctx.with(l.id, l.ticked)
	if l.ticked {
		l.body = g.block(inner, depth+1)
		return l
	}
	// An unticked loop needs a guard at the top level of its body, and no
	// jump to its end before that.
	before := g.block(ctx.with(l.id, false), depth+1)
	before = dropLast(before)
	after := g.block(inner.pass(l.id), depth+1)
	l.body = append(append(before, fGuard{loop: l.id}), after...)
	return l
}

// dropLast removes a trailing break, which may not precede the guard.
func dropLast(b []fStmt) []fStmt {
	if len(b) > 0 {
		if _, ok := b[len(b)-1].(fBreak); ok {
			return b[:len(b)-1]
		}
	}
	return b
}

// ---- Lua rendering ----

func (c fCond) lua() string {
	switch c.op {
	case "not":
		return "not (" + c.l.lua() + ")"
	case "and", "or":
		return "(" + c.l.lua() + " " + c.op + " " + c.r.lua() + ")"
	case "flip", "live", "tick":
		return c.op + "(" + strconv.Itoa(c.id) + ")"
	}
	return c.op
}

func renderLua(prog []fStmt) string {
	var b strings.Builder
	b.WriteString("local T, cnt, flips = {}, {}, {}\n")
	b.WriteString("local function tick(k) cnt[k] = cnt[k] + 1 return cnt[k] > " + strconv.Itoa(fuzzRounds) + " end\n")
	b.WriteString("local function live(k) cnt[k] = cnt[k] + 1 return cnt[k] <= " + strconv.Itoa(fuzzRounds) + " end\n")
	b.WriteString("local function flip(i) flips[i] = not flips[i] return flips[i] end\n")
	renderBlock(&b, prog, 0)
	b.WriteString("return table.concat(T, \",\")\n")
	return b.String()
}

func renderBlock(b *strings.Builder, list []fStmt, depth int) {
	for _, s := range list {
		renderStmt(b, s, depth)
	}
}

// renderLoopBody renders a loop body, which a label ends: a break, which
// must come last in Lua 5.1, is wrapped in a block of its own there.
func renderLoopBody(b *strings.Builder, list []fStmt, depth int) {
	if n := len(list); n > 0 {
		if _, ok := list[n-1].(fBreak); ok {
			renderBlock(b, list[:n-1], depth)
			fmt.Fprintf(b, "%sdo break end\n", strings.Repeat(" ", depth))
			return
		}
	}
	renderBlock(b, list, depth)
}

func renderStmt(b *strings.Builder, s fStmt, depth int) {
	ind := strings.Repeat(" ", depth)
	switch st := s.(type) {
	case fMark:
		fmt.Fprintf(b, "%sT[#T + 1] = %d\n", ind, st.id)
	case fBreak:
		fmt.Fprintf(b, "%sbreak\n", ind)
	case fGoto:
		fmt.Fprintf(b, "%sgoto c%d\n", ind, st.loop)
	case fGuard:
		fmt.Fprintf(b, "%sif tick(%d) then break end\n", ind, st.loop)
	case fIf:
		fmt.Fprintf(b, "%sif %s then\n", ind, st.cond.lua())
		renderBlock(b, st.then, depth+1)
		if len(st.els) > 0 {
			fmt.Fprintf(b, "%selse\n", ind)
			renderBlock(b, st.els, depth+1)
		}
		fmt.Fprintf(b, "%send\n", ind)
	case fDo:
		fmt.Fprintf(b, "%sdo\n", ind)
		renderBlock(b, st.body, depth+1)
		fmt.Fprintf(b, "%send\n", ind)
	case fBack:
		fmt.Fprintf(b, "%sdo local g%d = 0\n%s::t%d::\n", ind, st.id, ind, st.id)
		renderLoopBody(b, st.body, depth+1)
		fmt.Fprintf(b, "%sg%d = g%d + 1 if g%d < %d then goto t%d end end\n", ind, st.id, st.id, st.id, fuzzRounds, st.id)
	case fValue:
		fmt.Fprintf(b, "%sdo local x = (%s and %d or -%d) T[#T + 1] = x end\n", ind, st.cond.lua(), st.id, st.id)
	case fFunc:
		fmt.Fprintf(b, "%sdo local f = function()\n", ind)
		renderBlock(b, st.body, depth+1)
		fmt.Fprintf(b, "%send f() end\n", ind)
	case fLoop:
		if st.reset {
			fmt.Fprintf(b, "%scnt[%d] = 0\n", ind, st.id)
		}
		switch st.kind {
		case loopWhile:
			fmt.Fprintf(b, "%swhile %s do\n", ind, st.cond.lua())
		case loopRepeat:
			fmt.Fprintf(b, "%srepeat\n", ind)
		case loopNum:
			fmt.Fprintf(b, "%sfor i%d = %d, %d, %d do\n", ind, st.id, st.from, st.to, st.step)
		case loopIn:
			list := "{" + strings.Repeat("0, ", st.list) + "}"
			iter := []string{"ipairs(%s)", "pairs(%s)", "next, %s", "next, %s, nil"}[st.iter]
			fmt.Fprintf(b, "%sfor k%d, v%d in %s do\n", ind, st.id, st.id, fmt.Sprintf(iter, list))
		}
		renderLoopBody(b, st.body, depth+1)
		fmt.Fprintf(b, "%s::c%d::\n", ind, st.id)
		if st.kind == loopRepeat {
			fmt.Fprintf(b, "%suntil %s\n", ind, st.cond.lua())
		} else {
			fmt.Fprintf(b, "%send\n", ind)
		}
	}
}

// ---- reference interpretation ----

type interp struct {
	trace []string
	cnt   map[int]int
	flips map[int]bool
	steps int
}

// signal is how control leaves a statement list early.
type signal struct {
	kind int // 0 none, 1 break, 2 goto the end of loop `loop`
	loop int
}

func (in *interp) cond(c fCond) bool {
	switch c.op {
	case "true", "1", "'s'":
		return true
	case "false", "nil":
		return false
	case "not":
		return !in.cond(*c.l)
	case "and":
		return in.cond(*c.l) && in.cond(*c.r)
	case "or":
		return in.cond(*c.l) || in.cond(*c.r)
	case "flip":
		in.flips[c.id] = !in.flips[c.id]
		return in.flips[c.id]
	case "live":
		in.cnt[c.id]++
		return in.cnt[c.id] <= fuzzRounds
	case "tick":
		in.cnt[c.id]++
		return in.cnt[c.id] > fuzzRounds
	}
	panic(c.op)
}

func (in *interp) block(list []fStmt) signal {
	for _, s := range list {
		if sig := in.stmt(s); sig.kind != 0 {
			return sig
		}
	}
	return signal{}
}

func (in *interp) stmt(s fStmt) signal {
	in.steps++
	if in.steps > 1e6 {
		panic("reference interpretation does not terminate")
	}
	switch st := s.(type) {
	case fMark:
		in.trace = append(in.trace, strconv.Itoa(st.id))
	case fBreak:
		return signal{kind: 1}
	case fGoto:
		return signal{kind: 2, loop: st.loop}
	case fGuard:
		in.cnt[st.loop]++
		if in.cnt[st.loop] > fuzzRounds {
			return signal{kind: 1}
		}
	case fIf:
		if in.cond(st.cond) {
			return in.block(st.then)
		}
		return in.block(st.els)
	case fDo:
		return in.block(st.body)
	case fBack:
		for g := 0; ; {
			if sig := in.block(st.body); sig.kind != 0 {
				return sig
			}
			if g++; g >= fuzzRounds {
				return signal{}
			}
		}
	case fFunc:
		in.block(st.body)
	case fValue:
		v := st.id
		if !in.cond(st.cond) {
			v = -v
		}
		in.trace = append(in.trace, strconv.Itoa(v))
	case fLoop:
		return in.loop(st)
	}
	return signal{}
}

// round runs one pass of a loop body: it reports whether the loop goes on
// and the signal to pass outward.
func (in *interp) round(l fLoop) (bool, signal) {
	sig := in.block(l.body)
	switch {
	case sig.kind == 1:
		return false, signal{}
	case sig.kind == 2 && sig.loop != l.id:
		return false, sig
	}
	return true, signal{}
}

func (in *interp) loop(l fLoop) signal {
	in.cnt[l.id] = 0
	switch l.kind {
	case loopWhile:
		for in.cond(l.cond) {
			if more, sig := in.round(l); !more {
				return sig
			}
		}
	case loopRepeat:
		for {
			if more, sig := in.round(l); !more {
				return sig
			}
			if in.cond(l.cond) {
				break
			}
		}
	case loopNum:
		for i := l.from; (l.step > 0 && i <= l.to) || (l.step < 0 && i >= l.to); i += l.step {
			if more, sig := in.round(l); !more {
				return sig
			}
		}
	case loopIn:
		for i := 0; i < l.list; i++ {
			if more, sig := in.round(l); !more {
				return sig
			}
		}
	}
	return signal{}
}

// checkLoopProgram generates a program from data and compares gresty's
// run with the reference interpretation.
func checkLoopProgram(t *testing.T, data []byte) {
	g := &gen{data: data}
	prog := g.block(loopCtx{passed: map[int]bool{}, maxDepth: 5}, 0)
	src := renderLua(prog)
	in := &interp{cnt: map[int]int{}, flips: map[int]bool{}}
	in.block(prog)
	want := strings.Join(in.trace, ",")
	proto, err := CompileString(src, "=fuzz")
	if err != nil {
		t.Fatalf("compile: %v\n%s", err, src)
	}
	if err := backwardTargetsPlain(proto); err != nil {
		t.Fatalf("bytecode: %v\n%s", err, src)
	}
	got, err := runReturning(proto)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, src)
	}
	if got != want {
		t.Fatalf("trace %q, want %q\n%s", got, want, src)
	}
}

// FuzzLoops is the fuzz entry point: go test -fuzz FuzzLoops.
func FuzzLoops(f *testing.F) {
	for _, seed := range []string{
		"", "\x08\x03\x02\x00", "\x04\x08\x03\x03\x08\x02\x02\x00",
		"\x04\x08\x00\x00\x03\x02\x00\x00\x01", "\x04\x0b\x01\x01\x04\x02\x00",
		"\x03\x06\x02\x03\x00\x0a\x02\x02\x00", "\x04\x09\x02\x01\x02\x03\x05\x04\x00\x00",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoopProgram(t, data)
	})
}

// TestLoopPrograms runs a fixed set of pseudo-random loop programs, so the
// property is checked in every test run, not only while fuzzing.
func TestLoopPrograms(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		data := make([]byte, 20+r.Intn(200))
		r.Read(data)
		checkLoopProgram(t, data)
	}
}

package runtime

import (
	"fmt"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/ngxshim"
)

// Script is Lua code run from the command line (gresty resty).
type Script struct {
	// Chunks run in order: the -e code, then the file.
	Chunks []ScriptChunk
	// File is the script file (arg[0]), empty for -e only.
	File string
	// Args are the script's arguments (arg[1] ...).
	Args []string
}

// ScriptChunk is one piece of code with its chunk name.
type ScriptChunk struct {
	Source, Name string
}

// RunScript runs a script as OpenResty's resty does: in an ngx.timer
// callback of a worker with no server, output on stdout, errors on stderr
// as "ERROR: msg" with the traceback, exit code 1 on an error. It returns
// the process exit code.
func RunScript(opts Options, s Script, stdout, stderr io.Writer) int {
	opts.allEnv = true
	e, err := newEngine(opts, newSocketSet())
	if err != nil {
		fmt.Fprintf(stderr, "ERROR: %v\n", err)
		return 1
	}
	defer e.log.Close()
	w := e.workers[0]
	w.b.take()
	ngxshim.OpenConsole(w.L, stdout)
	arg := w.L.NewTable()
	if s.File != "" {
		arg.RawSetInt(0, lua.LString(s.File))
	}
	for i, a := range s.Args {
		arg.RawSetInt(i+1, lua.LString(a))
	}
	arg.RawSetInt(-1, lua.LString("resty"))
	w.L.G.Global.RawSetString("arg", arg)
	var fns []*lua.LFunction
	for _, c := range s.Chunks {
		pr, err := lua51compat.Compile([]byte(c.Source), c.Name)
		if err != nil {
			w.b.give()
			fmt.Fprintf(stderr, "ERROR: %s\n", err.Error())
			return 1
		}
		fns = append(fns, w.L.NewFunctionFromProto(pr))
	}
	w.b.give()
	ctx := &ngxshim.Ctx{Phase: ngxshim.PhaseTimer}
	for _, fn := range fns {
		w.b.take()
		res := w.runQuiet(ctx, fn)
		w.b.give()
		if res.lerr != nil {
			fmt.Fprintf(stderr, "ERROR: %s\n%s\n", errorText(res.lerr.value), scriptTraceback(res.lerr.traceback))
			return 1
		}
	}
	// signal_graceful_exit: pending timers run with premature set.
	w.Close()
	return 0
}

// scriptTraceback turns ngx_lua's traceback into debug.traceback(err, 3)'s,
// which resty prints: no coroutine line, no frame for error() itself.
func scriptTraceback(tb string) string {
	lines := strings.Split(tb, "\n")
	out := lines[:0]
	for i, l := range lines {
		if strings.HasPrefix(l, "coroutine ") {
			continue
		}
		if i <= 2 && strings.HasPrefix(l, "\t[C]: in function 'error'") {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

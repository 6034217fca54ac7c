package runtime

import (
	"strconv"
	"strings"
	"time"

	"gresty/runtime/config"
)

// The echo module (echo-nginx-module 0.63, which OpenResty bundles and the
// upstream suites lean on): a content handler running the location's echo*
// commands in order, the echo_before_body/echo_after_body filter, and the
// $echo_* variables.

// echoContent are the directives of the echo content handler.
var echoContent = map[string]config.Arity{
	"echo": config.ArgsAny, "echo_duplicate": config.Args2, "echo_flush": config.Args0,
	"echo_sleep": config.Args1, "echo_blocking_sleep": config.Args1, "echo_reset_timer": config.Args0,
	"echo_read_request_body": config.Args0, "echo_location_async": config.Args12,
	"echo_location": config.Args12, "echo_subrequest_async": config.Args2More,
	"echo_subrequest": config.Args2More, "echo_foreach_split": config.Args2More,
	"echo_end": config.Args0, "echo_request_body": config.Args0, "echo_exec": config.Args12,
	"echo_abort_parent": config.Args0,
}

func init() {
	for name, args := range echoContent {
		mustRegister(config.DirectiveSpec{Name: name, Module: "echo",
			Contexts: config.CtxLocation | config.CtxLocationIf, Args: args, Check: checkComplexArgs})
	}
	for _, name := range []string{"echo_before_body", "echo_after_body"} {
		mustRegister(config.DirectiveSpec{Name: name, Module: "echo",
			Contexts: config.CtxLocation | config.CtxLocationIf, Args: config.ArgsAny, Check: checkComplexArgs})
	}
	mustRegister(config.DirectiveSpec{Name: "echo_status", Module: "echo",
		Contexts: config.CtxLocation | config.CtxLocationIf, Args: config.Args1})
}

// mustRegister registers a directive of a module gresty builds in.
func mustRegister(spec config.DirectiveSpec) {
	if err := config.RegisterDirective(spec); err != nil {
		panic(err)
	}
}

// checkComplexArgs refuses arguments whose variables do not compile, as
// the echo module does when it reads the configuration.
func checkComplexArgs(d *config.Directive) error {
	for _, a := range d.Args {
		if _, err := config.ParseComplex(a); err != nil {
			return err
		}
	}
	return nil
}

// echoCmd is one echo directive with its arguments compiled.
type echoCmd struct {
	name string
	args []*config.ComplexValue
	line int
}

// echoState is the echo module's state for one request.
type echoState struct {
	// before and after say whether the filter's output was sent.
	before, after bool
	// filterOn is set once the header filter saw echo_before_body or
	// echo_after_body for the request.
	filterOn bool
	// timer is where $echo_timer_elapsed counts from.
	timer time.Time
	// it is $echo_it inside echo_foreach_split.
	it    string
	inFor bool
	// incr is $echo_incr's counter (kept on the main request).
	incr int
}

func (r *request) echoState() *echoState {
	if r.echo == nil {
		r.echo = &echoState{timer: r.entered}
	}
	return r.echo
}

// compileEcho compiles a directive's arguments.
func compileEcho(d *config.Directive) *echoCmd {
	c := &echoCmd{name: d.Name, line: d.Line}
	for _, a := range d.Args {
		// checkComplexArgs let only compilable arguments through
		cv, _ := config.ParseComplex(a)
		c.args = append(c.args, cv)
	}
	return c
}

// echoCommands returns the echo content commands of the location.
func (r *request) echoCommands() []*echoCmd { return r.extra().echo }

// echoCommandsOf finds a location's echo content commands (an if block
// without any inherits its location's).
func echoCommandsOf(loc *config.Location) []*echoCmd {
	for l := loc; l != nil; l = l.Parent {
		var cmds []*echoCmd
		for _, d := range l.Directives {
			if _, ok := echoContent[d.Name]; ok {
				cmds = append(cmds, compileEcho(d))
			}
		}
		if len(cmds) > 0 {
			return cmds
		}
		if l.Kind != config.LocIf && l.Kind != config.LocLimitExcept {
			return nil
		}
	}
	return nil
}

// eval evaluates a command's arguments; as in nginx's scripts, a variable
// used twice in one argument is read once ($echo_incr shows it).
func (c *echoCmd) eval(r *request) []string {
	out := make([]string, len(c.args))
	for i, cv := range c.args {
		out[i] = cv.Eval(&onceVars{r: r})
	}
	return out
}

// onceVars resolves each variable once.
type onceVars struct {
	r    *request
	seen map[string]varValue
}

// Var implements config.VarResolver.
func (o *onceVars) Var(name string) (string, bool) {
	if v, ok := o.seen[name]; ok {
		return v.v, !v.notFound
	}
	v, ok := o.r.Var(name)
	if o.seen == nil {
		o.seen = map[string]varValue{}
	}
	o.seen[name] = varValue{v: v, notFound: !ok}
	return v, ok
}

// Capture implements config.VarResolver.
func (o *onceVars) Capture(n int) (string, bool) { return o.r.Capture(n) }

// echoText is what an echo command prints: its arguments after the
// options, joined by spaces, with a newline unless -n was given.
func echoText(args []string) []byte {
	newline := true
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		if a == "-n" {
			newline = false
		}
	}
	s := strings.Join(args[i:], " ")
	if newline {
		s += "\n"
	}
	return []byte(s)
}

// echoStatus is the status echo_status gives the echo handler's response.
func (r *request) echoStatus() int { return r.extra().echoStatus }

// echoStatusOf reads echo_status (200 without it).
func echoStatusOf(loc *config.Location) int {
	if d := loc.Lookup("echo_status"); d != nil && len(d.Args) > 0 {
		if n, err := strconv.Atoi(d.Args[0]); err == nil {
			return n
		}
	}
	return 200
}

// echoSendHeader sends the header before the echo handler's first output.
func (r *request) echoSendHeader() {
	if r.headerSent() {
		return
	}
	if r.out().Status == 0 {
		r.out().Status = r.echoStatus()
	}
	r.sendHeader()
}

// echoOutput writes p as the echo handler's output.
func (r *request) echoOutput(p []byte) {
	r.echoSendHeader()
	if len(p) > 0 {
		r.writeBody(p, false)
	}
}

package config

// Script is the ordered rewrite-module statements (set, rewrite, return,
// if, break, and set_by_lua, which the NDK adds to the same list) of a
// server block or of a location.
type Script struct {
	Stmts []Stmt
	// Log is rewrite_log for the block the script belongs to.
	Log bool
}

// Stmt is one statement of a Script: *SetStmt, *RewriteStmt, *ReturnStmt,
// *BreakStmt, *IfStmt, *SetByLuaStmt or *SetFuncStmt.
type Stmt interface {
	// Position returns where the statement is written.
	Position() Pos
}

// Pos is a position in the configuration.
type Pos struct {
	File string
	Line int
}

// Position returns p.
func (p Pos) Position() Pos { return p }

// SetStmt is "set $var value".
type SetStmt struct {
	Pos
	// Var is the variable name, lower case, without "$".
	Var   string
	Value *ComplexValue
}

// RewriteFlag is the flag of a rewrite statement.
type RewriteFlag int

// The rewrite flags.
const (
	// RewriteNone: rewrite and go on with the next statement.
	RewriteNone RewriteFlag = iota
	// RewriteLast: stop, then select the location for the new URI.
	RewriteLast
	// RewriteBreak: stop and stay in this location.
	RewriteBreak
	// RewriteRedirect: send a 302 redirect.
	RewriteRedirect
	// RewritePermanent: send a 301 redirect.
	RewritePermanent
)

// RewriteStmt is "rewrite regex replacement [flag]".
type RewriteStmt struct {
	Pos
	Regex Regex
	// URI is the replacement up to its first "?".
	URI *ComplexValue
	// Args is the replacement after its first "?", nil when it has
	// none.
	Args *ComplexValue
	Flag RewriteFlag
	// Redirect is set for redirect and permanent, and for replacements
	// starting with "http://", "https://" or "$scheme".
	Redirect bool
	// Status is the redirect status (301 or 302).
	Status int
	// AddArgs is false when the replacement ends with "?": the request's
	// arguments are then dropped instead of appended.
	AddArgs bool
	// Raw is the replacement as written.
	Raw string
}

// ReturnStmt is "return code [text]", "return code URL" or "return URL".
type ReturnStmt struct {
	Pos
	Status int
	// Text is the body text, or the redirect URL for 301, 302, 303, 307
	// and 308; nil when none was given.
	Text *ComplexValue
}

// BreakStmt is "break".
type BreakStmt struct {
	Pos
}

// IfStmt is "if (condition) { ... }".
type IfStmt struct {
	Pos
	Cond *Condition
	// Body is the statements inside the block.
	Body []Stmt
	// Location is the if block's pseudo location, whose settings apply
	// once the condition holds; nil for an if at server level.
	Location *Location
}

// SetByLuaStmt is set_by_lua, set_by_lua_block or set_by_lua_file: the
// Lua code's result is assigned to Handler.Var.
type SetByLuaStmt struct {
	Pos
	Handler *LuaHandler
}

// CondOp is the operator of an if condition.
type CondOp int

// The if operators.
const (
	// CondVar: "($var)", true unless the value is empty or "0".
	CondVar CondOp = iota
	CondEqual
	CondNotEqual
	CondMatch
	CondMatchCaseless
	CondNotMatch
	CondNotMatchCaseless
	// The file tests -f, !-f, -d, !-d, -e, !-e, -x, !-x.
	CondFile
	CondNotFile
	CondDir
	CondNotDir
	CondExists
	CondNotExists
	CondExec
	CondNotExec
)

// Condition is the condition of an if block.
type Condition struct {
	Op CondOp
	// Var is the variable tested (lower case, without "$"), for the
	// variable operators.
	Var string
	// Value is the right-hand side of = and !=, or the path of a file
	// test.
	Value *ComplexValue
	// Regex is the pattern of the ~ operators.
	Regex Regex
	// Args are the condition's words as written, parentheses removed.
	Args []string
}

// FileInfo is what the file tests of an if need to know about a path.
type FileInfo struct {
	Exists     bool
	IsDir      bool
	Executable bool
}

// ScriptContext is the request a script runs on; the engine implements it.
type ScriptContext interface {
	VarResolver
	// SetVar assigns a variable (set, named captures).
	SetVar(name, value string)
	// URI and SetURI get and replace the request URI ($uri).
	URI() string
	SetURI(uri string)
	// Args and SetArgs get and replace the query string ($args).
	Args() string
	SetArgs(args string)
	// SetCaptures records the captures of the last regex run, which
	// $1..$9 then refer to; nil clears them (a rewrite or if regex that
	// does not match clears them in nginx).
	SetCaptures(c *Captures)
	// QuotedURI reports whether the client's URI had %-escapes or "+"
	// (nginx's quoted_uri and plus_in_uri): captures copied into a
	// redirect or into arguments are then escaped again.
	QuotedURI() bool
	// Stat answers the file tests.
	Stat(path string) FileInfo
	// SetByLua runs a set_by_lua handler with its evaluated arguments
	// and returns the value to assign.
	SetByLua(h *LuaHandler, args []string) (string, error)
}

// ScriptLogger is implemented by contexts that want rewrite_log's notices
// ("\"^/a\" matches \"/a\"", "rewritten data: ...").
type ScriptLogger interface {
	RewriteLog(msg string)
}

// MaxURIChanges is how many times nginx lets a request's URI change
// (rewrite ... last, a rewrite without break, internal redirects) before it
// fails with 500 and logs "rewrite or internal redirection cycle while
// processing ...".
const MaxURIChanges = 10

// Action is what the engine does after a script ran.
type Action int

// The actions.
const (
	// ActionContinue: the script ran to its end; go on with the phase.
	ActionContinue Action = iota
	// ActionBreak: a break (or rewrite ... break) stopped the script;
	// stay in the location.
	ActionBreak
	// ActionLast: rewrite ... last stopped the script; select the
	// location again for the new URI.
	ActionLast
	// ActionRedirect: send Status with a Location header.
	ActionRedirect
	// ActionReturn: respond with Status (and Text, if HasText).
	ActionReturn
	// ActionError: the request fails with Status 500.
	ActionError
)

// Outcome is the result of running a script.
type Outcome struct {
	Action Action
	// Status is the response status of ActionRedirect, ActionReturn and
	// ActionError. 444 means "close the connection".
	Status int
	// Text is the return text (a URL for 301, 302, 303, 307 and 308);
	// HasText says whether the return statement had one.
	Text    string
	HasText bool
	// Location is the redirect target of ActionRedirect.
	Location string
	// URIChanged is set when a rewrite changed the URI and no break
	// followed: in a location, the engine must then select the location
	// again (nginx allows 10 such cycles, then fails with 500 and
	// "rewrite or internal redirection cycle while processing ...").
	URIChanged bool
	// Loc is the if block whose settings now apply (the last one whose
	// condition held), nil when none did.
	Loc *Location
	// Err explains ActionError.
	Err error
}

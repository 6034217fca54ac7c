package config

import "strings"

// Directive is one directive as read from the configuration, with the words
// after nginx's unquoting and escapes.
type Directive struct {
	Name string
	// Args are the directive's arguments. For *_by_lua_block directives
	// the captured Lua code is the last argument, as lua-nginx-module
	// passes it to its handler.
	Args []string
	// File is the configuration file the directive was read from.
	File string
	// Line is the line nginx reports for the directive: the line of its
	// terminating ";" or opening "{".
	Line int
	// Block holds the directives inside a directive block ({ ... }); it is
	// nil for simple directives and for Lua and entry blocks.
	Block []*Directive
	// Entries holds the lines of an entry block (types, map, geo,
	// split_clients, charset_map), each a list of words.
	Entries [][]string
	// HasBlock is true when the directive was followed by a block.
	HasBlock bool
	// LuaLine is the line of the "{" that opens a *_by_lua_block: Lua's
	// line 1 is on that line.
	LuaLine int
}

// Context is a set of places a directive may appear, after nginx's
// NGX_*_CONF bits.
type Context uint32

// The configuration contexts.
const (
	CtxMain        Context = 1 << iota // top level
	CtxEvents                          // events { }
	CtxHTTP                            // http { }
	CtxServer                          // server { } in http
	CtxLocation                        // location { }
	CtxUpstream                        // upstream { }
	CtxServerIf                        // if { } in a server
	CtxLocationIf                      // if { } in a location
	CtxLimitExcept                     // limit_except { }
)

// CtxAnyHTTP is every context inside http { }.
const CtxAnyHTTP = CtxHTTP | CtxServer | CtxLocation | CtxUpstream | CtxServerIf | CtxLocationIf | CtxLimitExcept

var contextNames = []struct {
	c    Context
	name string
}{
	{CtxMain, "main"}, {CtxEvents, "events"}, {CtxHTTP, "http"}, {CtxServer, "server"},
	{CtxLocation, "location"}, {CtxUpstream, "upstream"}, {CtxServerIf, "server-if"},
	{CtxLocationIf, "location-if"}, {CtxLimitExcept, "limit_except"},
}

// String lists the contexts, such as "http|server|location".
func (c Context) String() string {
	var parts []string
	for _, n := range contextNames {
		if c&n.c != 0 {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, "|")
}

// Arity is the set of argument counts a directive accepts, after nginx's
// NGX_CONF_NOARGS ... NGX_CONF_TAKE7, NGX_CONF_FLAG, NGX_CONF_1MORE,
// NGX_CONF_2MORE and NGX_CONF_ANY.
type Arity uint32

// The argument counts.
const (
	Args0 Arity = 1 << iota
	Args1
	Args2
	Args3
	Args4
	Args5
	Args6
	Args7
	// ArgsFlag is one "on" or "off" argument.
	ArgsFlag
	// Args1More is one or more arguments.
	Args1More
	// Args2More is two or more arguments.
	Args2More
	// ArgsAny is any number of arguments.
	ArgsAny
)

// Common combinations.
const (
	Args12   = Args1 | Args2
	Args13   = Args1 | Args2 | Args3
	Args23   = Args2 | Args3
	Args1234 = Args1 | Args2 | Args3 | Args4
)

// maxArgs is NGX_CONF_MAX_ARGS: a fixed-count directive takes at most
// seven arguments.
const maxArgs = 8

// accepts reports whether n arguments are acceptable, as ngx_conf_handler
// checks them.
func (a Arity) accepts(n int) bool {
	switch {
	case a&ArgsAny != 0:
		return true
	case a&ArgsFlag != 0:
		return n == 1
	case a&Args1More != 0:
		return n >= 1
	case a&Args2More != 0:
		return n >= 2
	case n+1 > maxArgs:
		return false
	}
	return a&(1<<n) != 0
}

// BlockKind says what, if anything, follows a directive in braces.
type BlockKind int

// The block kinds.
const (
	// NoBlock: the directive ends with ";".
	NoBlock BlockKind = iota
	// DirectiveBlock: the block holds directives (http, server, location).
	DirectiveBlock
	// LuaBlock: the block holds Lua code (*_by_lua_block).
	LuaBlock
	// EntryBlock: the block holds lines read by the directive itself
	// (types, map, geo, split_clients, charset_map).
	EntryBlock
)

// ValueKind describes the argument of a single-valued directive so that it
// is validated as nginx's slot functions validate it.
type ValueKind int

// The value kinds.
const (
	// ValueNone: no generic validation.
	ValueNone ValueKind = iota
	// ValueFlag: "on" or "off" (ngx_conf_set_flag_slot).
	ValueFlag
	// ValueSize: a size like "8k" (ngx_conf_set_size_slot).
	ValueSize
	// ValueOffset: a size that also takes "g" (ngx_conf_set_off_slot).
	ValueOffset
	// ValueMsec: a time in milliseconds (ngx_conf_set_msec_slot).
	ValueMsec
	// ValueSec: a time in seconds (ngx_conf_set_sec_slot).
	ValueSec
	// ValueNumber: a decimal number (ngx_conf_set_num_slot).
	ValueNumber
	// ValueString: a string, set once (ngx_conf_set_str_slot).
	ValueString
)

// DirectiveSpec describes one directive: where it may appear, how many
// arguments it takes and what follows it.
type DirectiveSpec struct {
	Name string
	// Module names the module the directive belongs to ("core", "http",
	// "lua", or the engine's own name).
	Module   string
	Contexts Context
	Args     Arity
	Block    BlockKind
	// Value enables nginx's validation for single-valued directives:
	// the value is checked and a second occurrence in the same block is
	// "is duplicate".
	Value ValueKind
	// Check, when set, validates the directive after the generic checks.
	// A returned error's text is reported as nginx reports a handler's
	// own message: text + " in file:line".
	Check func(d *Directive) error
	// Once makes a second occurrence in the same block an error ("is
	// duplicate"), as nginx's slot functions report it.
	Once bool

	// set is the built-in handler that turns the directive into the
	// typed model.
	set setFunc
}

// Package config is gresty's nginx.conf front: it reads a configuration the
// way nginx 1.22.1 with lua-nginx-module 0.10.23 does, reports the errors
// nginx would report with the same words and positions, and gives the
// engine a typed model with nginx's inheritance already applied, nginx's
// server and location selection, and the rewrite module as an executable
// script.
//
// # Loading
//
//	cfg, err := config.Load("conf/nginx.conf", "/srv/app/", "daemon off;")
//
// Load takes the configuration path (relative to the prefix, as nginx's
// -c), the prefix (-p) and the -g directives. LoadWith takes Options: a
// regex engine to use instead of Go's, extra directives for this load,
// extra variable names, the port of the implicit listen. On failure the
// error is an *Error whose Error() is exactly what nginx prints after
// "[emerg] " (for example: unknown directive "foo" in
// /srv/app/conf/nginx.conf:3); Error.Level is the level nginx logs it at and
// Error.Warnings the messages logged before it. On success
// Config.Warnings holds the warnings ("[warn]", "[alert]").
//
// # What is read, and how
//
// The tokenizer is nginx's ngx_conf_read_token (quotes, escapes, "${var}"
// inside words, comments, its 4096-byte read window and the "too long
// parameter" errors that come from it). The *_by_lua_block directives are
// read by lua-nginx-module's own block lexer, so Lua strings, long strings,
// comments and nested braces are skipped exactly as ngx_lua skips them,
// including its quirks and its errors for unterminated or oversized code;
// the code is kept verbatim. Includes expand globs in byte order with
// relative paths taken from the directory of the main file. Every file read
// is kept for Config.Dump, which prints them as "nginx -T" does.
//
// Every directive of the reference build is known (directives_table.go,
// measured on the reference): its contexts, argument counts and block kind
// are checked as nginx checks them, and slot-style values (flags, sizes,
// times, numbers) and duplicates are validated. Directives that have a
// meaning in gresty are turned into typed fields; the others are kept. A
// directive from a module the reference build does not have (echo,
// more_set_headers...) is an unknown directive, as it is for that nginx.
// The engine adds its own directives with RegisterDirective (for every
// load) or Options.Directives (for one).
//
// # The model
//
// Config has Main (worker_processes, error_log, env, pid...), Events and
// HTTP. HTTP has the Servers, the lua_shared_dict zones, the init_by_lua,
// init_worker_by_lua and exit_worker_by_lua handlers and the http-level
// ngx_lua settings. A Server has its Listens, Names, Locations and its
// server-level rewrite Script. Every Location (and the pseudo locations of
// if blocks, limit_except blocks, the server level and the http level)
// carries every per-location setting already resolved by nginx's merge
// rules, including the ngx_lua handlers (rewrite, access, header filter,
// body filter and log handlers are inherited by nested locations; a content
// handler is not, but an if block keeps its location's). Every block also
// keeps its raw directives: Block.Lookup and Block.LookupAll give any
// directive with nginx's inheritance, which is how the engine reads
// directives gresty does not type (and its own registered ones).
//
// A LuaHandler has the code (or file path, possibly with variables), the
// chunk name ngx_lua gives it ("=content_by_lua(nginx.conf:12)": the line
// is the one of the block's "{" or of the ";" ending a string form, and the
// file part is "nginx.conf", the path relative to the conf directory, or
// the full path, shortened from the left to fit LuaJIT's limit), and for
// set_by_lua the target variable and arguments.
//
// # Selecting the server and the location
//
// HTTP.FindServer(localAddr, host) (or MatchServer, which also returns the
// captures of a server_name regex) applies nginx's order: the servers
// listening on the connection's local address (a wildcard listen catches
// the others), then exact name, longest leading wildcard, longest trailing
// wildcard, first matching regex, else the default server of the address.
// Server.MatchLocation(uri) applies ngx_http_core_find_location: exact
// match; otherwise the longest prefix, its nested locations, and (unless it
// is "^~") the regex locations in order, with their nested ones; it returns
// the captures of a matching regex and the auto-redirect case of proxying
// locations. Server.FindNamed finds "@name" locations. Regexes are compiled
// by one function (DefaultRegexCompiler, Go's regexp with nginx's byte
// semantics, or Options.RegexCompiler).
//
// # The rewrite module
//
// A Script (Server.Script, Location.Script) is the ordered set, rewrite,
// return, if, break and set_by_lua statements of a block. Script.Run runs
// them against a ScriptContext the engine implements (variables, URI and
// arguments, captures, file tests, set_by_lua) and returns an Outcome:
// continue, break, last (select the location again: nginx allows 10 such
// cycles, then answers 500), redirect (status and Location, with the
// request's arguments appended as nginx appends them), return (status and
// text or URL), or a 500. When an if condition holds in a location, the if
// block's pseudo location becomes the configuration in effect
// (Outcome.Loc), as in nginx. Values with variables are ComplexValue,
// parsed once and evaluated with Eval.
//
// # Where gresty differs from nginx here
//
// Regexes are Go's, with regexp2 for lookarounds and backreferences (see
// DefaultRegexCompiler for what remains different), so regex compile
// errors other than the common ones are worded differently.
// lua_capture_error_log is accepted as in OpenResty (Debian's nginx lacks
// the patch and refuses it). Certificates and load_module files are not
// read while loading. The directives gresty only keeps get nginx's checks
// of contexts, argument counts, slot values (flags, sizes, times, numbers),
// duplicates and a few enums, not their own value checks (a bad proxy_pass
// URL loads). The "unknown variable" check covers the values gresty
// compiles (set, rewrite, return, if, root, index, add_header, error_page,
// logs, map, Lua file paths), not variables in kept directives. Listen and
// resolver host names are resolved with Go's resolver.
package config

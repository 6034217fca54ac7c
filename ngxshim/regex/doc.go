// Package regex is a Perl-compatible regular expression engine that behaves
// as the PCRE 8.x library OpenResty's ngx.re API runs on: same syntax, same
// compile error texts and offsets, byte offsets into the subject, bytes above
// 0x7f taken as themselves unless UTF-8 mode is on, and the same match-limit
// accounting, so that ngx.re code written against OpenResty gives the same
// answers here.
//
// A pattern is compiled into a program modelled on PCRE's own opcodes
// (groups with links, single-character items with repeat counts,
// assertions); the matcher walks it with a recursive backtracking function
// that calls itself where PCRE's matcher does, which keeps semantics such as
// capture values after backtracking, atomic groups, recursion and
// (*VERB)s in line with the reference, and lets match_limit count the same
// steps. A second matcher implements PCRE's alternative ("DFA") algorithm,
// which reports the longest match at the first position that matches.
// Unicode properties and case folding (UTF-8 mode) come from PCRE 8.39's
// own character database (Unicode 7.0.0), not from Go's newer tables.
//
// The package knows nothing about Lua or nginx; the ngx.re functions are
// built on it in package ngxshim.
package regex

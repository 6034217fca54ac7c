package regex

import "strconv"

// Compile error numbers, as PCRE numbers them (only those this engine can
// report are named).
const (
	errBackslashAtEnd     = 1
	errCAtEnd             = 2
	errUnrecognizedEscape = 3
	errQuantOrder         = 4
	errQuantTooBig        = 5
	errMissingBracket     = 6
	errClassEscape        = 7
	errRangeOrder         = 8
	errNothingToRepeat    = 9
	errInternalRepeat     = 11
	errUnknownGroupOption = 12
	errPosixOutsideClass  = 13
	errMissingParen       = 14
	errNoSuchGroup        = 15
	errCommentParen       = 18
	errTooLarge           = 20
	errUnmatchedParen     = 22
	errUnknownAfterLT     = 24
	errLookbehindLength   = 25
	errBadCondition       = 26
	errCondBranches       = 27
	errAssertionExpected  = 28
	errRecurseSyntax      = 29
	errUnknownPosix       = 30
	errCollating          = 31
	errCharTooBig         = 34
	errCondZero           = 35
	errCInLookbehind      = 36
	errUnsupportedEscape  = 37
	errCalloutNumber      = 38
	errCalloutParen       = 39
	errRecursiveLoop      = 40
	errAfterP             = 41
	errNameTerminator     = 42
	errDuplicateName      = 43
	errBadUTF8Pattern     = 44
	errMalformedProp      = 46
	errUnknownProp        = 47
	errNameTooLong        = 48
	errTooManyNames       = 49
	errOctalTooBig        = 51
	errDefineBranches     = 54
	errBadGEscape         = 57
	errZeroReference      = 58
	errVerbArgument       = 59
	errUnknownVerb        = 60
	errNumberTooBig       = 61
	errNameExpected       = 62
	errDigitAfterPlus     = 63
	errJSBracket          = 64
	errDifferentNames     = 65
	errMarkArgument       = 66
	errCNotASCII          = 68
	errBadKEscape         = 69
	errNInClass           = 71
	errSurrogate          = 73
	errMarkTooLong        = 75
	errJSUTooBig          = 76
	errHexBrace           = 79
	errOctalBrace         = 80
	errMissingOBrace      = 81
	errNestedTooDeep      = 82
	errInvalidRange       = 83
	errNameDigit          = 84
	errMissingDigits      = 86
)

// errorTexts are PCRE 8.39's compile error messages, indexed by number.
var errorTexts = [...]string{
	"no error",
	"\\ at end of pattern",
	"\\c at end of pattern",
	"unrecognized character follows \\",
	"numbers out of order in {} quantifier",
	"number too big in {} quantifier",
	"missing terminating ] for character class",
	"invalid escape sequence in character class",
	"range out of order in character class",
	"nothing to repeat",
	"internal error: invalid forward reference offset",
	"internal error: unexpected repeat",
	"unrecognized character after (? or (?-",
	"POSIX named classes are supported only within a class",
	"missing )",
	"reference to non-existent subpattern",
	"erroffset passed as NULL",
	"unknown option bit(s) set",
	"missing ) after comment",
	"parentheses nested too deeply",
	"regular expression is too large",
	"failed to get memory",
	"unmatched parentheses",
	"internal error: code overflow",
	"unrecognized character after (?<",
	"lookbehind assertion is not fixed length",
	"malformed number or name after (?(",
	"conditional group contains more than two branches",
	"assertion expected after (?( or (?(?C)",
	"(?R or (?[+-]digits must be followed by )",
	"unknown POSIX class name",
	"POSIX collating elements are not supported",
	"this version of PCRE is compiled without UTF support",
	"spare error",
	"character value in \\x{} or \\o{} is too large",
	"invalid condition (?(0)",
	"\\C not allowed in lookbehind assertion",
	"PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u",
	"number after (?C is > 255",
	"closing ) for (?C expected",
	"recursive call could loop indefinitely",
	"unrecognized character after (?P",
	"syntax error in subpattern name (missing terminator)",
	"two named subpatterns have the same name",
	"invalid UTF-8 string",
	"support for \\P, \\p, and \\X has not been compiled",
	"malformed \\P or \\p sequence",
	"unknown property name after \\P or \\p",
	"subpattern name is too long (maximum 32 characters)",
	"too many named subpatterns (maximum 10000)",
	"repeated subpattern is too long",
	"octal value is greater than \\377 in 8-bit non-UTF-8 mode",
	"internal error: overran compiling workspace",
	"internal error: previously-checked referenced subpattern not found",
	"DEFINE group contains more than one branch",
	"repeating a DEFINE group is not allowed",
	"inconsistent NEWLINE options",
	"\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number",
	"a numbered reference must not be zero",
	"an argument is not allowed for (*ACCEPT), (*FAIL), or (*COMMIT)",
	"(*VERB) not recognized or malformed",
	"number is too big",
	"subpattern name expected",
	"digit expected after (?+",
	"] is an invalid data character in JavaScript compatibility mode",
	"different names for subpatterns of the same number are not allowed",
	"(*MARK) must have an argument",
	"this version of PCRE is not compiled with Unicode property support",
	"\\c must be followed by an ASCII character",
	"\\k is not followed by a braced, angle-bracketed, or quoted name",
	"internal error: unknown opcode in find_fixedlength()",
	"\\N is not supported in a class",
	"too many forward references",
	"disallowed Unicode code point (>= 0xd800 && <= 0xdfff)",
	"invalid UTF-16 string",
	"name is too long in (*MARK), (*PRUNE), (*SKIP), or (*THEN)",
	"character value in \\u.... sequence is too large",
	"invalid UTF-32 string",
	"setting UTF is disabled by the application",
	"non-hex character in \\x{} (closing brace missing?)",
	"non-octal character in \\o{} (closing brace missing?)",
	"missing opening brace after \\o",
	"parentheses are too deeply nested",
	"invalid range in character class",
	"group name must start with a non-digit",
	"parentheses are too deeply nested (stack check)",
	"digits missing in \\x{} or \\o{}",
}

// CompileError is a pattern PCRE would not compile: Code is PCRE's error
// number and Offset the byte offset in the pattern where it was detected.
type CompileError struct {
	Code   int
	Offset int
}

// Error returns PCRE's message for the error, without the offset.
func (e *CompileError) Error() string {
	if e.Code >= 0 && e.Code < len(errorTexts) {
		return errorTexts[e.Code]
	}
	return "internal error " + strconv.Itoa(e.Code)
}

// Exec error codes, PCRE's numbers.
const (
	// NoMatch is returned when the subject does not match.
	NoMatch = -1
	// ErrMatchLimit is PCRE_ERROR_MATCHLIMIT: the match limit was reached.
	ErrMatchLimit = -8
	// ErrBadUTF8 is PCRE_ERROR_BADUTF8: the subject is not valid UTF-8.
	ErrBadUTF8 = -10
	// ErrBadUTF8Offset is PCRE_ERROR_BADUTF8_OFFSET: the start offset is
	// inside a UTF-8 character.
	ErrBadUTF8Offset = -11
	// ErrDFAUnsupportedItem is PCRE_ERROR_DFA_UITEM.
	ErrDFAUnsupportedItem = -16
	// ErrDFAUnsupportedCond is PCRE_ERROR_DFA_UCOND.
	ErrDFAUnsupportedCond = -17
	// ErrRecursionLimit is PCRE_ERROR_RECURSIONLIMIT.
	ErrRecursionLimit = -21
	// ErrBadOffset is PCRE_ERROR_BADOFFSET: start offset out of range.
	ErrBadOffset = -24
	// ErrRecurseLoop is PCRE_ERROR_RECURSELOOP.
	ErrRecurseLoop = -26
)

package config

import (
	"fmt"
	"strconv"
)

// Level is the nginx log level a configuration diagnostic is reported at.
type Level int

// The nginx log levels, most severe first, as ngx_log.h numbers them.
const (
	LevelStderr Level = iota
	LevelEmerg
	LevelAlert
	LevelCrit
	LevelError
	LevelWarn
	LevelNotice
	LevelInfo
	LevelDebug
)

var levelNames = [...]string{"stderr", "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"}

// String returns the level's name as nginx prints it between brackets.
func (l Level) String() string {
	if l >= 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

// Diagnostic is one message nginx would log while reading the configuration.
type Diagnostic struct {
	Level Level
	// Msg is the message without its position suffix.
	Msg string
	// File is the configuration file being read; empty when the message has no position.
	File string
	// Line is the line nginx reports (the line its reader was on).
	Line int
	// CommandLine marks messages about the -g global directives.
	CommandLine bool
}

// String formats the diagnostic as nginx writes it after "[level] ".
func (d Diagnostic) String() string {
	switch {
	case d.CommandLine:
		return d.Msg + " in command line"
	case d.File != "":
		return d.Msg + " in " + d.File + ":" + strconv.Itoa(d.Line)
	default:
		return d.Msg
	}
}

// Error is a configuration error that stops loading, formatted exactly as
// nginx prints it after "[emerg] " (or the level in Level).
type Error struct {
	Diagnostic
	// Err is an underlying cause, such as a file system error.
	Err error
	// Warnings are the messages nginx logged before the error.
	Warnings []Diagnostic
}

// Error returns the nginx-formatted message with its file:line suffix.
func (e *Error) Error() string { return e.Diagnostic.String() }

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// directiveError is what an nginx directive handler returns as its "rv"
// string: the caller formats it as `"name" directive <rv>`.
type directiveError string

// Error returns the handler's message.
func (e directiveError) Error() string { return string(e) }

// logged is an error whose message is final: the caller only appends the
// position, as ngx_conf_log_error does.
type logged struct {
	level Level
	msg   string
	err   error
}

// Error returns the message.
func (e *logged) Error() string { return e.msg }

// Unwrap returns the cause.
func (e *logged) Unwrap() error { return e.err }

// emergf builds an error message logged at emerg level, like
// ngx_conf_log_error(NGX_LOG_EMERG, ...).
func emergf(format string, args ...any) error {
	return &logged{level: LevelEmerg, msg: fmt.Sprintf(format, args...)}
}

// errorf builds an error message logged at error level.
func errorf(format string, args ...any) error {
	return &logged{level: LevelError, msg: fmt.Sprintf(format, args...)}
}

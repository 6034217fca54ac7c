package lua51compat

import (
	"errors"
	"io"
	"os"
	"strings"
	"syscall"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat/parse"
)

// Compile compiles Lua source with gresty's LuaJIT-compatible front end.
// chunkname follows Lua's convention ("=name", "@path", or the source text
// itself); the prototype's SourceName is its short form (parse.ShortSrc), so
// gopher-lua's runtime errors read "name:line: ..." as LuaJIT's do. Syntax
// errors are *parse.SyntaxError values whose Error() is LuaJIT's full text.
func Compile(src []byte, chunkname string) (*lua.FunctionProto, error) {
	return parse.CompileString(string(src), chunkname)
}

// CompileFile compiles a Lua file for require's file loader, with chunk
// name "@path". Open and read failures are *FileError values.
func CompileFile(path string) (*lua.FunctionProto, error) {
	src, err := loadReadFile(path)
	if err != nil {
		return nil, err
	}
	return parse.CompileString(src, "@"+path)
}

// Load compiles src and wraps it in a function whose environment is L's
// current one, as gopher-lua's LState.Load does.
func Load(L *lua.LState, src []byte, chunkname string) (*lua.LFunction, error) {
	proto, err := Compile(src, chunkname)
	if err != nil {
		return nil, err
	}
	return L.NewFunctionFromProto(proto), nil
}

// OpenLoad replaces the globals load, loadstring, loadfile and dofile with
// LuaJIT-compatible versions that use gresty's front end and return or raise
// LuaJIT's messages (argument errors go through this package's argError).
func OpenLoad(L *lua.LState) {
	L.SetGlobal("load", L.NewFunction(baseLoad))
	L.SetGlobal("loadstring", L.NewFunction(baseLoad))
	L.SetGlobal("loadfile", L.NewFunction(baseLoadFile))
	L.SetGlobal("dofile", L.NewFunction(baseDoFile))
}

// errWrongMode is LuaJIT's message when a chunk is not of an allowed mode.
const errWrongMode = "attempt to load chunk with wrong mode"

// baseLoad is load(chunk [, chunkname [, mode [, env]]]), also installed as
// loadstring: chunk is a string (numbers are converted) or a reader
// function called until it returns nil or "".
func baseLoad(L *lua.LState) int {
	name, hasName := optString(L, 2)
	mode, hasMode := optString(L, 3)
	var src string
	switch v := L.Get(1).(type) {
	case lua.LString:
		src = string(v)
		if !hasName {
			name = src
		}
	case lua.LNumber:
		src = FormatNumber(float64(v))
		if !hasName {
			name = src
		}
	case *lua.LFunction:
		var failure lua.LValue
		src, failure = loadReadChunk(L, v)
		if failure != nil {
			L.Push(lua.LNil)
			L.Push(failure)
			return 2
		}
		if !hasName {
			name = "=(load)"
		}
	default:
		typeError(L, 1, "function")
	}
	return pushLoaded(L, src, name, mode, hasMode, 4)
}

// loadReadChunk calls a load reader until it signals the end. A reader error,
// or a piece that is not a string, ends loading with that failure value.
func loadReadChunk(L *lua.LState, reader *lua.LFunction) (string, lua.LValue) {
	var b strings.Builder
	for {
		L.Push(reader)
		if err := L.PCall(0, 1, nil); err != nil {
			if ae, ok := err.(*lua.ApiError); ok {
				return "", ae.Object
			}
			return "", lua.LString(err.Error())
		}
		piece := L.Get(-1)
		L.Pop(1)
		switch v := piece.(type) {
		case *lua.LNilType:
			return b.String(), nil
		case lua.LString:
			if v == "" {
				return b.String(), nil
			}
			b.WriteString(string(v))
		case lua.LNumber:
			b.WriteString(FormatNumber(float64(v)))
		default:
			return "", lua.LString(CallerSite(L).Where + "reader function must return a string")
		}
	}
}

// pushLoaded compiles src and pushes the function, or nil and the message.
// envArg is the position of the optional environment table.
func pushLoaded(L *lua.LState, src, chunkname, mode string, hasMode bool, envArg int) int {
	fn, msg := loadChunk(L, src, chunkname, mode, hasMode)
	if fn == nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(msg))
		return 2
	}
	if env, ok := L.Get(envArg).(*lua.LTable); ok {
		fn.Env = env
	}
	L.Push(fn)
	return 1
}

// loadChunk applies LuaJIT's checks in LuaJIT's order: a bytecode signature
// behind a header line is malformed, then the mode is checked, then the
// source compiled.
func loadChunk(L *lua.LState, src, chunkname, mode string, hasMode bool) (*lua.LFunction, string) {
	bytecode, header := parse.Signature(src)
	if !(bytecode && header) && hasMode {
		want := "t"
		if bytecode {
			want = "b"
		}
		if !strings.Contains(loadCstr(mode), want) {
			return nil, errWrongMode
		}
	}
	proto, err := parse.CompileString(src, chunkname)
	if err != nil {
		return nil, err.Error()
	}
	return L.NewFunctionFromProto(proto), ""
}

// baseLoadFile is loadfile([filename [, mode [, env]]]); without a file
// name it reads standard input.
func baseLoadFile(L *lua.LState) int {
	fname, hasName := optString(L, 1)
	mode, hasMode := optString(L, 2)
	src, chunkname, err := loadReadSource(fname, hasName)
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	return pushLoaded(L, src, chunkname, mode, hasMode, 3)
}

// baseDoFile is dofile([filename]): it runs the file and returns its
// results, raising load errors as plain messages.
func baseDoFile(L *lua.LState) int {
	fname, hasName := optString(L, 1)
	top := L.GetTop()
	src, chunkname, err := loadReadSource(fname, hasName)
	if err != nil {
		L.Error(lua.LString(err.Error()), 0)
	}
	fn, msg := loadChunk(L, src, chunkname, "", false)
	if fn == nil {
		L.Error(lua.LString(msg), 0)
	}
	L.Push(fn)
	L.Call(0, lua.MultRet)
	return L.GetTop() - top
}

// loadReadSource reads a named file, or standard input when there is no name.
func loadReadSource(fname string, hasName bool) (src, chunkname string, err error) {
	if !hasName {
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return "", "", &FileError{Op: "read", Path: "stdin", Err: err}
		}
		return string(b), "=stdin", nil
	}
	src, err = loadReadFile(fname)
	return src, "@" + fname, err
}

// FileError is a failure to open or read a Lua source file, worded as
// LuaJIT's loadfile words it: "cannot open /x.lua: No such file or
// directory". It wraps the operating system's error, so errors.Is(err,
// fs.ErrNotExist) tells a missing file from other failures.
type FileError struct {
	Op   string // "open" or "read"
	Path string
	Err  error
}

// Error returns LuaJIT's text, with the error rendered as C's strerror.
func (e *FileError) Error() string {
	return "cannot " + e.Op + " " + e.Path + ": " + loadStrerror(e.Err)
}

// Unwrap returns the operating system's error.
func (e *FileError) Unwrap() error { return e.Err }

// loadReadFile reads a source file.
func loadReadFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", &FileError{Op: "open", Path: path, Err: err}
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return "", &FileError{Op: "read", Path: path, Err: err}
	}
	return string(b), nil
}

// loadStrerror renders an I/O error as C's strerror would: Go's texts for
// errno values are glibc's with the first letter lowered.
func loadStrerror(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return err.Error()
	}
	s := errno.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// loadCstr cuts s at its first NUL, as the C library functions LuaJIT uses do.
func loadCstr(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

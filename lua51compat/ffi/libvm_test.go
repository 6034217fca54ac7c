package ffi

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// A VM for running vendored lua-resty libraries without the engine: the
// LuaJIT libraries, ffi, a require that compiles with gresty's LuaJIT
// front end from the given library folders, and the handful of ngx
// functions the libraries and their suites call, implemented here over
// Go's standard library.

// upstream is the folder of the pinned upstream sources.
const upstream = "../../vendor-lua/upstream"

// libVM is a VM and what its ngx.say/ngx.print wrote.
type libVM struct {
	L   *lua.LState
	out *bytes.Buffer
	now float64 // what ngx.now returns
}

func newLibVM(t testing.TB, libDirs ...string) *libVM {
	t.Helper()
	L := newVM(t)
	vm := &libVM{L: L, out: &bytes.Buffer{}, now: 1700000000}
	var path []string
	for _, d := range libDirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			t.Fatal(err)
		}
		path = append(path, filepath.Join(abs, "?.lua"))
	}
	installSearcher(L, path)
	vm.installNgx()
	return vm
}

// installSearcher puts a searcher first in package.loaders that finds
// modules on the given path templates and compiles them with the LuaJIT
// front end (gopher-lua's own parser lacks LuaJIT's syntax).
func installSearcher(L *lua.LState, templates []string) {
	loaders, ok := L.GetField(L.GetGlobal("package"), "loaders").(*lua.LTable)
	if !ok {
		return
	}
	searcher := L.NewFunction(func(L *lua.LState) int {
		name := L.CheckString(1)
		rel := strings.ReplaceAll(name, ".", "/")
		for _, tmpl := range templates {
			file := strings.ReplaceAll(tmpl, "?", rel)
			if _, err := os.Stat(file); err != nil {
				continue
			}
			proto, err := lua51compat.CompileFile(file)
			if err != nil {
				L.RaiseError("%s", err.Error())
			}
			L.Push(L.NewFunctionFromProto(proto))
			return 1
		}
		L.Push(lua.LString("\n\tno file for " + name))
		return 1
	})
	loaders.Insert(1, searcher)
}

// installNgx provides ngx.say, ngx.print, ngx.now, ngx.log and the hash
// and base64 helpers, as ngx_lua defines them.
func (vm *libVM) installNgx() {
	L := vm.L
	ngx := L.NewTable()
	write := func(L *lua.LState, nl bool) int {
		for i := 1; i <= L.GetTop(); i++ {
			vm.out.WriteString(lua51compat.ToStringMeta(L, L.Get(i)))
		}
		if nl {
			vm.out.WriteByte('\n')
		}
		L.Push(lua.LNumber(1))
		return 1
	}
	L.SetFuncs(ngx, map[string]lua.LGFunction{
		"say":   func(L *lua.LState) int { return write(L, true) },
		"print": func(L *lua.LState) int { return write(L, false) },
		"now":   func(L *lua.LState) int { L.Push(lua.LNumber(vm.now)); return 1 },
		"log":   func(L *lua.LState) int { return 0 },
		"md5_bin": func(L *lua.LState) int {
			sum := md5.Sum([]byte(L.CheckString(1)))
			L.Push(lua.LString(sum[:]))
			return 1
		},
		"sha1_bin": func(L *lua.LState) int {
			sum := sha1.Sum([]byte(L.CheckString(1)))
			L.Push(lua.LString(sum[:]))
			return 1
		},
		"crc32_long": func(L *lua.LState) int {
			L.Push(lua.LNumber(crc32.ChecksumIEEE([]byte(L.CheckString(1)))))
			return 1
		},
		"encode_base64": func(L *lua.LState) int {
			L.Push(lua.LString(base64.StdEncoding.EncodeToString([]byte(L.CheckString(1)))))
			return 1
		},
		"decode_base64": func(L *lua.LState) int {
			b, err := base64.StdEncoding.DecodeString(L.CheckString(1))
			if err != nil {
				L.Push(lua.LNil)
				return 1
			}
			L.Push(lua.LString(b))
			return 1
		},
	})
	for name, lvl := range map[string]int{"STDERR": 0, "EMERG": 1, "ALERT": 2, "CRIT": 3, "ERR": 4, "WARN": 5, "NOTICE": 6, "INFO": 7, "DEBUG": 8} {
		ngx.RawSetString(name, lua.LNumber(lvl))
	}
	L.SetGlobal("ngx", ngx)
}

// run runs a chunk and returns what it printed, failing the test on a
// Lua error.
func (vm *libVM) run(t testing.TB, name, src string) string {
	t.Helper()
	out, err := vm.runErr(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// runErr is run for goroutines other than the test's.
func (vm *libVM) runErr(name, src string) (string, error) {
	vm.out.Reset()
	fn, err := lua51compat.Load(vm.L, []byte(src), "="+name)
	if err != nil {
		return "", fmt.Errorf("%s: compile: %w", name, err)
	}
	vm.L.Push(fn)
	if err := vm.L.PCall(0, 0, nil); err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return vm.out.String(), nil
}

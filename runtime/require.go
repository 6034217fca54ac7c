package runtime

import (
	"os"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// require and package.loaders as LuaJIT's, with one difference that only a
// goroutine-backed VM can have: a module's top-level code may block (a
// cosocket, ngx.sleep). While it is blocked, another thread that requires the
// same module waits for the first load to finish instead of failing with
// "loop or previous error loading module"; only a real loop (the module
// requiring itself on the same thread) is an error.

// Default search paths of Debian's OpenResty LuaJIT (libluajit2-5.1), as the
// reference nginx reports them in package.path and package.cpath.
const (
	DefaultLuaPath  = "./?.lua;/usr/share/luajit-2.1.0-beta3/?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua;/usr/share/lua/5.1/?.lua;/usr/share/lua/5.1/?/init.lua"
	DefaultLuaCPath = "./?.so;/usr/local/lib/lua/5.1/?.so;/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;/usr/local/lib/lua/5.1/loadall.so"
	// NoConfLuaPath is package.path when no lua_package_path is configured:
	// Debian's module prepends its own directory.
	NoConfLuaPath = "/usr/share/lua/5.1/?.lua;;" + DefaultLuaPath
)

// ExpandPackagePath replaces ";;" in a lua_package_path/cpath value with the
// default path, as ngx_lua does.
func ExpandPackagePath(p, def string) string {
	return strings.Replace(p, ";;", ";"+def+";", 1)
}

// moduleLoad is a module whose loader is running.
type moduleLoad struct {
	owner *thread
	done  chan struct{}
}

func (w *Worker) openPackage(L *lua.LState) {
	pkg, _ := L.GetGlobal("package").(*lua.LTable)
	path := w.cfg.PackagePath
	if path == "" {
		path = NoConfLuaPath
	}
	cpath := w.cfg.PackageCPath
	if cpath == "" {
		cpath = DefaultLuaCPath
	}
	pkg.RawSetString("path", lua.LString(path))
	pkg.RawSetString("cpath", lua.LString(cpath))
	loaders := L.NewTable()
	for _, f := range []lua.LGFunction{loaderPreload, w.loaderLua, loaderC, loaderCRoot} {
		loaders.Append(L.NewFunction(f))
	}
	pkg.RawSetString("loaders", loaders)
	L.SetField(L.Get(lua.RegistryIndex), "_LOADERS", loaders)
	w.sentinel = L.NewUserData()
	L.SetGlobal("require", L.NewFunction(w.require))
}

func (w *Worker) require(L *lua.LState) int {
	name := L.CheckString(1)
	loaded, _ := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable)
	for {
		v := loaded.RawGetString(name)
		ml := w.loading[name]
		if ml == nil {
			if v == w.sentinel {
				L.RaiseError("loop or previous error loading module '%s'", name)
			}
			if lua.LVAsBool(v) {
				L.Push(v)
				return 1
			}
			break
		}
		cur := w.threads[L]
		if cur == nil || ml.owner == cur || cur.resumedBy(ml.owner) {
			L.RaiseError("loop or previous error loading module '%s'", name)
		}
		done := ml.done
		w.Block(L, func(cancel <-chan struct{}) {
			select {
			case <-done:
			case <-cancel:
			}
		})
	}
	loader := w.findLoader(L, name)
	ml := &moduleLoad{owner: w.threads[L], done: make(chan struct{})}
	w.loading[name] = ml
	// As in Lua 5.1, a sentinel marks the module while its loader runs and
	// stays there if the loader fails.
	loaded.RawSetString(name, w.sentinel)
	defer func() {
		delete(w.loading, name)
		close(ml.done)
	}()
	L.Push(loader)
	L.Push(lua.LString(name))
	L.Call(1, 1)
	ret := L.Get(-1)
	L.Pop(1)
	if ret != lua.LNil {
		loaded.RawSetString(name, ret)
	}
	v := loaded.RawGetString(name)
	if v == w.sentinel {
		v = lua.LTrue
		loaded.RawSetString(name, v)
	}
	L.Push(v)
	return 1
}

// resumedBy reports whether t runs, through coroutine resumes, on behalf of
// owner: waiting for owner would then wait for itself.
func (t *thread) resumedBy(owner *thread) bool {
	for c := t; c != nil && c.kind == kindCoroutine; {
		c = c.co.resumer
		if c == owner {
			return true
		}
	}
	return false
}

// findLoader runs package.loaders in order and returns the first loader
// function found, or raises LuaJIT's "module 'x' not found:" error.
func (w *Worker) findLoader(L *lua.LState, name string) lua.LValue {
	loaders, ok := L.GetField(L.GetGlobal("package"), "loaders").(*lua.LTable)
	if !ok {
		L.Error(lua.LString(lua51compat.CallerWhere(L)+"'package.loaders' must be a table"), 0)
	}
	var msg strings.Builder
	for i := 1; ; i++ {
		loader := loaders.RawGetInt(i)
		if loader == lua.LNil {
			// luaL_error: the position is the Lua caller's, none when
			// require is called from C (pcall(require, name), a worker
			// thread's VM).
			L.Error(lua.LString(lua51compat.CallerWhere(L)+"module '"+name+"' not found:"+msg.String()), 0)
		}
		L.Push(loader)
		L.Push(lua.LString(name))
		L.Call(1, 1)
		ret := L.Get(-1)
		L.Pop(1)
		switch v := ret.(type) {
		case *lua.LFunction:
			return v
		case lua.LString:
			msg.WriteString(string(v))
		}
	}
}

func loaderPreload(L *lua.LState) int {
	name := L.CheckString(1)
	preload, ok := L.GetField(L.GetGlobal("package"), "preload").(*lua.LTable)
	if !ok {
		L.RaiseError("'package.preload' must be a table")
	}
	if v := preload.RawGetString(name); v != lua.LNil {
		L.Push(v)
		return 1
	}
	L.Push(lua.LString("\n\tno field package.preload['" + name + "']"))
	return 1
}

// searchPath finds name along a package path, LuaJIT's way, and returns the
// file or the "no file" lines.
func searchPath(name, path string) (string, string) {
	name = strings.ReplaceAll(name, ".", "/")
	var msg strings.Builder
	for _, tmpl := range strings.Split(path, ";") {
		if tmpl == "" {
			continue
		}
		file := strings.ReplaceAll(tmpl, "?", name)
		if f, err := os.Open(file); err == nil {
			f.Close()
			return file, ""
		}
		msg.WriteString("\n\tno file '" + file + "'")
	}
	return "", msg.String()
}

func (w *Worker) loaderLua(L *lua.LState) int {
	name := L.CheckString(1)
	path, _ := L.GetField(L.GetGlobal("package"), "path").(lua.LString)
	file, msg := searchPath(name, string(path))
	if file == "" {
		L.Push(lua.LString(msg))
		return 1
	}
	proto, err := w.compileFile(file)
	if err != nil {
		L.RaiseError("error loading module '%s' from file '%s':\n\t%s", name, file, err.Error())
	}
	L.Push(L.NewFunctionFromProto(proto))
	return 1
}

// compileFile compiles a Lua file once per worker (lua_code_cache on: a
// worker VM lives as long as its code cache).
func (w *Worker) compileFile(file string) (*lua.FunctionProto, error) {
	if p := w.protos[file]; p != nil {
		return p, nil
	}
	p, err := lua51compat.CompileFile(file)
	if err != nil {
		return nil, err
	}
	w.protos[file] = p
	return p, nil
}

// loaderC finds C modules along package.cpath. gresty cannot load shared
// objects: a module found there fails with a message naming it; OpenResty's
// C modules (cjson ...) are native to gresty and found by the preload loader
// first.
func loaderC(L *lua.LState) int {
	name := L.CheckString(1)
	cpath, _ := L.GetField(L.GetGlobal("package"), "cpath").(lua.LString)
	file, msg := searchPath(name, string(cpath))
	if file == "" {
		L.Push(lua.LString(msg))
		return 1
	}
	L.RaiseError("error loading module '%s' from file '%s':\n\tgresty cannot load C modules", name, file)
	return 0
}

// loaderCRoot is LuaJIT's all-in-one loader: for "a.b" it looks for the C
// library of "a".
func loaderCRoot(L *lua.LState) int {
	name := L.CheckString(1)
	i := strings.IndexByte(name, '.')
	if i < 0 {
		return 0
	}
	cpath, _ := L.GetField(L.GetGlobal("package"), "cpath").(lua.LString)
	file, msg := searchPath(name[:i], string(cpath))
	if file == "" {
		L.Push(lua.LString(msg))
		return 1
	}
	L.Push(lua.LString("\n\tno module '" + name + "' in file '" + file + "'"))
	return 1
}

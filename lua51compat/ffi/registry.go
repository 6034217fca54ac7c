package ffi

import (
	"path"
	"strings"
	"sync"
)

// The registry of C functions implemented in Go. There is no dynamic
// linker: a symbol declared with ffi.cdef is found here when a program
// indexes ffi.C (or a library loaded with ffi.load). Registration is
// process-wide and usually done from init functions.

// Func is the Go implementation of a C function. It receives the
// arguments converted to the parameter types the program declared with
// ffi.cdef, and returns the result, which is converted to the declared
// return type (ignored for void). A returned error is raised as a Lua
// error at the call.
type Func func(c *Call) (Value, error)

// symbol is a registered C function.
type symbol struct {
	name string
	fn   Func
	mem  *allocation // stands for the function's address
}

// defaultLib is the namespace of ffi.C.
const defaultLib = ""

var registry = struct {
	sync.RWMutex
	libs map[string]map[string]*symbol
}{libs: make(map[string]map[string]*symbol)}

// Register makes fn the implementation of the C function name in ffi.C,
// the namespace of the running process (libc, nginx and the libraries
// nginx links, such as OpenSSL).
func Register(name string, fn Func) {
	RegisterLib(defaultLib, name, fn)
}

// RegisterLib makes fn the implementation of the C function name in the
// shared library lib, which programs load with ffi.load. lib is the
// library's base name without "lib" and ".so" ("crypto" serves
// ffi.load("crypto"), ffi.load("libcrypto.so.3") and full paths to it).
func RegisterLib(lib, name string, fn Func) {
	sym := &symbol{name: name, fn: fn}
	sym.mem = &allocation{data: make([]byte, 1), readonly: true, static: true}
	sym.mem.obj0 = sym
	registry.Lock()
	defer registry.Unlock()
	m := registry.libs[lib]
	if m == nil {
		m = make(map[string]*symbol)
		registry.libs[lib] = m
	}
	m[name] = sym
}

// lookupSymbol finds a registered function of a library.
func lookupSymbol(lib, name string) *symbol {
	registry.RLock()
	defer registry.RUnlock()
	return registry.libs[lib][name]
}

// libRegistered reports whether any function is registered for lib.
func libRegistered(lib string) bool {
	registry.RLock()
	defer registry.RUnlock()
	return registry.libs[lib] != nil
}

// libKey maps what a program passes to ffi.load to a registry name:
// "crypto", "libcrypto.so", "libcrypto.so.3" and "/usr/lib/libcrypto.so.3"
// all give "crypto".
func libKey(name string) string {
	base := path.Base(name)
	base = strings.TrimPrefix(base, "lib")
	if i := strings.Index(base, ".so"); i >= 0 {
		base = base[:i]
	}
	return base
}

// soName is the file name LuaJIT's ffi.load tries for name.
func soName(name string) string {
	if strings.Contains(name, "/") {
		return name
	}
	if !strings.Contains(name, ".") {
		name += ".so"
	}
	if !strings.HasPrefix(name, "lib") {
		name = "lib" + name
	}
	return name
}

// variables are the C variables the registry provides, by library and
// name: static memory laid out as the C program's variable.
var variables = struct {
	sync.RWMutex
	libs map[string]map[string]*allocation
}{libs: make(map[string]map[string]*allocation)}

// registerVar makes mem the storage of the C variable name in lib.
func registerVar(lib, name string, mem *allocation) {
	variables.Lock()
	defer variables.Unlock()
	m := variables.libs[lib]
	if m == nil {
		m = make(map[string]*allocation)
		variables.libs[lib] = m
	}
	m[name] = mem
}

func lookupVar(lib, name string) *allocation {
	variables.RLock()
	defer variables.RUnlock()
	return variables.libs[lib][name]
}

// RegisterStringArray provides the C variable name of ffi.C as a char **
// pointing to a NULL-terminated array of the strings (an argv or environ),
// as a process that was started with them has. The strings and the array
// are read-only.
func RegisterStringArray(name string, strs []string) {
	arr := &allocation{data: make([]byte, 8*(len(strs)+1)), readonly: true, static: true}
	var as addrSpace // static allocations are registered process-wide
	for i, s := range strs {
		str := stringAllocation(s)
		str.static = true
		storeUint(arr.data[8*i:8*i+8], as.addressOf(str))
		arr.setRef(int64(8*i), str)
	}
	v := &allocation{data: make([]byte, 8), readonly: true, static: true}
	storeUint(v.data, as.addressOf(arr))
	v.setRef(0, arr)
	registerVar(defaultLib, name, v)
}

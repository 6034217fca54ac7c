// Package ffi emulates LuaJIT's FFI library (require "ffi") on gopher-lua,
// so that lua-resty libraries written against LuaJIT run unmodified.
//
// It parses C declarations (ffi.cdef) with LuaJIT's grammar and errors,
// keeps C types with LuaJIT's sizes, alignments and printed names, and
// stores C data in Go byte slices laid out as C lays them out on x86-64
// Linux. Pointers carry the block they point into; converting one to an
// integer gives it a stable address (at least 2^32 and below 2^53, so an
// exact Lua table key), and converting that integer back finds the block
// again. Accesses outside a block raise a Lua error instead of corrupting
// memory.
//
// There is no dynamic linker: ffi.C and the libraries returned by ffi.load
// resolve functions from a registry of Go implementations (Register,
// RegisterLib, with Call, Value and Pointer as their view of C). This
// package registers the libc, nginx and OpenSSL functions the common
// lua-resty libraries call; other packages add their own, for instance
// ngx_http_lua_ffi_* functions over gresty's own API.
//
// A runtime uses it in this order, under the VM's baton:
//
//	lua51compat.OpenLibs(L); lua51compat.OpenLoad(L); lua51compat.Preload(L)
//	ffi.Preload(L)              // registers "ffi", wraps type, tonumber, bit.*, string.format
//	ffi.Cdef(L, decls)          // optional: typedefs the environment predeclares
//	ffi.SetFinalizerNotify(L, f) // optional: f schedules a safe point
//	... ffi.RunFinalizers(L) at safe points (between requests, before sleeping)
//	ffi.Close(L)                // before discarding the VM
//
// Finalizers (ffi.gc and the __gc of ffi.metatype) never run on Go's
// garbage collector goroutine: collected objects are queued and run by
// RunFinalizers. The package knows nothing about ngx. DEVIATIONS.md lists
// what of LuaJIT's FFI is not emulated.
package ffi

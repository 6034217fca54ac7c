package ngxshim

import (
	lua "github.com/yuin/gopher-lua"
)

// Modules of lua-resty-core for phases and subsystems gresty does not have
// (the ssl_session_*_by_lua phases, OCSP stapling, ngx.pipe's
// child processes): they load, so that code requiring them at the top
// level still starts, and every function fails with a message saying so.

var (
	// sslConsts are the protocol version numbers ngx.ssl exports.
	sslConsts = map[string]int{"SSL3_VERSION": 0x0300, "TLS1_VERSION": 0x0301,
		"TLS1_1_VERSION": 0x0302, "TLS1_2_VERSION": 0x0303, "TLS1_3_VERSION": 0x0304}
	sslSessionFuncs = []string{"get_session_id", "get_serialized_session", "set_serialized_session"}
	ocspFuncs       = []string{"get_ocsp_responder_from_der_chain", "create_ocsp_request",
		"validate_ocsp_response", "set_ocsp_status_resp"}
	pipeFuncs = []string{"spawn"}
)

// unsupportedFunc returns a function raising "<name>: not supported by
// gresty".
func unsupportedFunc(name string) lua.LGFunction {
	return func(L *lua.LState) int {
		raiseCaller(L, name+": not supported by gresty")
		return 0
	}
}

// unsupportedModule returns a builder of module name: its version, consts,
// and funcs that fail when called.
func unsupportedModule(name string, funcs []string, consts map[string]int) func(L *lua.LState) *lua.LTable {
	return func(L *lua.LState) *lua.LTable {
		t := L.NewTable()
		t.RawSetString("version", lua.LString(RestyCoreVersion))
		for k, v := range consts {
			t.RawSetString(k, lua.LNumber(v))
		}
		for _, fn := range funcs {
			t.RawSetString(fn, L.NewFunction(unsupportedFunc(name+"."+fn)))
		}
		return t
	}
}

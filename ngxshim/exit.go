package ngxshim

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"
)

// ngx.exit (ngx_http_lua_ffi_exit, as resty.core calls it).

func (a *api) exitFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{"exit": a.exit, "exec": a.exec, "redirect": a.redirect}
}

// Phases where ngx.exit is allowed.
const phasesExit = PhaseRewrite | PhaseServerRewrite | PhaseAccess | PhaseContent | PhaseTimer |
	PhaseHeaderFilter | PhaseBalancer | PhaseSSLClientHello | PhaseSSLCert | PhaseSSLSessStore | PhaseSSLSessFetch

func (a *api) exit(L *lua.LState) int {
	status := int(checkNumber(L, 1, "exit"))
	c := a.h.Current(L)
	if c == nil {
		raiseC(L, "no request found")
	}
	if status == -2 || status == -4 {
		raiseC(L, "bad argument to 'ngx.exit': does not accept NGX_AGAIN or NGX_DONE")
	}
	phaseCheck(L, c, phasesExit)
	if r := c.Req; r != nil {
		switch status {
		case -1, 444, 408, 499:
		default:
			checkAbortable(L, r)
		}
		if r.HeadersSent() && status >= 300 && status != 408 && status != 499 && status != 444 {
			if status != r.Status() {
				a.h.Log(L, LogErr, fmt.Sprintf("attempt to set status %d via ngx.exit after sending out the response status %d", status, r.Status()))
			}
			status = 200
		}
		r.Exit(status)
	} else if c.Phase&(PhaseSSLCert|PhaseSSLClientHello) != 0 {
		// the handshake's callback returns on the status
		if sh, ok := a.h.(SSLHost); ok {
			if sc := sh.SSLConn(L); sc != nil {
				sc.ExitCode(status)
			}
		}
		a.h.Log(L, LogDebug, fmt.Sprintf("lua exit with code %d", status))
	}
	a.h.Exit(L)
	return 0
}

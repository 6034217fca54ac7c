package runtime

import (
	"net"
	"strconv"
	"strings"

	"gresty/ngxshim"
	"gresty/runtime/config"
)

// The access phase: ngx_http_access_module's allow and deny rules, then
// access_by_lua, combined by satisfy as ngx_http_core_access_phase does.
// With "satisfy any" the first handler that allows ends the phase, and a
// refusal only counts when no handler allows.

// accessRule is one allow or deny directive.
type accessRule struct {
	deny bool
	all  bool
	unix bool
	net  *net.IPNet
}

// ngxDeclined is ngx.DECLINED, which a Lua access handler may give.
const ngxDeclined = -5

// accessUnset marks an access handler that did not call ngx.exit.
const accessUnset = -1 << 30

// accessRulesOf reads the allow and deny rules in effect for loc, in
// order (the nearest block that has any).
func accessRulesOf(loc *config.Location) []accessRule {
	for b := &loc.Block; b != nil; b = b.Parent {
		var rules []accessRule
		for _, d := range b.Directives {
			if (d.Name != "allow" && d.Name != "deny") || len(d.Args) == 0 {
				continue
			}
			ru := accessRule{deny: d.Name == "deny"}
			switch a := d.Args[0]; {
			case a == "all":
				ru.all = true
			case a == "unix:":
				ru.unix = true
			case strings.Contains(a, "/"):
				if _, n, err := net.ParseCIDR(a); err == nil {
					ru.net = n
				}
			default:
				if ip := net.ParseIP(a); ip != nil {
					bits := 8 * len(ip.To16())
					if ip4 := ip.To4(); ip4 != nil {
						ip, bits = ip4, 32
					}
					ru.net = &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}
				}
			}
			rules = append(rules, ru)
		}
		if len(rules) > 0 {
			return rules
		}
	}
	return nil
}

// accessDenied applies the rules to the client address: the first that
// matches decides.
func (r *request) accessDenied(rules []accessRule) bool {
	addr := r.hr.Conn().RemoteAddr()
	ip := net.ParseIP(addr)
	for _, ru := range rules {
		switch {
		case ru.all,
			ru.unix && strings.HasPrefix(addr, "unix:"),
			ru.net != nil && ip != nil && ru.net.Contains(ip):
			return ru.deny
		}
	}
	return false
}

// accessPhase runs the access phase of the main request: statusNext goes
// on to content. The access module's rules come first, or after
// access_by_lua with access_by_lua_no_postpone.
func (r *request) accessPhase() int {
	x := r.extra()
	h := r.loc.Lua.Access
	code := 0 // nginx's r->access_code
	rules := func() (int, bool) {
		if len(x.access) == 0 {
			return statusNext, false
		}
		denied := r.accessDenied(x.access)
		switch {
		case denied && !x.satisfyAny:
			r.logErr("access forbidden by rule")
			return 403, true
		case denied:
			code = 403
		case x.satisfyAny:
			return statusNext, true
		}
		return statusNext, false
	}
	lua := func() (int, bool) {
		r.luaPhaseDebug("access")
		if h == nil {
			return statusNext, false
		}
		r.accessRC = accessUnset
		st := r.runHandler(h, ngxshim.PhaseAccess)
		rc := r.accessRC
		if rc == accessUnset {
			// a handler that returns gives nginx NGX_OK
			rc = 0
		}
		switch {
		case st == stExec:
			return stExec, true
		case st == statusNext || st == stJump || st == ngxDeclined:
			if x.satisfyAny && rc == 0 {
				return statusNext, true
			}
		case x.satisfyAny && (st == 403 || st == 401):
			if code != 401 {
				code = st
			}
		default:
			return st, true
		}
		return statusNext, false
	}
	auth := func() (int, bool) {
		d := r.loc.Lookup("auth_request")
		if d == nil || len(d.Args) == 0 || d.Args[0] == "off" {
			return statusNext, false
		}
		switch st := r.authRequest(d.Args[0]); {
		case st == statusNext && x.satisfyAny:
			return statusNext, true
		case st == statusNext:
		case x.satisfyAny && (st == 403 || st == 401):
			if code != 401 {
				code = st
			}
		default:
			return st, true
		}
		return statusNext, false
	}
	order := []func() (int, bool){rules, auth, lua}
	if r.e.luaMain().AccessNoPostpone {
		order = []func() (int, bool){lua, rules, auth}
	}
	for _, step := range order {
		if st, done := step(); done {
			return st
		}
	}
	if code != 0 {
		if code == 403 {
			r.logErr("access forbidden by rule")
		}
		return code
	}
	return statusNext
}

// authRequest is ngx_http_auth_request_module: a subrequest to uri (same
// method and variables, no body, output discarded) whose status decides:
// 2xx goes on, 401 and 403 refuse (401 with the subrequest's
// WWW-Authenticate), anything else is an error.
func (r *request) authRequest(uri string) int {
	u, args, _ := strings.Cut(uri, "?")
	sr, err := r.newSub(u, args, r.method())
	if err != nil {
		r.logErr(err.Error())
		return 500
	}
	sr.sub.capture = true
	sr.body = &reqBody{}
	go sr.runSub()
	<-sr.sub.finished
	st := sr.sub.status
	switch {
	case st >= 200 && st < 300:
		return statusNext
	case st == 401:
		for _, h := range sr.sub.out.Headers {
			if strings.EqualFold(h.Name, "WWW-Authenticate") {
				r.out().Headers = append(r.out().Headers, h)
			}
		}
		return 401
	case st == 403:
		return 403
	}
	r.logErr("auth request unexpected status: " + strconv.Itoa(st))
	return 500
}

package ngxshim

import (
	lua "github.com/yuin/gopher-lua"
)

// The nginx and ngx_lua versions gresty emulates, as ngx.config reports them.
const (
	NginxVersion    = 1022001
	NginxVersionStr = "1.22.1"
	NgxLuaVersion   = 10023
	// NginxConfigure is the configure arguments of the reference build of
	// ngx_lua (Debian's libnginx-mod-http-lua), as ngx.config.nginx_configure
	// returns them.
	NginxConfigure = ` --with-cc-opt='-g -O2 -ffile-prefix-map=/build/reproducible-path/libnginx-mod-http-lua-0.10.23=. -fstack-protector-strong -Wformat -Werror=format-security -DLUA_DEFAULT_PATH="/usr/share/lua/5.1/?.lua;" -fPIC -Wdate-time -D_FORTIFY_SOURCE=2' --with-ld-opt='-Wl,-z,relro -Wl,-z,now -lpcre -fPIC' --prefix=/usr/share/nginx --conf-path=/etc/nginx/nginx.conf --http-log-path=/var/log/nginx/access.log --error-log-path=stderr --lock-path=/var/lock/nginx.lock --pid-path=/run/nginx.pid --modules-path=/usr/lib/nginx/modules --http-client-body-temp-path=/var/lib/nginx/body --http-fastcgi-temp-path=/var/lib/nginx/fastcgi --http-proxy-temp-path=/var/lib/nginx/proxy --http-scgi-temp-path=/var/lib/nginx/scgi --http-uwsgi-temp-path=/var/lib/nginx/uwsgi --with-compat --with-debug --with-pcre-jit --with-http_ssl_module --with-http_stub_status_module --with-http_realip_module --with-http_auth_request_module --with-http_v2_module --with-http_dav_module --with-http_slice_module --with-threads --add-dynamic-module=/build/reproducible-path/libnginx-mod-http-lua-0.10.23/. --builddir=/build/reproducible-path/libnginx-mod-http-lua-0.10.23/obj-x86_64-linux-gnu --add-module=/usr/share/nginx-ndk/src`
)

// ngx.worker and ngx.config.

func (a *api) openWorker(L *lua.LState) {
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"pid":     func(L *lua.LState) int { L.Push(lua.LNumber(a.h.Worker().PID)); return 1 },
		"id":      func(L *lua.LState) int { L.Push(lua.LNumber(a.h.Worker().ID)); return 1 },
		"count":   func(L *lua.LState) int { L.Push(lua.LNumber(a.h.Worker().Count)); return 1 },
		"exiting": func(L *lua.LState) int { L.Push(lua.LBool(a.h.Worker().Exiting())); return 1 },
		"pids": func(L *lua.LState) int {
			// All worker VMs of gresty live in one process.
			wi := a.h.Worker()
			pids := L.NewTable()
			for i := 0; i < wi.Count; i++ {
				pids.Append(lua.LNumber(wi.PID))
			}
			L.Push(pids)
			return 1
		},
	})
	a.ngx.RawSetString("worker", t)
}

func (a *api) openConfig(L *lua.LState) {
	t := L.NewTable()
	t.RawSetString("subsystem", lua.LString("http"))
	t.RawSetString("debug", lua.LTrue)
	t.RawSetString("nginx_version", lua.LNumber(NginxVersion))
	t.RawSetString("ngx_lua_version", lua.LNumber(NgxLuaVersion))
	L.SetFuncs(t, map[string]lua.LGFunction{
		"prefix":          func(L *lua.LState) int { L.Push(lua.LString(a.h.Worker().Prefix)); return 1 },
		"nginx_configure": func(L *lua.LState) int { L.Push(lua.LString(NginxConfigure)); return 1 },
	})
	a.ngx.RawSetString("config", t)
}

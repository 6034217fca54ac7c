#!/bin/sh
# Starts the reference nginx (Debian nginx + lua-nginx-module, LuaJIT 2.1
# with its FFI) on 127.0.0.1:${PORT:-28501} in the foreground. POST /run runs
# the request body as one golden case through harness.lua, in a fresh Lua VM
# (lua_code_cache off), so ffi.cdef declarations of one case cannot clash
# with another's. Regenerate the golden files with:
#   go test ./lua51compat/ffi -run TestLuaJITGolden -ffiref http://127.0.0.1:28501/run
set -e
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(mktemp -d)
mkdir -p "$prefix/conf" "$prefix/logs"
cat > "$prefix/conf/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
daemon off; master_process off; worker_processes 1;
error_log logs/error.log warn; pid logs/nginx.pid;
events { worker_connections 64; }
http {
    access_log off;
    lua_code_cache off;
    client_body_buffer_size 1m;
    client_max_body_size 1m;
    server {
        listen 127.0.0.1:${PORT:-28501};
        # GET /bench?file=F&n=N[&jit=off][&module=M]: runs the function
        # returned by the Lua file F (a benchmark) n times after a warm-up
        # and prints nanoseconds per iteration, measured with os.clock.
        location = /bench {
            content_by_lua_block {
                package.path = "$here/../../../vendor-lua/upstream/lua-resty-string-0.11/lib/?.lua;" .. package.path
                if ngx.var.arg_jit == "off" then jit.off() end
                rawset(_G, "MODULE", ngx.var.arg_module)
                local f = assert(io.open("$here/bench/" .. ngx.var.arg_file .. ".lua")):read("*a")
                local run = assert(loadstring(f, "=bench"))()
                local n = tonumber(ngx.var.arg_n)
                run(math.floor(n / 10) + 1)
                local t0 = os.clock()
                run(n)
                ngx.print(string.format("%.1f", (os.clock() - t0) * 1e9 / n))
            }
        }
        location = /run {
            content_by_lua_block {
                ngx.req.read_body()
                local src = ngx.req.get_body_data() or ""
                local fn, err = loadstring(src, "=case")
                if not fn then
                    ngx.print("COMPILE ERROR: ", err)
                    return
                end
                local h = assert(io.open("$here/harness.lua")):read("*a")
                ngx.print(assert(loadstring(h, "=harness"))()(fn))
            }
        }
    }
}
CONF
echo "reference nginx prefix: $prefix" >&2
exec /usr/sbin/nginx -p "$prefix/" -c conf/nginx.conf

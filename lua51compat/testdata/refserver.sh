#!/bin/sh
# Starts the reference nginx (Debian nginx + lua-nginx-module, LuaJIT 2.1) on
# 127.0.0.1:${PORT:-18391} in the foreground. It answers POST /run by running
# the body as one golden case through harness.lua. Regenerate the golden files
# with: go test ./lua51compat -run TestLuaJITGolden -lua51ref http://127.0.0.1:18391/run
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
    # A fresh Lua VM for every request, so cases cannot see each other's
    # side effects (package.loaded, math.randomseed, collectgarbage("stop")).
    lua_code_cache off;
    client_body_buffer_size 1m;
    client_max_body_size 1m;
    server {
        listen 127.0.0.1:${PORT:-18391};
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

#!/bin/sh
# Starts the reference nginx (Debian nginx + lua-nginx-module, LuaJIT 2.1,
# Debian's lua-cjson 2.1.0) on 127.0.0.1:${PORT:-28431} in the foreground.
# POST /run runs the body as one golden case through harness.lua, in a
# fresh Lua VM. Regenerate the golden files with:
#   go test ./ngxshim/cjson -run TestGolden -ref http://127.0.0.1:28431/run
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
    # A fresh VM per request: every case starts with a new cjson.
    lua_code_cache off;
    lua_package_cpath "/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;;";
    client_body_buffer_size 1m;
    client_max_body_size 1m;
    server {
        listen 127.0.0.1:${PORT:-28431};
        location = /run {
            content_by_lua_block {
                ngx.req.read_body()
                local src = ngx.req.get_body_data() or ""
                local fn, err = loadstring(src, "=case")
                if not fn then
                    ngx.print("COMPILE ERROR: ", err)
                    return
                end
                ngx.print(dofile("$here/harness.lua")(fn))
            }
        }
    }
}
CONF
echo "reference nginx prefix: $prefix" >&2
exec /usr/sbin/nginx -p "$prefix/" -c conf/nginx.conf

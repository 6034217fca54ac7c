#!/usr/bin/env bash
# Installs what the benchmarks need on a fresh Debian machine and starts a
# loopback redis. Never installs Debian's luajit package (it removes the lua
# module and wrk).
set -eu
need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ -f /usr/lib/nginx/modules/ngx_http_lua_module.so ] || need+=(libnginx-mod-http-lua)
[ -f /usr/lib/x86_64-linux-gnu/lua/5.1/cjson.so ] || need+=(lua-cjson)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    redis-server --port 6379 --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >/dev/null
fi
[ -d vendor-lua/upstream/lua-resty-redis-0.27 ] || go run ./cmd/gresty vendor
ulimit -n 65535 2>/dev/null || true

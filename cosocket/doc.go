// Package cosocket implements ngx_lua's cosockets on gresty's scheduler:
// ngx.socket.tcp (ngx.socket.stream, ngx.socket.connect), ngx.socket.udp,
// the request sockets behind ngx.req.socket, the per-worker keepalive
// connection pools and the DNS resolver they use.
//
// A socket operation never blocks the worker: when it has to wait for the
// network it hands the worker's baton back through Host.Block and does real
// Go net.Conn I/O meanwhile, so that it also works where LuaJIT cannot yield
// (pcall, metamethods, iterators, table.sort comparators, require). What
// completes without waiting (data already buffered, a write the kernel takes
// at once, a pooled connection) does not yield, as in nginx.
//
// The package knows nothing about the ngx API: the engine's glue implements
// Host and hands each operation the settings in effect (Config). Error
// strings, return values and error_log lines are lua-nginx-module 0.10.23's,
// with lua-resty-core 0.1.25's wording where resty.core overrides a method.
package cosocket

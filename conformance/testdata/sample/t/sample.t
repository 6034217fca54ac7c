# A small suite written for the runner's own tests: each block exercises
# one feature of the harness against the nginx target.
use Test::Nginx::Socket::Lua;

repeat_each(2);
no_long_string();

our $HttpConfig = qq{
    lua_shared_dict counters 1m;
};

add_block_preprocessor(sub {
    my $block = shift;
    if (!defined $block->request) {
        $block->set_value("request", "GET /t");
    }
});

run_tests();

__DATA__

=== TEST 1: body, status and a log line
--- http_config eval: $::HttpConfig
--- config
    location = /t {
        content_by_lua_block {
            local n = ngx.shared.counters:incr("k", 1, 0)
            ngx.log(ngx.WARN, "counter at ", n)
            ngx.say("n=", n)
        }
    }
--- response_body_like: ^n=\d+$
--- error_log
counter at
--- no_error_log
[error]



=== TEST 2: more_headers, response headers, eval body
--- config
    location = /t {
        content_by_lua_block {
            ngx.header["X-Echo"] = ngx.req.get_headers()["X-In"]
            ngx.print("a\0b")
        }
    }
--- more_headers
X-In: hello
--- response_headers
X-Echo: hello
!X-Missing
--- response_body eval
"a\0b"



=== TEST 3: pipelined requests on one connection
--- config
    location = /t {
        content_by_lua_block {
            ngx.say(ngx.var.arg_x)
        }
    }
--- pipelined_requests eval
["GET /t?x=1", "GET /t?x=2"]
--- response_body eval
["1\n", "2\n"]



=== TEST 4: a mock TCP server and user files
--- config
    location = /t {
        content_by_lua_block {
            local f = assert(io.open(ngx.config.prefix() .. "html/data.txt"))
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", 19777))
            assert(sock:send(f:read("*l") .. "\n"))
            ngx.say(sock:receive("*l"))
        }
    }
--- user_files
>>> data.txt
ping
--- tcp_listen: 19777
--- tcp_query eval
"ping\n"
--- tcp_query_len: 5
--- tcp_reply eval
"pong\n"
--- response_body
pong



=== TEST 5: an expectation that does not hold
--- config
    location = /t {
        return 404;
    }
--- response_body
never



=== TEST 6: grep_error_log per request and $TEST_NGINX_ expansion
--- config
    location = /t {
        content_by_lua_block {
            ngx.log(ngx.ERR, "port is ", ngx.var.server_port == "$TEST_NGINX_SERVER_PORT" and "right" or "wrong")
            ngx.exit(403)
        }
    }
--- error_code: 403
--- grep_error_log eval: qr/port is \w+/
--- grep_error_log_out
port is right



=== TEST 7: skipped by upstream's own marker
--- SKIP
--- config
--- response_body
x

package runtime

import (
	"net"
	"strings"
	"testing"
)

// refusedPort returns a loopback port nothing listens on.
func refusedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	return port
}

const proxyLocations = `
location /p/ { proxy_pass http://127.0.0.1:PORT/back/; }
location /raw {
    if ($http_x_hop) { return 200 "raw $request_uri\n"; }
    proxy_set_header X-Hop 1;
    proxy_pass http://127.0.0.1:PORT;
}
location = /var { proxy_pass http://127.0.0.1:$server_port/back/fixed?x=1; }
location = /hdr {
    proxy_set_header X-Set "set $uri";
    proxy_set_header User-Agent "";
    proxy_pass http://127.0.0.1:PORT/echo;
}
location = /refused { proxy_pass http://127.0.0.1:REFUSED/; }
location = /weighted { proxy_pass http://weighted/back/w; }
location = /bal { set $refused REFUSED; proxy_pass http://bal/back/b; }
location = /cap {
    content_by_lua_block {
        local res = ngx.location.capture("/short")
        ngx.say(res.status, " [", res.body, "] ", tostring(res.truncated))
    }
}
location = /short { proxy_buffering off; proxy_pass http://127.0.0.1:PORT/cut; }
location = /cut {
    content_by_lua_block {
        ngx.header.content_length = 100
        ngx.print("part")
    }
}
location /back/ {
    content_by_lua_block {
        ngx.header["X-Up"] = "yes"
        ngx.say(ngx.var.request_method, " ", ngx.var.request_uri, " ", ngx.var.server_port)
    }
}
location = /echo {
    content_by_lua_block {
        local h = ngx.req.get_headers()
        ngx.say(h["x-set"], " ", tostring(h["user-agent"]), " ", h["host"], " ", h["connection"], " ", h["x-client"])
    }
}
`

const proxyUpstreamConf = `
upstream weighted {
    server 127.0.0.1:REFUSED weight=50;
    server 127.0.0.1:PORT;
}
upstream bal {
    server 127.0.0.1:REFUSED;
    balancer_by_lua_block {
        local b = require "ngx.balancer"
        local state, status = b.get_last_failure()
        if not state then
            assert(b.set_current_peer("127.0.0.1", tonumber(ngx.var.refused)))
            assert(b.set_more_tries(1))
        else
            ngx.log(ngx.WARN, "last failure: ", state, " ", status)
            assert(b.set_current_peer("127.0.0.1:" .. ngx.var.server_port))
        end
        local ok, err = b.set_current_peer("localhost", 80)
        ngx.log(ngx.WARN, "hostname: ", err)
    }
}
`

func TestProxyPass(t *testing.T) {
	refused := refusedPort(t)
	locs := strings.ReplaceAll(proxyLocations, "REFUSED", refused)
	ups := strings.ReplaceAll(proxyUpstreamConf, "REFUSED", refused)
	base, prefix := startLocations(t, ups, locs)
	port := base[strings.LastIndexByte(base, ':')+1:]
	cases := []struct {
		path, want string
		status     int
		headers    []string
	}{
		// the location prefix is replaced by the URI part, args follow
		{"/p/a%20b?q=1", "GET /back/a%20b?q=1 " + port + "\n", 200, nil},
		// no URI part: the client's request URI as it came
		{"/raw?z=%41", "raw /raw?z=%41\n", 200, nil},
		// variables: the URI is used as written
		{"/var?ignored=1", "GET /back/fixed?x=1 " + port + "\n", 200, nil},
		// proxy_set_header before the client's header, an empty value drops
		{"/hdr", "set /hdr nil 127.0.0.1:" + port + " close hi\n", 200, []string{"X-Client: hi", "User-Agent: curl"}},
		{"/refused", "", 502, nil},
		// the heavy peer is refused, the next one answers
		{"/weighted", "GET /back/w " + port + "\n", 200, nil},
		{"/bal", "GET /back/b " + port + "\n", 200, nil},
		{"/cap", "200 [part] true\n", 200, nil},
	}
	for _, c := range cases {
		got := getPath(t, base, c.path, c.headers...)
		if got.status != c.status || (c.want != "" && got.body != c.want) {
			t.Errorf("%s: got %d %q, want %d %q\n%s", c.path, got.status, got.body, c.status, c.want, errorLog(prefix))
		}
		if strings.Contains(c.want, "GET /back/") && got.header.Get("X-Up") != "yes" {
			t.Errorf("%s: upstream header not passed: %v", c.path, got.header)
		}
	}
	log := errorLog(prefix)
	for _, want := range []string{
		`connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: localhost, request: "GET /refused HTTP/1.1", upstream: "http://127.0.0.1:` + refused + `/", host:`,
		`last failure: failed 502 while connecting to upstream`,
		`hostname: no host allowed`,
		`upstream prematurely closed connection while sending to client`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("error log lacks %q:\n%s", want, log)
		}
	}
}

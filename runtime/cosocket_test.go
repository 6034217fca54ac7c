package runtime

import (
	"bufio"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// lineEcho is a loopback server that answers each line with "echo: line",
// after delay.
func lineEcho(t *testing.T, delay time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					time.Sleep(delay)
					c.Write([]byte("echo: " + line))
				}
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

// TestCosocketYieldsAnywhere shows a cosocket operation blocking inside
// pcall, a metamethod, an iterator, a table.sort comparator and a module
// being required (all places where LuaJIT cannot yield), while the worker
// keeps serving other requests.
func TestCosocketYieldsAnywhere(t *testing.T) {
	addr := lineEcho(t, 100*time.Millisecond)
	host, port, _ := net.SplitHostPort(addr)
	conf := `
error_log logs/error.log info;
events {}
http {
    lua_package_path "$prefix/html/?.lua;;";
    server {
        listen 127.0.0.1:PORT;
        location = /fast { content_by_lua_block { ngx.say("fast") } }
        location = /t {
            content_by_lua_block {
                local function ask(q)
                    local s = ngx.socket.tcp()
                    assert(s:connect("HOST", SPORT))
                    assert(s:send(q .. "\n"))
                    local line = assert(s:receive())
                    s:close()
                    return line
                end
                ngx.say("pcall: ", select(2, pcall(ask, "p")))
                local mt = setmetatable({}, {__index = function(_, k) return ask(k) end})
                ngx.say("__index: ", mt.meta)
                for v in function(_, last) if not last then return ask("iter") end end do
                    ngx.say("iterator: ", v)
                end
                local t = {"b", "a"}
                table.sort(t, function(x, y) return ask(x) < ask(y) end)
                ngx.say("sort: ", table.concat(t, ","))
                ngx.say("require: ", require("asker").answer)
            }
        }
    }
}`
	conf = strings.NewReplacer("HOST", host, "SPORT", port).Replace(conf)
	_, base, prefix := startEngine(t, conf)
	mod := strings.NewReplacer("HOST", host, "SPORT", port).Replace(`
local s = ngx.socket.tcp()
assert(s:connect("HOST", SPORT))
assert(s:send("module\n"))
local line = assert(s:receive())
s:close()
return {answer = line}
`)
	if err := os.WriteFile(filepath.Join(prefix, "html/asker.lua"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	var fastTimes []time.Duration
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 5; i++ {
			time.Sleep(60 * time.Millisecond)
			start := time.Now()
			if _, _, body := get(t, base+"/fast"); body != "fast\n" {
				t.Errorf("/fast answered %q", body)
			}
			fastTimes = append(fastTimes, time.Since(start))
		}
	}()
	status, _, body := get(t, base+"/t")
	<-done
	want := "pcall: echo: p\n__index: echo: meta\niterator: echo: iter\nsort: a,b\nrequire: echo: module\n"
	if status != 200 || body != want {
		t.Errorf("got %d %q, want %q", status, body, want)
	}
	for _, d := range fastTimes {
		if d > 90*time.Millisecond {
			t.Errorf("the worker was blocked: /fast took %v", d)
		}
	}
}

// TestCosocketPhases checks that cosockets are refused where ngx_lua
// refuses them, and run there with lua_cosocket_everywhere on.
func TestCosocketPhases(t *testing.T) {
	addr := lineEcho(t, 0)
	host, port, _ := net.SplitHostPort(addr)
	const handler = `local s = ngx.socket.tcp() local ok, err = s:connect("HOST", SPORT) if ok then s:send("x\n") ok, err = s:receive() s:close() end`
	conf := `
error_log logs/error.log info;
events {}
http {
    EVERYWHERE
    init_worker_by_lua_block {
        local ok, err = pcall(function() HANDLER return ok or err end)
        INIT_RESULT = tostring(ok) .. " " .. tostring(err)
    }
    server {
        listen 127.0.0.1:PORT;
        location = /t {
            set_by_lua_block $set_result {
                local r, e = pcall(function() HANDLER return ok or err end)
                return tostring(r) .. " " .. tostring(e)
            }
            content_by_lua_block {
                ngx.say("init_worker: ", INIT_RESULT)
                ngx.say("set: ", ngx.var.set_result)
                HANDLER
                ngx.say("content: ", ok or err)
            }
            header_filter_by_lua_block {
                local r, e = pcall(function() HANDLER return ok or err end)
                ngx.header["X-Header-Filter"] = tostring(r) .. " " .. tostring(e)
            }
            log_by_lua_block {
                local r, e = pcall(function() HANDLER return ok or err end)
                ngx.log(ngx.WARN, "log phase: ", r, " ", e)
            }
        }
    }
}`
	for _, tc := range []struct {
		name, everywhere, want, header, log string
	}{
		{"strict", "", "init_worker: false init_worker_by_lua(nginx.conf:6):2: API disabled in the context of init_worker_by_lua*\n" +
			"set: false set_by_lua(nginx.conf:13):2: API disabled in the context of set_by_lua*\ncontent: echo: x\n",
			"false header_filter_by_lua(nginx.conf:23):2: API disabled in the context of header_filter_by_lua*",
			"log phase: false log_by_lua(nginx.conf:27):2: API disabled in the context of log_by_lua*"},
		{"everywhere", "lua_cosocket_everywhere on;", "init_worker: true echo: x\nset: true echo: x\ncontent: echo: x\n",
			"true echo: x", "log phase: true echo: x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := strings.NewReplacer("EVERYWHERE", tc.everywhere, "HANDLER", handler).Replace(conf)
			c = strings.NewReplacer("HOST", host, "SPORT", port).Replace(c)
			_, base, prefix := startEngine(t, c)
			_, hdr, body := get(t, base+"/t")
			if body != tc.want {
				t.Errorf("got %q, want %q", body, tc.want)
			}
			if h := hdr.Get("X-Header-Filter"); h != tc.header {
				t.Errorf("header filter: got %q, want %q", h, tc.header)
			}
			var logged bool
			for i := 0; i < 50 && !logged; i++ {
				b, _ := os.ReadFile(filepath.Join(prefix, "logs/error.log"))
				logged = strings.Contains(string(b), tc.log)
				if !logged {
					time.Sleep(20 * time.Millisecond)
				}
			}
			if !logged {
				b, _ := os.ReadFile(filepath.Join(prefix, "logs/error.log"))
				t.Errorf("no %q in the error log:\n%s", tc.log, b)
			}
		})
	}
}

package runtime

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeMemcached serves the text protocol's get, set, delete and flush_all
// from a map, and records the command lines it received.
func fakeMemcached(t *testing.T) (addr string, lines func() []string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var mu sync.Mutex
	store := map[string]string{}
	var seen []string
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					f := strings.Fields(line)
					mu.Lock()
					seen = append(seen, strings.TrimSpace(line))
					mu.Unlock()
					switch f[0] {
					case "set":
						n, _ := strconv.Atoi(f[4])
						data := make([]byte, n+2)
						io.ReadFull(br, data)
						mu.Lock()
						store[f[1]] = string(data[:n])
						mu.Unlock()
						io.WriteString(c, "STORED\r\n")
					case "get":
						mu.Lock()
						v, ok := store[f[1]]
						mu.Unlock()
						if ok {
							fmt.Fprintf(c, "VALUE %s 7 %d\r\n%s\r\n", f[1], len(v), v)
						}
						io.WriteString(c, "END\r\n")
					case "delete":
						mu.Lock()
						_, ok := store[f[1]]
						delete(store, f[1])
						mu.Unlock()
						if ok {
							io.WriteString(c, "DELETED\r\n")
						} else {
							io.WriteString(c, "NOT_FOUND\r\n")
						}
					case "flush_all":
						io.WriteString(c, "OK\r\n")
					default:
						io.WriteString(c, "ERROR\r\n")
					}
				}
			}()
		}
	}()
	return ln.Addr().String(), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func TestMemcPass(t *testing.T) {
	addr, lines := fakeMemcached(t)
	base, prefix := startLocations(t, "", `
location /memc {
    set $memc_key $arg_key;
    set $memc_cmd $arg_cmd;
    set $memc_exptime $arg_exp;
    memc_pass `+addr+`;
}
location = /t {
    content_by_lua_block {
        local function show(res) ngx.print(res.status, " [", res.body, "] ") end
        show(ngx.location.capture("/memc?key=a%20b"))
        show(ngx.location.capture("/memc?key=a%20b", { method = ngx.HTTP_PUT, body = "hello" }))
        show(ngx.location.capture("/memc?key=a%20b"))
        show(ngx.location.capture("/memc?key=a%20b&cmd=delete"))
        show(ngx.location.capture("/memc?key=a%20b&cmd=delete"))
        show(ngx.location.capture("/memc?cmd=flush_all&exp=10"))
        show(ngx.location.capture("/memc?cmd=bogus&key=x"))
        show(ngx.location.capture("/memc?cmd=get"))
    }
}`)
	got := getPath(t, base, "/t")
	want := "404 [] 201 [STORED\r\n] 200 [hello] 200 [DELETED\r\n] 404 [NOT_FOUND\r\n] 200 [OK\r\n] 400 [] 400 [] "
	if got.body != want {
		t.Errorf("got %q, want %q\n%s", got.body, want, errorLog(prefix))
	}
	// $arg_key is not unescaped, and memc escapes its "%"
	if l := lines(); len(l) < 6 || l[0] != "get a%2520b" || l[1] != "set a%2520b 0 0 5" || l[5] != "flush_all 10" {
		t.Errorf("memcached saw %q", l)
	}
	log := errorLog(prefix)
	for _, w := range []string{`ngx_memc: unknown $memc_cmd "bogus"`, `ngx_memc: the "$memc_key" variable is not set`} {
		if !strings.Contains(log, w) {
			t.Errorf("no %q in the error log", w)
		}
	}
}

package cosocket

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

// untilCase is one receiveuntil scenario: the peer sends data and closes;
// the iterator is called once per entry of sizes (nil: no size argument).
type untilCase struct {
	Data      string `json:"data"`
	Pat       string `json:"pat"`
	Inclusive bool   `json:"inclusive"`
	Sizes     []*int `json:"sizes"`
}

// TestReceiveUntilGolden runs the scenarios of testdata/until_cases.json
// and compares every iterator result with testdata/until.golden, which is
// the output of the same Lua code run by the reference (nginx 1.22.1 with
// lua-nginx-module 0.10.23) against a server sending the same bytes.
func TestReceiveUntilGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/until_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []untilCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("testdata/until.golden")
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, func(c net.Conn) {
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			return
		}
		n, _ := strconv.Atoi(strings.TrimSpace(line))
		c.Write([]byte(cases[n].Data))
	})
	e := newLuaEnv(t)
	got := e.run(t, untilScript(cases, srv.port))
	if got != string(golden) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(golden), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("line %d:\n got  %q\n want %q", i+1, g, w)
			}
		}
	}
}

// untilScript renders the Lua code that ran on the reference.
func untilScript(cases []untilCase, port int) string {
	var b strings.Builder
	b.WriteString("local cases = {\n")
	for _, c := range cases {
		sizes := make([]string, len(c.Sizes))
		for i, s := range c.Sizes {
			sizes[i] = "nil"
			if s != nil {
				sizes[i] = strconv.Itoa(*s)
			}
		}
		fmt.Fprintf(&b, "{pat=%s, inclusive=%t, n=%d, sizes={%s}},\n", luaQuote(c.Pat), c.Inclusive, len(c.Sizes), strings.Join(sizes, ","))
	}
	b.WriteString("}\n")
	fmt.Fprintf(&b, `
local function q(s) if s == nil then return "nil" end return string.format("%%q", s) end
for i, c in ipairs(cases) do
  local sock = ngx.socket.tcp()
  assert(sock:connect("127.0.0.1", %d))
  sock:send((i-1) .. "\n")
  local r = sock:receiveuntil(c.pat, {inclusive = c.inclusive})
  local out = {}
  for j = 1, c.n do
    local d, e, p
    if c.sizes[j] then d, e, p = r(c.sizes[j]) else d, e, p = r() end
    out[#out+1] = q(d) .. " " .. q(e) .. " " .. q(p)
  end
  say(i-1, ": ", table.concat(out, " | "))
  sock:close()
end
`, port)
	return b.String()
}

// luaQuote writes s as a Lua string of decimal escapes.
func luaQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "\\%d", s[i])
	}
	b.WriteByte('"')
	return b.String()
}

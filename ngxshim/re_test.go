package ngxshim

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// reVM is a bare VM with ngx.re installed and just enough of ngx (say,
// print, log) for test chunks to report what they see.
type reVM struct {
	L    *lua.LState
	out  strings.Builder
	logs []string
}

func newReVM(t testing.TB, cfg RegexConfig) *reVM {
	t.Helper()
	vm := &reVM{L: lua.NewState()}
	L := vm.L
	t.Cleanup(L.Close)
	lua51compat.OpenLibs(L)
	lua51compat.OpenLoad(L)
	lua51compat.Preload(L)
	ngx := L.NewTable()
	say := func(nl bool) lua.LGFunction {
		return func(L *lua.LState) int {
			for i := 1; i <= L.GetTop(); i++ {
				vm.out.WriteString(lua51compat.ToStringMeta(L, L.Get(i)))
			}
			if nl {
				vm.out.WriteByte('\n')
			}
			L.Push(lua.LNumber(1))
			return 1
		}
	}
	ngx.RawSetString("say", L.NewFunction(say(true)))
	ngx.RawSetString("print", L.NewFunction(say(false)))
	ngx.RawSetString("log", L.NewFunction(func(L *lua.LState) int {
		var b strings.Builder
		for i := 2; i <= L.GetTop(); i++ {
			b.WriteString(lua51compat.ToStringMeta(L, L.Get(i)))
		}
		vm.logf(int(L.CheckNumber(1)), "%s", b.String())
		return 0
	}))
	ngx.RawSetString("now", L.NewFunction(func(L *lua.LState) int { L.Push(lua.LNumber(0)); return 1 }))
	ngx.RawSetString("update_time", L.NewFunction(func(L *lua.LState) int { return 0 }))
	openConsts(L, ngx)
	L.SetGlobal("ngx", ngx)
	// ngx_lua's print logs its arguments at notice level, unseparated.
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		var b strings.Builder
		for i := 1; i <= L.GetTop(); i++ {
			b.WriteString(lua51compat.ToStringMeta(L, L.Get(i)))
		}
		vm.logf(LogNotice, "%s", b.String())
		return 0
	}))
	if cfg.Log == nil {
		cfg.Log = func(L *lua.LState, level int, msg string) { vm.logf(level, "%s", msg) }
	}
	openRegex(L, ngx, cfg)
	return vm
}

var levelNames = map[int]string{LogErr: "error", LogWarn: "warn", LogNotice: "notice", LogInfo: "info", LogDebug: "debug"}

// logf records an error-log line as nginx prints its level.
func (vm *reVM) logf(level int, format string, args ...interface{}) {
	vm.logs = append(vm.logs, "["+levelNames[level]+"] "+fmt.Sprintf(format, args...))
}

// run runs a chunk and returns what it printed, or the error it raised.
func (vm *reVM) run(code string) (string, error) {
	vm.out.Reset()
	fn, err := lua51compat.Load(vm.L, []byte(code), "=test")
	if err != nil {
		return "", err
	}
	vm.L.Push(fn)
	err = vm.L.PCall(0, 0, nil)
	return vm.out.String(), err
}

// TestDevScript runs a Lua file named by RE_DEV_SCRIPT (a development aid).
func TestDevScript(t *testing.T) {
	path := os.Getenv("RE_DEV_SCRIPT")
	if path == "" {
		t.Skip("RE_DEV_SCRIPT not set")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	limit, _ := strconv.Atoi(os.Getenv("RE_DEV_LIMIT"))
	vm := newReVM(t, RegexConfig{CacheMaxEntries: DefaultRegexCacheMaxEntries, MatchLimit: limit})
	out, err := vm.run(string(src))
	fmt.Print(out)
	if err != nil {
		fmt.Println("ERROR:", err)
	}
}

// upstreamBlock is one block of testdata/re/upstream_blocks.txt.
type upstreamBlock struct {
	id       string
	sections map[string]string
}

func loadUpstreamBlocks(t *testing.T) []upstreamBlock {
	t.Helper()
	data, err := os.ReadFile("testdata/re/upstream_blocks.txt")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []upstreamBlock
	var cur *upstreamBlock
	var name string
	var body []string
	flush := func() {
		if cur != nil && name != "" {
			cur.sections[name] = strings.Join(body, "\n")
		}
		name, body = "", nil
	}
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "=== "):
			flush()
			blocks = append(blocks, upstreamBlock{id: line[4:], sections: map[string]string{}})
			cur = &blocks[len(blocks)-1]
		case strings.HasPrefix(line, "--- ") && cur != nil:
			flush()
			if line == "--- end" {
				continue
			}
			head := line[4:]
			if i := strings.Index(head, ": "); i >= 0 {
				cur.sections[head[:i]] = head[i+2:]
				continue
			}
			name = head
		case name != "":
			body = append(body, line)
		}
	}
	flush()
	return blocks
}

// perlRegexp turns the Perl regexes of the blocks into Go ones.
func perlRegexp(t *testing.T, s string) *regexp.Regexp {
	t.Helper()
	if strings.HasPrefix(s, "(?^:") && strings.HasSuffix(s, ")") {
		s = s[4 : len(s)-1]
	}
	s = strings.ReplaceAll(s, `\#`, `#`)
	re, err := regexp.Compile(s)
	if err != nil {
		t.Fatalf("bad expectation %q: %v", s, err)
	}
	return re
}

// knownUpstreamFailures are blocks this engine does not pass, with why.
var knownUpstreamFailures = map[string]string{}

// TestUpstreamBlocks runs the ngx.re blocks of lua-nginx-module's test
// suite on a bare VM, each twice (as repeat_each(2) does) on one VM so that
// the regex caches are exercised.
func TestUpstreamBlocks(t *testing.T) {
	for _, b := range loadUpstreamBlocks(t) {
		b := b
		t.Run(b.id, func(t *testing.T) {
			s := b.sections
			if reason, ok := s["skip"]; ok {
				t.Skip(reason)
			}
			if reason, ok := knownUpstreamFailures[b.id]; ok {
				t.Skip("known failure: " + reason)
			}
			cfg := RegexConfig{CacheMaxEntries: DefaultRegexCacheMaxEntries}
			if v, ok := s["limit"]; ok {
				cfg.MatchLimit, _ = strconv.Atoi(v)
			}
			if v, ok := s["cache"]; ok {
				cfg.CacheMaxEntries, _ = strconv.Atoi(v)
			}
			vm := newReVM(t, cfg)
			if init, ok := s["init"]; ok {
				if _, err := vm.run(init); err != nil {
					t.Fatalf("init: %v", err)
				}
			}
			var grepWant []string
			if g, ok := s["grep_log"]; ok {
				if err := json.Unmarshal([]byte(g), &grepWant); err != nil {
					t.Fatal(err)
				}
			}
			for round := 0; round < 2; round++ {
				vm.logs = nil
				out, err := vm.run(s["lua"])
				if err != nil {
					if s["error_code"] != "500" {
						t.Fatalf("round %d: %v", round, err)
					}
					vm.logf(LogErr, "%v", err)
				} else if s["error_code"] == "500" {
					t.Fatalf("round %d: want an error, got output %q", round, out)
				}
				if want, ok := s["body"]; ok && out != want+"\n" {
					t.Errorf("round %d: body\n got: %q\nwant: %q", round, out, want+"\n")
				}
				if want, ok := s["body_like"]; ok && s["error_code"] != "500" {
					// Perl's $ also matches before a final newline.
					re := perlRegexp(t, strings.TrimRight(want, "\n"))
					if !re.MatchString(out) && !re.MatchString(strings.TrimSuffix(out, "\n")) {
						t.Errorf("round %d: body %q does not match %q", round, out, want)
					}
				}
				logs := strings.Join(vm.logs, "\n")
				for _, want := range strings.Split(s["log"], "\n") {
					if want == "" {
						continue
					}
					if strings.HasPrefix(want, "(?^:") {
						if !perlRegexp(t, want).MatchString(logs) {
							t.Errorf("round %d: log has no match for %q:\n%s", round, want, logs)
						}
					} else if !strings.Contains(logs, want) {
						t.Errorf("round %d: log lacks %q:\n%s", round, want, logs)
					}
				}
				for _, bad := range strings.Split(s["no_log"], "\n") {
					if bad != "" && strings.Contains(logs, bad) {
						t.Errorf("round %d: log has %q:\n%s", round, bad, logs)
					}
				}
				if grepWant != nil {
					var got strings.Builder
					for _, l := range vm.logs {
						if m := regexp.MustCompile(`pcre JIT compiling result: \d+`).FindString(l); m != "" {
							got.WriteString(m + "\n")
						}
					}
					if got.String() != grepWant[round] {
						t.Errorf("round %d: JIT log lines %q, want %q", round, got.String(), grepWant[round])
					}
				}
			}
		})
	}
}

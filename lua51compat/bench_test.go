package lua51compat

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// The benchmarks run the same Lua on a state with these libraries
// ("gresty") and on plain gopher-lua ("gopher-lua"), both with a growable
// data stack so that gopher-lua's table.concat can finish at all.

func benchStates() map[string]func(testing.TB) *lua.LState {
	return map[string]func(testing.TB) *lua.LState{
		"gresty": newCompatState,
		"gopher-lua": func(testing.TB) *lua.LState {
			return lua.NewState(lua.Options{
				CallStackSize:    1000,
				RegistrySize:     1024,
				RegistryMaxSize:  1 << 20,
				RegistryGrowStep: 1024,
			})
		},
	}
}

// runBench compiles setup and body once per state and runs body b.N
// times; the body runs inside a Lua loop of 100, so that the cost of the
// Go-to-Lua call does not hide the cost of the operation.
func runBench(b *testing.B, setup, body string) {
	body = "for _ = 1, 100 do " + body + " end"
	for _, name := range []string{"gresty", "gopher-lua"} {
		b.Run(name, func(b *testing.B) {
			L := benchStates()[name](b)
			defer L.Close()
			if err := L.DoString(setup); err != nil {
				b.Fatal(err)
			}
			fn, err := L.Load(strings.NewReader(body), "bench")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i += 100 {
				L.Push(fn)
				if err := L.PCall(0, 0, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTableConcat(b *testing.B) {
	b.Run("1e3", func(b *testing.B) {
		runBench(b, `T = {} for i = 1, 1000 do T[i] = "item" .. i end`, `local s = table.concat(T, ",")`)
	})
	b.Run("1e5", func(b *testing.B) {
		runBench(b, `T = {} for i = 1, 100000 do T[i] = "item" .. i end`, `local s = table.concat(T, ",")`)
	})
}

func BenchmarkStringFormat(b *testing.B) {
	b.Run("mixed", func(b *testing.B) {
		runBench(b, ``, `local s = string.format("%d %s %5.2f %x", 42, "abc", 3.14159, 255)`)
	})
	b.Run("float", func(b *testing.B) {
		runBench(b, ``, `local s = string.format("%.2f", 1234.5678)`)
	})
	b.Run("string", func(b *testing.B) {
		runBench(b, ``, `local s = string.format("%s=%s", "key", "value")`)
	})
}

func BenchmarkPatterns(b *testing.B) {
	setup := `S = "  user_agent = Mozilla/5.0 (X11; Linux x86_64) 12345  "`
	b.Run("match-captures", func(b *testing.B) {
		runBench(b, setup, `local k, v = S:match("^%s*([%w_]+)%s*=%s*(.-)%s*$")`)
	})
	b.Run("gsub-space", func(b *testing.B) {
		runBench(b, setup, `local s = S:gsub("%s+", " ")`)
	})
	b.Run("find-plain", func(b *testing.B) {
		runBench(b, setup, `local i = S:find("Linux", 1, true)`)
	})
	b.Run("find-pattern", func(b *testing.B) {
		runBench(b, setup, `local i, j = S:find("%d+")`)
	})
	b.Run("gmatch-words", func(b *testing.B) {
		runBench(b, setup, `for w in S:gmatch("%a+") do end`)
	})
}

func BenchmarkFormatNumber(b *testing.B) {
	for _, v := range []float64{42, 3.14159, 0.1 + 0.2, 1e300} {
		b.Run(FormatNumber(v), func(b *testing.B) {
			b.ReportAllocs()
			var buf []byte
			for i := 0; i < b.N; i++ {
				buf = AppendNumber(buf[:0], v)
			}
		})
	}
}

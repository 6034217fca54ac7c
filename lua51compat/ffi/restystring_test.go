package ffi

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// lua-resty-string 0.11's own suite (vendor-lua/upstream/lua-resty-string-
// 0.11/t/*.t), run without the engine: each block's content_by_lua code
// runs twice in one VM (the suite's repeat_each(2), with the module cache
// kept between requests) and what it prints must match the block's
// response_body, or its response_body_like pattern.

// tnBlock is the part of a Test::Nginx block this runner needs.
type tnBlock struct {
	name     string
	lua      string
	body     string
	bodyLike string
	hasBody  bool
}

// parseTN reads the blocks of a Test::Nginx file.
func parseTN(data string) []tnBlock {
	_, rest, ok := strings.Cut(data, "\n__DATA__\n")
	if !ok {
		return nil
	}
	var blocks []tnBlock
	for _, chunk := range strings.Split("\n"+rest, "\n=== ")[1:] {
		lines := strings.Split(chunk, "\n")
		b := tnBlock{name: strings.TrimSpace(lines[0])}
		sections := map[string]string{}
		var cur string
		var body []string
		flush := func() {
			if cur != "" {
				sections[cur] = strings.Join(body, "\n")
			}
		}
		for _, line := range lines[1:] {
			if name, ok := strings.CutPrefix(line, "--- "); ok {
				flush()
				cur, body = strings.TrimSpace(name), nil
				continue
			}
			body = append(body, line)
		}
		flush()
		for name, text := range sections {
			switch {
			case name == "config":
				b.lua = luaFromConfig(text)
			case name == "response_body":
				b.body = strings.TrimRight(text, "\n") + "\n"
				b.hasBody = true
			case strings.HasPrefix(name, "response_body_like"):
				b.bodyLike = strings.TrimRight(text, "\n")
			}
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// luaFromConfig extracts the code of content_by_lua '...' (with nginx's
// unescaping inside quotes) or content_by_lua_block { ... }.
func luaFromConfig(cfg string) string {
	if i := strings.Index(cfg, "content_by_lua '"); i >= 0 {
		var b strings.Builder
		s := cfg[i+len("content_by_lua '"):]
		for j := 0; j < len(s); j++ {
			c := s[j]
			if c == '\\' && j+1 < len(s) {
				j++
				switch s[j] {
				case 't':
					b.WriteByte('\t')
				case 'n':
					b.WriteByte('\n')
				case 'r':
					b.WriteByte('\r')
				case '\'', '"', '\\':
					b.WriteByte(s[j])
				default:
					b.WriteByte('\\')
					b.WriteByte(s[j])
				}
				continue
			}
			if c == '\'' {
				break
			}
			b.WriteByte(c)
		}
		return b.String()
	}
	if i := strings.Index(cfg, "content_by_lua_block {"); i >= 0 {
		s := cfg[i+len("content_by_lua_block {"):]
		if j := strings.LastIndex(s, "}"); j >= 0 {
			s = s[:j]
			if k := strings.LastIndex(s, "}"); k >= 0 {
				return s[:k]
			}
		}
		return s
	}
	return ""
}

// matchLike matches a Perl-style pattern as Test::Nginx does, where $
// also matches before a final newline.
func matchLike(pattern, body string) bool {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return false
	}
	return re.MatchString(body) || re.MatchString(strings.TrimSuffix(body, "\n"))
}

func TestRestyStringSuite(t *testing.T) {
	dir := filepath.Join(upstream, "lua-resty-string-0.11")
	files, err := filepath.Glob(filepath.Join(dir, "t", "*.t"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no suite files in %s: %v", dir, err)
	}
	total := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		blocks := parseTN(string(data))
		if len(blocks) == 0 {
			t.Fatalf("%s: no blocks", file)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			vm := newLibVM(t, filepath.Join(dir, "lib"))
			defer vm.L.Close()
			for _, b := range blocks {
				if b.lua == "" || !b.hasBody && b.bodyLike == "" {
					t.Errorf("%s: block without code or expected body", b.name)
					continue
				}
				total++
				for rep := 1; rep <= 2; rep++ {
					got := vm.run(t, "content_by_lua", b.lua)
					switch {
					case b.hasBody && got != b.body:
						t.Errorf("%s (request %d):\n--- want\n%s--- got\n%s", b.name, rep, b.body, got)
					case !b.hasBody && !matchLike(b.bodyLike, got):
						t.Errorf("%s (request %d): %q does not match %q", b.name, rep, got, b.bodyLike)
					}
				}
			}
		})
	}
	// The suite has 34 blocks, all passing on the reference nginx.
	if total != 34 {
		t.Errorf("ran %d blocks, the suite has 34", total)
	}
}

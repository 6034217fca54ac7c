package parse

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// recordFrom, when set, re-records testdata/syntax_errors.jsonl from a
// reference nginx running testdata/reference/nginx.conf, e.g.
//
//	nginx -p /tmp/pref/ -c conf/nginx.conf   # with that file as conf/nginx.conf
//	go test -run TestSyntaxGolden -record-from http://127.0.0.1:18471
var recordFrom = flag.String("record-from", "", "base URL of the reference nginx to record golden syntax errors from")

// goldenCase is one line of syntax_errors.jsonl: a source, the chunk name
// given to loadstring (absent: the source itself), and what LuaJIT's
// loadstring said: "OK" or the error message.
type goldenCase struct {
	Name    string  `json:"name"`
	Src     *string `json:"src,omitempty"`
	Src64   *string `json:"src64,omitempty"`
	Chunk   *string `json:"chunk,omitempty"`
	Chunk64 *string `json:"chunk64,omitempty"`
	Want    string  `json:"want"`
	Want64  string  `json:"want64,omitempty"`
}

// want is the recorded result; messages that are not valid UTF-8 (they
// quote the offending bytes) are stored in base64.
func (c *goldenCase) want() string {
	if c.Want64 != "" {
		s, _ := decodeField(nil, &c.Want64)
		return s
	}
	return c.Want
}

// deviations are the golden cases gresty cannot match, with what it says
// instead; each is a limit of gopher-lua's compiler, not of the parser.
var deviations = map[string]string{
	// gopher-lua counts the registers of a frame against a limit of 200
	// (maxRegisters in compile.go), LuaJIT allows 200 locals plus temporaries.
	"200 params": "x:1: register overflow(too many local variables)",
}

func decodeField(plain, b64 *string) (string, bool) {
	switch {
	case plain != nil:
		return *plain, true
	case b64 != nil:
		b, err := base64.StdEncoding.DecodeString(*b64)
		if err != nil {
			panic(err)
		}
		return string(b), true
	}
	return "", false
}

func (c *goldenCase) source() string {
	s, _ := decodeField(c.Src, c.Src64)
	return s
}

// chunkname is what loadstring was given, and whether it was given at all.
func (c *goldenCase) chunkname() (string, bool) {
	return decodeField(c.Chunk, c.Chunk64)
}

const goldenFile = "testdata/syntax_errors.jsonl"

func readGolden(t *testing.T) []*goldenCase {
	t.Helper()
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	var cases []*goldenCase
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		c := &goldenCase{}
		if err := json.Unmarshal(sc.Bytes(), c); err != nil {
			t.Fatalf("%s: %v", goldenFile, err)
		}
		cases = append(cases, c)
	}
	return cases
}

// compileResult is what loadstring(src [, chunkname]) gives here, worded
// as the reference endpoint words it.
func compileResult(c *goldenCase) string {
	src := c.source()
	name, ok := c.chunkname()
	if !ok {
		name = src
	}
	if _, err := CompileString(src, name); err != nil {
		return err.Error()
	}
	return "OK"
}

// TestSyntaxGolden compares compile results with LuaJIT's, recorded from
// the reference nginx's loadstring.
func TestSyntaxGolden(t *testing.T) {
	cases := readGolden(t)
	if *recordFrom != "" {
		record(t, cases)
		return
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			t.Errorf("%s: duplicate case name", c.Name)
		}
		seen[c.Name] = true
		want := c.want()
		if want == "" {
			t.Errorf("%s: not recorded", c.Name)
			continue
		}
		got := compileResult(c)
		if dev, ok := deviations[c.Name]; ok {
			if got != dev {
				t.Errorf("%s: known deviation changed:\n got: %q\nwas: %q (LuaJIT: %q)", c.Name, got, dev, want)
			}
			continue
		}
		if got != want {
			t.Errorf("%s:\n got: %q\nwant: %q", c.Name, got, want)
		}
	}
}

func record(t *testing.T, cases []*goldenCase) {
	var out bytes.Buffer
	for _, c := range cases {
		u := strings.TrimSuffix(*recordFrom, "/") + "/load"
		if name, ok := c.chunkname(); ok {
			u += "?name=" + url.QueryEscape(name)
		}
		resp, err := http.Post(u, "application/octet-stream", strings.NewReader(c.source()))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		c.Want, c.Want64 = strings.TrimPrefix(string(body), "ERR "), ""
		if !utf8.ValidString(c.Want) {
			c.Want64 = base64.StdEncoding.EncodeToString([]byte(c.Want))
			c.Want = ""
		}
		line, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	if err := os.WriteFile(goldenFile, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseBlocks(t *testing.T) {
	tests := []struct {
		name     string
		spec     string
		want     []RawBlock
		wantErr  bool
		chosen   []bool
		checkRaw bool
	}{
		{
			name: "sections, filters and inline values",
			spec: "=== TEST 1: sanity\n--- config\n    location /t {}\n--- request\nGET /t\n--- response_body chomp\nok\n--- error_code: 200\n",
			want: []RawBlock{{
				Name: "TEST 1: sanity", Description: "TEST 1: sanity",
				Sections: []RawSection{
					{Name: "config", Value: "    location /t {}\n"},
					{Name: "request", Value: "GET /t\n"},
					{Name: "response_body", Filters: "chomp", Value: "ok\n"},
					{Name: "error_code", Value: "200", Inline: true},
				},
			}},
			chosen: []bool{true},
		},
		{
			name: "description lines and parenthesised names",
			spec: "=== TEST 2: x\nsome words\nabout it\n\n--- (config) eval\n\"a\"\n--- ONLY\n",
			want: []RawBlock{{
				Name: "TEST 2: x", Description: "some words\nabout it",
				Sections: []RawSection{
					{Name: "config", Filters: "eval", Value: "\"a\"\n"},
					{Name: "ONLY", Value: ""},
				},
			}},
			chosen: []bool{true},
		},
		{
			name: "a dash line that is no section stays in the value",
			spec: "=== TEST 3\n--- response_body\n---\n--- x\n-- y\n",
			want: []RawBlock{{
				Name: "TEST 3", Description: "TEST 3",
				Sections: []RawSection{
					{Name: "response_body", Value: "---\n"},
					{Name: "x", Value: "-- y\n"},
				},
			}},
			chosen: []bool{true},
		},
		{
			name: "inline value with filters",
			spec: "=== T\n--- error_log eval: qr/a: b/\n",
			want: []RawBlock{{
				Name: "T", Description: "T",
				Sections: []RawSection{{Name: "error_log", Filters: "eval", Value: "qr/a: b/", Inline: true}},
			}},
			chosen: []bool{true},
		},
		{
			name:    "inline value followed by lines is an error",
			spec:    "=== T\n--- error_code: 200\nmore\n",
			wantErr: true,
		},
		{
			name:   "SKIP, ONLY and LAST choose blocks like Test::Base",
			spec:   "=== A\n--- SKIP\n=== B\n--- x\n=== C\n--- LAST\n=== D\n--- x\n",
			chosen: []bool{false, true, true, false},
		},
		{
			name:   "ONLY wins over the blocks before it",
			spec:   "=== A\n--- x\n=== B\n--- ONLY\n=== C\n--- x\n",
			chosen: []bool{false, true, false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBlocks(tt.spec, 1)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want an error, got %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != nil {
				for i := range got {
					got[i].Line = 0
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("blocks:\n got %#v\nwant %#v", got, tt.want)
				}
			}
			if c := Choose(got); !reflect.DeepEqual(c, tt.chosen) {
				t.Errorf("chosen = %v, want %v", c, tt.chosen)
			}
		})
	}
}

func TestApplySimpleFilters(t *testing.T) {
	tests := []struct {
		filters, value, want string
		ok                   bool
	}{
		{"", "\n\n  \nhello\nworld\n\n\n", "hello\nworld\n", true},
		{"chomp", "hello\n", "hello", true},
		{"chop", "hello!\n\n", "hello!", true},
		{"", "a\r\nb\rc\n", "a\nb\nc\n", true},
		{"-trim", "\nx\n\n", "\nx\n\n", true},
		{"eval", "\"x\"", "", false},
		{"", "no newline  ", "no newline  ", true},
	}
	for _, tt := range tests {
		got, ok := ApplySimpleFilters(RawSection{Filters: tt.filters, Value: tt.value})
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("filters %q on %q = %q, %v; want %q, %v", tt.filters, tt.value, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseTestFileFindsData(t *testing.T) {
	src := "use Test::Nginx::Socket::Lua;\nrun_tests();\n__DATA__\n\n=== TEST 1: a\n--- config\nx\n"
	tf, err := ParseTestFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tf.Preamble, "run_tests") || len(tf.Blocks) != 1 || tf.Blocks[0].Line != 5 {
		t.Fatalf("unexpected parse: %+v", tf)
	}
	if _, err := ParseTestFile("no data"); err == nil {
		t.Fatal("want an error without __DATA__")
	}
}

// perlSectionNames lists, per block, the section names the real
// Test::Base finds in a file (SKIP blocks included).
const perlSectionNames = `
use Test::Base;
my $t = Test::Base->new;
local $/;
open my $fh, '<', $ARGV[0] or die $!;
my $src = <$fh>;
$src =~ s/\A.*?^__(?:DATA|END)__\r?\n//ms;
my @hunks = ($src =~ /^(===.*?(?=^===|\z))/msg);
for my $h (@hunks) {
    my $b = $t->_make_block($h);
    print join(" ", $b->name, "|", @{$b->{_section_order}[0]}), "\n";
}
`

// TestParserMatchesTestBase parses tricky upstream files with the Go parser
// and with Debian's Test::Base and compares block names and sections.
func TestParserMatchesTestBase(t *testing.T) {
	root := filepath.Join("..", "vendor-lua", "upstream", "lua-nginx-module-0.10.23", "t")
	if _, err := os.Stat(root); err != nil {
		t.Skip("vendored sources missing: run gresty vendor")
	}
	if _, err := exec.LookPath("perl"); err != nil {
		t.Skip("perl missing")
	}
	files := []string{
		"000--init.t", "014-bugs.t", "020-subrequest.t", "028-req-header.t",
		"062-count.t", "073-backtrace.t", "104-req-raw-header.t", "132-lua-blocks.t",
		"023-rewrite/tcp-socket.t",
	}
	for _, f := range files {
		path := filepath.Join(root, f)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tf, err := ParseTestFile(string(src))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var got []string
		for _, b := range tf.Blocks {
			names := []string{b.Name, "|"}
			for _, s := range b.Sections {
				names = append(names, s.Name)
			}
			got = append(got, strings.Join(names, " "))
		}
		out, err := exec.Command("perl", "-e", perlSectionNames, path).Output()
		if err != nil {
			t.Fatalf("%s: perl: %v", f, err)
		}
		want := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Go and Test::Base disagree\n got %d blocks, want %d", f, len(got), len(want))
			for i := range want {
				if i >= len(got) || got[i] != want[i] {
					t.Errorf("first difference at block %d:\n go:   %q\n perl: %q", i+1, at(got, i), want[i])
					break
				}
			}
		}
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

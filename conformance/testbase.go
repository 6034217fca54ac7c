package conformance

import (
	"fmt"
	"regexp"
	"strings"
)

// RawSection is one "--- name filters" section of a Test::Base block,
// before any filter ran.
type RawSection struct {
	Name    string
	Filters string // the text after the name ("eval", "chomp", ...)
	Value   string
	Inline  bool // written as "--- name: value"
}

// RawBlock is one "=== " hunk of a Test::Base data section.
type RawBlock struct {
	Name        string // text after "=== " on the first line
	Description string
	Sections    []RawSection // in file order; a repeated name keeps both
	Line        int          // 1-based line of the "===" line in the file
}

// Section returns the last section called name (Test::Base keeps the last
// value of a repeated section).
func (b RawBlock) Section(name string) (RawSection, bool) {
	for i := len(b.Sections) - 1; i >= 0; i-- {
		if b.Sections[i].Name == name {
			return b.Sections[i], true
		}
	}
	return RawSection{}, false
}

// Has tells whether the block has a section called name.
func (b RawBlock) Has(name string) bool {
	_, ok := b.Section(name)
	return ok
}

// TestFile is a parsed .t file: the Perl preamble and its blocks.
type TestFile struct {
	Preamble string
	Blocks   []RawBlock
	// DataLine is the 1-based line where the data section starts.
	DataLine int
}

var dataMarker = regexp.MustCompile(`(?m)^__(?:DATA|END)__\r?$`)

// ParseTestFile splits a .t file at its __DATA__ (or __END__) line and
// parses the data with Test::Base's block and section rules.
func ParseTestFile(src string) (*TestFile, error) {
	loc := dataMarker.FindStringIndex(src)
	if loc == nil {
		return nil, fmt.Errorf("no __DATA__ section")
	}
	tf := &TestFile{Preamble: src[:loc[0]]}
	rest := src[loc[1]:]
	// the handle starts after the marker line's newline
	if strings.HasPrefix(rest, "\n") {
		rest = rest[1:]
	}
	tf.DataLine = strings.Count(src[:loc[1]], "\n") + 2
	blocks, err := ParseBlocks(rest, tf.DataLine)
	if err != nil {
		return nil, err
	}
	tf.Blocks = blocks
	return tf, nil
}

// ParseBlocks parses Test::Base data: hunks start at lines beginning with
// "===" and run to the next such line; inside a hunk, sections start at
// lines "--- name rest" (the name may be wrapped in parentheses).
func ParseBlocks(spec string, firstLine int) ([]RawBlock, error) {
	spec = strings.TrimPrefix(spec, "\ufeff")
	var starts []int
	for i := 0; i < len(spec); {
		if strings.HasPrefix(spec[i:], "===") {
			starts = append(starts, i)
		}
		nl := strings.IndexByte(spec[i:], '\n')
		if nl < 0 {
			break
		}
		i += nl + 1
	}
	var blocks []RawBlock
	for k, s := range starts {
		end := len(spec)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		b, err := parseHunk(spec[s:end])
		if err != nil {
			return nil, err
		}
		b.Line = firstLine + strings.Count(spec[:s], "\n")
		blocks = append(blocks, b)
	}
	return blocks, nil
}

var (
	// "===" then blanks, the name (rest of line), then at least one
	// whitespace character; the name keeps no trailing blanks past the
	// last non-blank only when followed by a newline, as in Perl's
	// /\A===[ \t]*(.*)\s+/.
	hunkHead = regexp.MustCompile(`\A===[ \t]*(.*)\s+`)
	// Test::Base's section separator: /^--- +\(?(\w+)\)? *(.*)?\n/m
	sectionHead = regexp.MustCompile(`(?m)^--- +\(?(\w+)\)? *(.*)\n`)
	inlineSplit = regexp.MustCompile(`\s*:(?:\s+|$)`)
	inlineTest  = regexp.MustCompile(`:(\s|$)`)
)

func parseHunk(hunk string) (RawBlock, error) {
	var b RawBlock
	m := hunkHead.FindStringSubmatchIndex(hunk)
	if m == nil {
		// a lone "===" at the end of the data: Test::Base dies here
		return b, fmt.Errorf("malformed block %q", firstLine(hunk))
	}
	b.Name = hunk[m[2]:m[3]]
	body := hunk[m[1]:]
	heads := sectionHead.FindAllStringSubmatchIndex(body, -1)
	descEnd := len(body)
	if len(heads) > 0 {
		descEnd = heads[0][0]
	}
	desc := body[:descEnd]
	if strings.TrimSpace(desc) == "" {
		desc = b.Name
	}
	b.Description = strings.TrimRight(desc, " \t\r\n\f\v")
	for i, h := range heads {
		name := body[h[2]:h[3]]
		filters := ""
		if h[4] >= 0 {
			filters = body[h[4]:h[5]]
		}
		valEnd := len(body)
		if i+1 < len(heads) {
			valEnd = heads[i+1][0]
		}
		value := body[h[1]:valEnd]
		sec := RawSection{Name: name, Filters: filters, Value: value}
		if inlineTest.MatchString(filters) {
			if strings.TrimSpace(value) != "" {
				return b, fmt.Errorf("block %q: extra lines not allowed in %q section", b.Name, name)
			}
			parts := inlineSplit.Split(filters, 2)
			sec.Filters = parts[0]
			sec.Value = ""
			if len(parts) > 1 {
				sec.Value = strings.TrimSpace(parts[1])
			}
			sec.Inline = true
		}
		b.Sections = append(b.Sections, sec)
	}
	return b, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Choose applies Test::Base's selection: an ONLY block runs alone, SKIP
// blocks are left out, a LAST block is the last one run. It returns, for
// each block, whether Test::Base would hand it to run_tests.
func Choose(blocks []RawBlock) []bool {
	chosen := make([]bool, len(blocks))
	for i, b := range blocks {
		if b.Has("ONLY") {
			for j := range chosen {
				chosen[j] = false
			}
			chosen[i] = true
			return chosen
		}
		if b.Has("SKIP") {
			continue
		}
		chosen[i] = true
		if b.Has("LAST") {
			return chosen
		}
	}
	return chosen
}

// ApplySimpleFilters runs the filters Go can run by itself (Test::Base's
// default norm and trim, then chomp/chop/...) and reports false when a
// filter needs Perl (eval and friends).
func ApplySimpleFilters(sec RawSection) (string, bool) {
	v := sec.Value
	filters := append([]string{"norm", "trim"}, strings.Fields(sec.Filters)...)
	var list []string
	for _, f := range filters {
		if strings.HasPrefix(f, "-") {
			name := f[1:]
			kept := list[:0]
			for _, x := range list {
				if x != name {
					kept = append(kept, x)
				}
			}
			list = kept
			continue
		}
		list = append(list, strings.TrimPrefix(f, "+"))
	}
	for _, f := range list {
		switch f {
		case "norm":
			v = strings.ReplaceAll(v, "\r\n", "\n")
			v = strings.ReplaceAll(v, "\r", "\n")
		case "trim":
			v = trimFilter(v)
		case "chomp":
			v = strings.TrimSuffix(v, "\n")
		case "chop":
			if v != "" {
				v = v[:len(v)-1]
			}
		default:
			return "", false
		}
	}
	return v, true
}

// trimFilter is Test::Base's trim: drop leading blank lines and the
// whitespace after the last newline.
func trimFilter(v string) string {
	for {
		i := 0
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
		if i < len(v) && v[i] == '\n' {
			v = v[i+1:]
			continue
		}
		break
	}
	// s/(?<=\n)\s*\z//: strip trailing whitespace that follows a newline
	end := len(v)
	for end > 0 && strings.ContainsRune(" \t\n\r\f\v", rune(v[end-1])) {
		end--
	}
	if nl := strings.LastIndexByte(v[:len(v)], '\n'); nl >= 0 {
		// find the first newline at or after end-? : the kept text ends
		// with the first newline following the last non-space
		idx := strings.IndexByte(v[end:], '\n')
		if idx >= 0 {
			return v[:end+idx+1]
		}
	}
	return v
}

package http1

import (
	"bufio"
	"os"
	"strconv"
	"testing"
)

// statusLinesPath holds, one Go-quoted line per code from 100 to 999, the
// status line nginx sent for ngx.status = code (see record_test.go).
var statusLinesPath = "testdata/status_lines.golden"

func TestStatusLines(t *testing.T) {
	f, err := os.Open(statusLinesPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	code := 100
	for ; sc.Scan(); code++ {
		want, err := strconv.Unquote(sc.Text())
		if err != nil {
			t.Fatalf("line %d: %v", code-99, err)
		}
		got := string(appendStatusLine(nil, code))
		if got != want+"\r\n" {
			t.Errorf("status %d: %q, want %q", code, got, want)
		}
	}
	if code != 1000 {
		t.Errorf("golden file ends at %d", code)
	}
}

package conformance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	vendorlua "gresty/vendor-lua"
)

// trivialSuite is a one-block .t file: a location answering "ok".
const trivialSuite = `use Test::Nginx::Socket::Lua;

run_tests();

__DATA__

=== TEST 1: a content handler answers
--- config
    location = /t {
        content_by_lua_block {
            ngx.say("ok")
        }
    }
--- request
GET /t
--- response_body
ok
`

// Probe tells whether the target serves a trivial block (nil) or why not.
func Probe(ctx context.Context, t *Target, basePort int) error {
	dir, err := os.MkdirTemp("", "grc-probe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "t", "probe.t")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(file, []byte(trivialSuite), 0o644); err != nil {
		return err
	}
	res, err := NewRunner(Options{Target: t, Jobs: 1, Once: true, NoRetry: true, BasePort: basePort}).Run(ctx, []string{file})
	if err != nil {
		return err
	}
	if len(res) != 1 || len(res[0].Blocks) != 1 {
		return fmt.Errorf("probe produced no result")
	}
	if b := res[0].Blocks[0]; b.Status != "pass" {
		return fmt.Errorf("%s", strings.TrimSpace(b.Reason))
	}
	return nil
}

// PinnedSuites lists the t/ folders of the vendored upstream sources that
// ship test suites.
func PinnedSuites(vendorDir string) ([]string, error) {
	lock, err := vendorlua.LoadLock(vendorDir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range lock.Entries {
		for _, p := range e.Provides {
			if p == "t" {
				out = append(out, filepath.Join(vendorDir, "upstream", e.Dir(), "t"))
			}
		}
	}
	return out, nil
}

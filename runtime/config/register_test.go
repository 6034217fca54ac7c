package config

import (
	"errors"
	"strings"
	"testing"
)

func TestRegisterDirective(t *testing.T) {
	spec := DirectiveSpec{
		Name: "gresty_test_flag", Module: "gresty",
		Contexts: CtxHTTP | CtxServer | CtxLocation, Args: ArgsFlag, Value: ValueFlag, Once: true,
	}
	if err := RegisterDirective(spec); err != nil {
		t.Fatal(err)
	}
	if err := RegisterDirective(spec); err == nil {
		t.Error("registering twice succeeded")
	}
	for _, bad := range []DirectiveSpec{
		{Name: "", Contexts: CtxHTTP, Args: Args1},
		{Name: "x_no_context", Args: Args1},
		{Name: "x_no_args", Contexts: CtxHTTP},
		{Name: "listen", Contexts: CtxServer, Args: Args1},
		{Name: "x_lua", Contexts: CtxHTTP, Args: Args0, Block: LuaBlock},
	} {
		if err := RegisterDirective(bad); err == nil {
			t.Errorf("RegisterDirective(%+v) succeeded", bad)
		}
	}

	cfg := loadString(t, `events {} http { gresty_test_flag on; server { location / { } location /off { gresty_test_flag off; } } }`)
	s := cfg.HTTP.Servers[0]
	if d := s.FindLocation("/").Lookup("gresty_test_flag"); d == nil || d.Args[0] != "on" {
		t.Errorf("inherited: %v", d)
	}
	if d := s.FindLocation("/off").Lookup("gresty_test_flag"); d == nil || d.Args[0] != "off" {
		t.Errorf("own: %v", d)
	}

	for conf, want := range map[string]string{
		`events {} http { gresty_test_flag maybe; }`:                    `invalid value "maybe" in "gresty_test_flag" directive, it must be "on" or "off"`,
		`events {} http { gresty_test_flag on; gresty_test_flag off; }`: `"gresty_test_flag" directive is duplicate`,
		`events {} gresty_test_flag on;`:                                `"gresty_test_flag" directive is not allowed here`,
	} {
		if err := loadErr(t, conf); !strings.HasPrefix(err, want+" in ") {
			t.Errorf("%s: %q, want %q", conf, err, want)
		}
	}
}

func TestOptionsDirectives(t *testing.T) {
	opts := Options{Directives: []DirectiveSpec{{
		Name: "gresty_block", Contexts: CtxHTTP, Args: Args1, Block: EntryBlock,
	}, {
		Name: "gresty_checked", Contexts: CtxHTTP, Args: Args1,
		Check: func(d *Directive) error {
			if d.Args[0] != "ok" {
				return errors.New(`bad "` + d.Args[0] + `"`)
			}
			return nil
		},
	}}}
	dir := t.TempDir()
	conf := "events {}\nhttp {\n gresty_block x { a 1; b; }\n gresty_checked ok;\n}\n"
	if err := mkdirWrite(dir+"/conf/nginx.conf", conf); err != nil {
		t.Fatal(err)
	}
	opts.Prefix = dir
	cfg, err := LoadWith("conf/nginx.conf", opts)
	if err != nil {
		t.Fatal(err)
	}
	d := cfg.HTTP.Lookup("gresty_block")
	if d == nil || len(d.Entries) != 2 || strings.Join(d.Entries[0], " ") != "a 1" || d.Entries[1][0] != "b" {
		t.Errorf("entry block %+v", d)
	}
	// another load does not know these directives
	if _, err := Load("conf/nginx.conf", dir, ""); err == nil || !strings.Contains(err.Error(), `unknown directive "gresty_block"`) {
		t.Errorf("plain load: %v", err)
	}
	if err := mkdirWrite(dir+"/conf/nginx.conf", "events {}\nhttp {\n gresty_checked no;\n}\n"); err != nil {
		t.Fatal(err)
	}
	_, err = LoadWith("conf/nginx.conf", opts)
	if err == nil || err.Error() != `bad "no" in `+dir+`/conf/nginx.conf:3` {
		t.Errorf("check: %v", err)
	}
}

// loadErr loads a configuration that must fail and returns the error text.
func loadErr(t *testing.T, conf string) string {
	t.Helper()
	dir := t.TempDir()
	if err := mkdirWrite(dir+"/conf/nginx.conf", conf); err != nil {
		t.Fatal(err)
	}
	_, err := Load("conf/nginx.conf", dir, "")
	if err == nil {
		t.Fatalf("%s: loaded", conf)
	}
	return err.Error()
}

package config

import (
	"strings"
	"testing"
)

// TestDirectiveTree checks the directives kept for each block: names,
// unquoted arguments, the file and line nginx reports, included files
// flattened in place, and entry and Lua blocks.
func TestDirectiveTree(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"conf/nginx.conf": `worker_processes 2;
events {
    worker_connections 10;
}
http {
    include inc/*.conf;
    types {
        text/html html htm;
    }
    server {
        listen
            8080;
        location / {
            content_by_lua_block {
                ngx.say("}")
            }
            set $a "x y";
        }
    }
}
`,
		"conf/inc/a.conf": "default_type 'a/b';\nserver_tokens off;\n",
	}
	for name, content := range files {
		if err := mkdirWrite(dir+"/"+name, content); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := Load("conf/nginx.conf", dir, "daemon off;")
	if err != nil {
		t.Fatal(err)
	}
	main := dir + "/conf/nginx.conf"
	inc := dir + "/conf/inc/a.conf"
	type row struct {
		name string
		args string
		file string
		line int
	}
	check := func(label string, ds []*Directive, want []row) {
		t.Helper()
		if len(ds) != len(want) {
			t.Errorf("%s: %d directives, want %d", label, len(ds), len(want))
			return
		}
		for i, d := range ds {
			got := row{d.Name, strings.Join(d.Args, "|"), d.File, d.Line}
			if got != want[i] {
				t.Errorf("%s[%d] = %+v, want %+v", label, i, got, want[i])
			}
		}
	}
	check("main", cfg.Main.Directives, []row{
		{"daemon", "off", "", 0},
		{"worker_processes", "2", main, 1},
		{"events", "", main, 2},
		{"http", "", main, 5},
	})
	check("events", cfg.Events.Directives, []row{{"worker_connections", "10", main, 3}})
	check("http", cfg.HTTP.Directives, []row{
		{"include", "inc/*.conf", main, 6},
		{"default_type", "a/b", inc, 1},
		{"server_tokens", "off", inc, 2},
		{"types", "", main, 7},
		{"server", "", main, 10},
	})
	if e := cfg.HTTP.Directives[3].Entries; len(e) != 1 || strings.Join(e[0], " ") != "text/html html htm" {
		t.Errorf("types entries %q", e)
	}
	if ds := cfg.Main.Directives[3].Block; len(ds) != len(cfg.HTTP.Directives) || ds[4] != cfg.HTTP.Directives[4] {
		t.Errorf("the http directive's block %v", ds)
	}
	s := cfg.HTTP.Servers[0]
	check("server", s.Directives, []row{
		{"listen", "8080", main, 12},
		{"location", "/", main, 13},
	})
	loc := s.Locations[0]
	check("location", loc.Directives, []row{
		{"content_by_lua_block", "\n                ngx.say(\"}\")\n            ", main, 14},
		{"set", "$a|x y", main, 17},
	})
	if d := loc.Directives[0]; d.LuaLine != 14 || !d.HasBlock {
		t.Errorf("lua block line %d, block %v", d.LuaLine, d.HasBlock)
	}
	if loc.Lua.Content.ChunkName != "=content_by_lua(nginx.conf:14)" {
		t.Errorf("chunk name %q", loc.Lua.Content.ChunkName)
	}
	if len(cfg.Files) != 2 || cfg.Files[0].Name != main || cfg.Files[1].Name != inc {
		t.Errorf("files %v", cfg.Files)
	}
	if cfg.Main.Daemon || cfg.Main.WorkerProcesses != 2 {
		t.Errorf("main %+v", cfg.Main)
	}
}

func TestLoadMissingFile(t *testing.T) {
	dir := t.TempDir()
	_, err := Load("conf/nginx.conf", dir, "")
	want := `open() "` + dir + `/conf/nginx.conf" failed (2: No such file or directory)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

package conformance

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestWriteConfGolden(t *testing.T) {
	base := ConfParams{
		Workers:           "1",
		MasterProcess:     "off",
		ErrorLogFile:      "/srv/t/servroot/logs/error.log",
		LogLevel:          "debug",
		PidFile:           "/srv/t/servroot/logs/nginx.pid",
		AccessLog:         "/srv/t/servroot/logs/access.log",
		Port:              1984,
		ServerName:        "localhost",
		HTMLDir:           "/srv/t/servroot/html",
		WorkerConnections: "64",
		Config:            "    location = /t {\n        content_by_lua_block { ngx.say(1) }\n    }\n",
	}
	full := base
	full.HTTPConfig = "    init_by_lua_block {\n        foo = 1\n    }\n"
	full.MainConfig = "env FOO;"
	full.PostMainConfig = "# after http"
	full.EnvToNginx = []string{"BAR", "BAZ=hello world"}
	full.LoadModules = []string{"/m/ndk.so", "/m/lua.so"}
	full.NoRootLocation = true
	full.EventType = "poll"
	full.UserRoot = true
	full.ExtraHTTP = "client_body_temp_path client_body_temp;"
	full.MasterProcess = "on"
	full.Workers = "2"
	tests := []struct {
		name string
		p    ConfParams
	}{
		{"minimal", base},
		{"full", full},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WriteConf(tt.p)
			golden := filepath.Join("testdata", "conf-"+tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("nginx.conf differs from %s:\n%s", golden, got)
			}
		})
	}
}

// TestWriteConfLineNumbers pins the template layout that upstream
// expectations name as nginx.conf:LINE: http_config starts on line 25 and,
// without http_config, the block's config on line 39, with or without
// loaded modules.
func TestWriteConfLineNumbers(t *testing.T) {
	for _, mods := range [][]string{nil, {"/a.so", "/b.so", "/c.so"}} {
		withHTTP := WriteConf(ConfParams{HTTPConfig: "HTTP_CONFIG_FIRST_LINE\n", LoadModules: mods, Port: 1984})
		if got := indexOf(strings.Split(withHTTP, "\n"), "HTTP_CONFIG_FIRST_LINE") + 1; got != 25 {
			t.Errorf("modules %v: http_config on line %d, want 25", mods, got)
		}
		onlyConfig := WriteConf(ConfParams{Config: "CONFIG_FIRST_LINE\n", LoadModules: mods, Port: 1984})
		if got := indexOf(strings.Split(onlyConfig, "\n"), "CONFIG_FIRST_LINE") + 1; got != 39 {
			t.Errorf("modules %v: config on line %d, want 39", mods, got)
		}
	}
}

func indexOf(lines []string, s string) int {
	for i, l := range lines {
		if l == s {
			return i
		}
	}
	return -1
}

func TestPrefixTempPaths(t *testing.T) {
	got := prefixTempPaths("proxy_temp_path /x;")
	if strings.Contains(got, "proxy_temp_path") || !strings.Contains(got, "client_body_temp_path client_body_temp;") {
		t.Fatalf("prefixTempPaths = %q", got)
	}
}

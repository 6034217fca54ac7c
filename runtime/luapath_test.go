package runtime

import (
	"os"
	"testing"

	"gresty/runtime/config"
)

// The strings are what the reference nginx (Debian's lua module) reports in
// package.path and package.cpath for the same settings.
func TestPackagePaths(t *testing.T) {
	const def = "./?.lua;/usr/share/luajit-2.1.0-beta3/?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua;/usr/share/lua/5.1/?.lua;/usr/share/lua/5.1/?/init.lua"
	const cdef = "./?.so;/usr/local/lib/lua/5.1/?.so;/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;/usr/local/lib/lua/5.1/loadall.so"
	for _, c := range []struct {
		name                string
		env                 map[string]string
		path, cpath         string
		wantPath, wantCPath string
	}{
		{"nothing set", nil, "", "", "/usr/share/lua/5.1/?.lua;;" + def, cdef},
		{"lua_package_path", nil, "/x/?.lua;;", "", "/x/?.lua;/usr/share/lua/5.1/?.lua;;" + def + ";", cdef},
		{"environment", map[string]string{"LUA_PATH": "/env/?.lua;;", "LUA_CPATH": "/cenv/?.so"}, "", "",
			"/usr/share/lua/5.1/?.lua;;/env/?.lua;" + def + ";", "/cenv/?.so"},
		{"both", map[string]string{"LUA_PATH": "/env/?.lua", "LUA_CPATH": ";;/c/?.so"}, "$prefix/?.lua;;", "/d/?.so;;",
			"/srv//?.lua;/usr/share/lua/5.1/?.lua;;/env/?.lua;", "/d/?.so;;" + cdef + ";/c/?.so;"},
	} {
		for _, k := range []string{"LUA_PATH", "LUA_CPATH"} {
			if v, ok := c.env[k]; ok {
				t.Setenv(k, v)
			} else {
				t.Setenv(k, "")
				unsetenv(t, k)
			}
		}
		e := &Engine{cfg: &config.Config{Prefix: "/srv/", HTTP: &config.HTTP{Lua: config.LuaMain{PackagePath: c.path, PackageCPath: c.cpath}}}}
		path, cpath := e.packagePaths()
		if path != c.wantPath || cpath != c.wantCPath {
			t.Errorf("%s:\n got %q\n     %q\nwant %q\n     %q", c.name, path, cpath, c.wantPath, c.wantCPath)
		}
	}
}

// unsetenv removes k for the rest of the test (t.Setenv restores it).
func unsetenv(t *testing.T, k string) {
	t.Helper()
	if err := os.Unsetenv(k); err != nil {
		t.Fatal(err)
	}
}

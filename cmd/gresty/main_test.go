package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestParseNginxFlags(t *testing.T) {
	cases := []struct {
		args []string
		want nginxFlags
		err  string
	}{
		{args: []string{"-p", "/x/", "-c", "conf/a.conf"}, want: nginxFlags{prefix: "/x/", conf: "conf/a.conf"}},
		{args: []string{"-tq"}, want: nginxFlags{test: true, quiet: true}},
		{args: []string{"-T"}, want: nginxFlags{test: true, dump: true}},
		{args: []string{"-p/x/", "-gdaemon off;"}, want: nginxFlags{prefix: "/x/", globals: "daemon off;"}},
		{args: []string{"-s", "reload"}, want: nginxFlags{signal: "reload"}},
		{args: []string{"-V"}, want: nginxFlags{version: true, versionFull: true}},
		{args: []string{"-s", "bogus"}, err: `invalid option: "-s bogus"`},
		{args: []string{"-x"}, err: `invalid option: "x"`},
		{args: []string{"foo"}, err: `invalid option: "foo"`},
		{args: []string{"-c"}, err: `option "-c" requires file name`},
		{args: []string{"-p"}, err: `option "-p" requires directory name`},
	}
	for _, c := range cases {
		got, err := parseNginxFlags(c.args)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: got error %v, want %q", c.args, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %+v %v, want %+v", c.args, got, err, c.want)
		}
	}
}

func TestParseRestyFlags(t *testing.T) {
	f, err := parseRestyFlags([]string{"-I", "lib", "--shdict", "d 1m", "-e", "print(1)", "--http-conf=lua_code_cache off;", "script.lua", "a", "-b"})
	if err != nil {
		t.Fatal(err)
	}
	if f.file != "script.lua" || len(f.args) != 2 || f.args[1] != "-b" || f.progs[0] != "print(1)" ||
		f.incs[0] != "lib" || f.shdicts[0] != "d 1m" || f.httpConf[0] != "lua_code_cache off;" {
		t.Fatalf("got %+v", f)
	}
	if _, err := parseRestyFlags([]string{"--bogus"}); err == nil {
		t.Fatal("unknown option accepted")
	}
}

// binary builds gresty once for the tests that run it.
func binary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gresty")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func TestCommandLine(t *testing.T) {
	bin := binary(t)
	prefix := t.TempDir()
	os.MkdirAll(filepath.Join(prefix, "conf"), 0o755)
	os.MkdirAll(filepath.Join(prefix, "logs"), 0o755)
	conf := filepath.Join(prefix, "conf", "nginx.conf")

	t.Run("resty", func(t *testing.T) {
		out, err := exec.Command(bin, "resty", "-e", `ngx.say("hi ", 1 + 1, " ", ngx.get_phase()) print(nil, true)`).Output()
		if err != nil || string(out) != "hi 2 timer\nniltrue\n" {
			t.Fatalf("got %q %v", out, err)
		}
		cmd := exec.Command(bin, "resty", "-e", `error("boom")`)
		stderr, _ := cmd.CombinedOutput()
		if cmd.ProcessState.ExitCode() != 1 || !strings.HasPrefix(string(stderr), "ERROR: (command line -e):1: boom\nstack traceback:") {
			t.Fatalf("error: code %d, %q", cmd.ProcessState.ExitCode(), stderr)
		}
		script := filepath.Join(prefix, "s.lua")
		os.WriteFile(script, []byte("print(arg[0], ' ', arg[1]) os.exit(7)"), 0o644)
		cmd = exec.Command(bin, "resty", script, "x")
		out, _ = cmd.Output()
		if cmd.ProcessState.ExitCode() != 7 || string(out) != script+" x\n" {
			t.Fatalf("file: code %d, %q", cmd.ProcessState.ExitCode(), out)
		}
		link := filepath.Join(prefix, "resty")
		os.Symlink(bin, link)
		if out, err := exec.Command(link, "-e", "ngx.print('as resty')").Output(); err != nil || string(out) != "as resty" {
			t.Fatalf("invoked as resty: %q %v", out, err)
		}
	})

	t.Run("test config", func(t *testing.T) {
		os.WriteFile(conf, []byte("events {}\nhttp {\n  server { listen 127.0.0.1:1; bogus_directive; }\n}\n"), 0o644)
		cmd := exec.Command(bin, "-p", prefix, "-t")
		out, _ := cmd.CombinedOutput()
		want := "gresty: [emerg] unknown directive \"bogus_directive\" in " + conf + ":3\ngresty: configuration file " + conf + " test failed\n"
		if cmd.ProcessState.ExitCode() != 1 || string(out) != want {
			t.Fatalf("got %d %q", cmd.ProcessState.ExitCode(), out)
		}
		os.WriteFile(conf, []byte("events {}\nhttp {}\n"), 0o644)
		out, err := exec.Command(bin, "-p", prefix, "-t").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "syntax is ok") || !strings.Contains(string(out), "test is successful") {
			t.Fatalf("got %q %v", out, err)
		}
	})

	t.Run("serve, reload, quit", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := l.Addr().String()
		l.Close()
		write := func(v string) {
			os.WriteFile(conf, []byte("pid logs/nginx.pid;\nevents {}\nhttp {\n  server { listen "+addr+";\n"+
				"    location = /v { content_by_lua_block { ngx.say(\""+v+"\") } } }\n}\n"), 0o644)
		}
		write("one")
		cmd := exec.Command(bin, "-p", prefix)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		body := func() string {
			for i := 0; i < 100; i++ {
				resp, err := http.Get("http://" + addr + "/v")
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					return string(b)
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Fatal("server did not answer")
			return ""
		}
		if got := body(); got != "one\n" {
			t.Fatalf("got %q", got)
		}
		pid, _ := os.ReadFile(filepath.Join(prefix, "logs", "nginx.pid"))
		if strings.TrimSpace(string(pid)) == "" {
			t.Fatal("no pid file")
		}
		write("two")
		if out, err := exec.Command(bin, "-p", prefix, "-s", "reload").CombinedOutput(); err != nil {
			t.Fatalf("reload: %v %s", err, out)
		}
		time.Sleep(200 * time.Millisecond)
		if got := body(); got != "two\n" {
			t.Fatalf("after reload got %q", got)
		}
		cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatal("QUIT did not stop the server")
		}
		if _, err := os.Stat(filepath.Join(prefix, "logs", "nginx.pid")); err == nil {
			t.Fatal("pid file left behind")
		}
	})
}

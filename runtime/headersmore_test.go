package runtime

import (
	"testing"

	"gresty/runtime/config"
)

// The headers-more directives, with what the reference nginx (with
// headers-more 0.34) answers.
func TestHeadersMore(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /set { more_set_headers "X-A: 1" "X-B: $arg_b"; more_set_headers -s 404 "X-Only404: yes"; echo ok; }
location = /setct { more_set_headers -t 'text/plain' "X-Plain: yes" "Content-Type: text/foo"; echo ok; }
location = /clear {
    more_clear_headers X-Gone 'X-W-*' Content-Type Server;
    content_by_lua_block {
        ngx.header["X-Gone"] = "a"; ngx.header["X-W-1"] = "b"; ngx.header["X-W-2"] = "c"; ngx.header["X-Keep"] = "d"
        ngx.say("ok")
    }
}
location = /override { more_set_headers "X-Dup: new"; content_by_lua_block { ngx.header["X-Dup"] = {"a", "b"}; ngx.say("ok") } }
location = /notfound { more_set_headers -s 404 "X-Only404: yes"; more_set_headers "X-Any: any"; }
location = /in {
    more_set_input_headers "X-In: set" "Host: example.com";
    more_set_input_headers -r "X-Rep: replaced" "X-Absent: never";
    more_clear_input_headers "X-Drop";
    echo "$http_x_in $host $http_x_rep [$http_x_absent] [$http_x_drop]";
}
location = /empty { more_set_headers "X-E:"; content_by_lua_block { ngx.header["X-E"] = "was"; ngx.say("ok") } }
location /inherit {
    more_set_headers "X-Outer: 1";
    location = /inherit/own { more_set_headers "X-Own: 2"; echo own; }
    location = /inherit/clear { more_clear_headers "X-Outer"; echo clear; }
    location = /inherit/none { echo none; }
}
location /inp { more_set_input_headers "X-B: b"; location = /inp/x { more_set_input_headers "X-A: 1"; echo "$http_x_a $http_x_b"; } }
`)
	runCases(t, base, prefix, []bodyCase{
		{name: "set", path: "/set?b=2", body: "ok\n", header: []string{"X-A: 1", "X-B: 2", "X-Only404:"}},
		{name: "by type", path: "/setct", body: "ok\n", header: []string{"X-Plain: yes", "Content-Type: text/foo"}},
		{name: "clear", path: "/clear", body: "ok\n", header: []string{"X-Keep: d", "X-Gone:", "X-W-1:", "X-W-2:", "Content-Type:", "Server:"}},
		{name: "replaces all values", path: "/override", body: "ok\n", header: []string{"X-Dup: new"}},
		{name: "by status", path: "/notfound", status: 404, body: notFoundPage, header: []string{"X-Only404: yes", "X-Any: any"}},
		{name: "input headers", path: "/in", headers: []string{"X-Rep: orig", "X-Drop: d"}, body: "set example.com replaced [] []\n"},
		{name: "empty value clears", path: "/empty", body: "ok\n", header: []string{"X-E:"}},
		{name: "enclosing blocks' commands run first", path: "/inherit/own", body: "own\n", header: []string{"X-Outer: 1", "X-Own: 2"}},
		{name: "a nested clear wins", path: "/inherit/clear", body: "clear\n", header: []string{"X-Outer:"}},
		{name: "inherited", path: "/inherit/none", body: "none\n", header: []string{"X-Outer: 1"}},
		{name: "input headers of all levels", path: "/inp/x", body: "1 b\n"},
	})
}

// notFoundPage is the front's 404 page as gresty names itself.
const notFoundPage = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>gresty/0.1</center>\r\n</body>\r\n</html>\r\n"

func TestParseMore(t *testing.T) {
	for _, c := range []struct {
		name     string
		args     []string
		statuses []int
		types    []string
		replace  bool
		headers  []string
	}{
		{"more_set_headers", []string{"-s", "404 500", "-s", "413", "-t", "Text/Html", "A: b", "C:d"}, []int{404, 500, 413}, []string{"text/html"}, false, []string{"A", "C"}},
		{"more_set_input_headers", []string{"-r", "X: y"}, nil, nil, true, []string{"X"}},
		{"more_clear_headers", []string{"X-*", "Y"}, nil, nil, false, []string{"X-", "Y"}},
	} {
		cmd := parseMore(&config.Directive{Name: c.name, Args: c.args})
		var names []string
		for _, h := range cmd.headers {
			names = append(names, h.name)
		}
		if !intsEqual(cmd.statuses, c.statuses) || !stringsEqual(cmd.types, c.types) || cmd.replace != c.replace || !stringsEqual(names, c.headers) {
			t.Errorf("%s %q: %+v", c.name, c.args, cmd)
		}
	}
}

func intsEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func stringsEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

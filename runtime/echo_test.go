package runtime

import (
	"strings"
	"testing"
	"time"
)

// The echo module's directives and variables, with the outputs the
// reference nginx gives for them.
const echoLocations = `
location = /opts { echo -x hello; echo -n -n "a"; echo "-n" b; echo -- -- c; echo; echo "x  y" z; }
location = /dup { echo_duplicate 3 "ab"; echo_duplicate 0 "zz"; echo_flush; echo; }
location = /vars { echo "$echo_request_method $echo_request_uri [$echo_request_body] $echo_incr $echo_incr"; }
location = /status { echo_status 201; echo made; }
location = /seq { echo begin; echo_location /sub a=1; echo_location /sub?b=2; echo end; }
location = /async {
    echo begin;
    echo_location_async /slow 0.2;
    echo_location_async /slow 0.1;
    echo end;
}
location = /slow { echo_sleep $args; echo "slept $args"; }
location = /sub { echo "sub $args $uri $echo_incr"; }
location = /exec { echo_exec /target a=1; echo unreachable; }
location = /execq { echo_exec /target?b=2; }
location = /execnamed { echo_exec @named; }
location @named { echo "named $args"; }
location = /target { echo "target $args"; }
location = /body { echo_read_request_body; echo_request_body; echo " [$echo_request_body]"; }
location = /nobody { echo_request_body; echo "-"; }
location = /filters {
    echo_before_body before;
    echo_after_body after;
    echo middle;
}
location = /each { echo_foreach_split ',' "a,b,,c"; echo "item $echo_it"; echo_end; echo done; }
location = /subreq { echo_subrequest POST /echobody -b 'posted'; echo_subrequest GET /sub -q 'x=1'; }
location = /echobody { echo_read_request_body; echo "$echo_request_method $echo_request_body"; }
location = /if {
    if ($arg_x) { echo "x is $arg_x"; }
    echo "no x";
}
location = /head { echo "body"; }
`

func TestEchoDirectives(t *testing.T) {
	base, prefix := startLocations(t, "", echoLocations)
	runCases(t, base, prefix, []bodyCase{
		{name: "options", path: "/opts", body: "hello\nab-- c\n\nx  y z\n"},
		{name: "duplicate", path: "/dup", body: "ababab\n"},
		{name: "variables", path: "/vars?q=1", body: "GET /vars [] 1 1\n"},
		{name: "echo_status", path: "/status", status: 201, body: "made\n", header: []string{"Content-Type: text/plain"}},
		{name: "echo_location", path: "/seq", body: "begin\nsub a=1 /sub 1\nsub b=2 /sub 2\nend\n"},
		{name: "async subrequests keep their order", path: "/async", body: "begin\nslept 0.2\nslept 0.1\nend\n"},
		{name: "echo_exec", path: "/exec", body: "target a=1\n"},
		{name: "echo_exec with a query", path: "/execq", body: "target b=2\n"},
		{name: "echo_exec named", path: "/execnamed?k=v", body: "named k=v\n"},
		{name: "request body", path: "/body", post: strp("hello"), body: "hello [hello]\n"},
		{name: "no body read", path: "/nobody", post: strp("hello"), body: "-\n"},
		{name: "before and after body", path: "/filters", body: "before\nmiddle\nafter\n", header: []string{"Content-Length:"}},
		{name: "foreach", path: "/each", body: "item a\nitem b\nitem c\ndone\n"},
		{name: "echo_subrequest", path: "/subreq", body: "POST posted\nsub x=1 /sub 1\n"},
		{name: "if block with echo", path: "/if?x=1", body: "x is 1\n"},
		{name: "if block without", path: "/if", body: "no x\n"},
	})
	got := rawRequest(t, base, "HEAD /head HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if got.status != 200 || got.body != "" {
		t.Fatalf("HEAD: %d %q", got.status, got.body)
	}
}

// Async subrequests run side by side: two sleeps take the longer one's
// time, not their sum.
func TestEchoAsyncSubrequestsRunTogether(t *testing.T) {
	base, prefix := startLocations(t, "", echoLocations)
	start := time.Now()
	got := getPath(t, base, "/async")
	if d := time.Since(start); d > 280*time.Millisecond || got.body != "begin\nslept 0.2\nslept 0.1\nend\n" {
		t.Fatalf("took %v, got %q\n%s", d, got.body, errorLog(prefix))
	}
}

func TestEchoText(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "\n"},
		{[]string{"-n"}, ""},
		{[]string{"a", "b"}, "a b\n"},
		{[]string{"-n", "a"}, "a"},
		{[]string{"--", "-n", "a"}, "-n a\n"},
		{[]string{"-e", "a"}, "a\n"},
		{[]string{"-", "a"}, "- a\n"},
	} {
		if got := string(echoText(c.args)); got != c.want {
			t.Errorf("echoText(%q) = %q, want %q", c.args, got, c.want)
		}
	}
}

// echo_sleep with a bad duration is a 400, as in the echo module.
func TestEchoSleepBadDuration(t *testing.T) {
	base, prefix := startLocations(t, "", `location = /s { echo_sleep abc; }`)
	if got := getPath(t, base, "/s"); got.status != 400 {
		t.Fatalf("got %d", got.status)
	}
	if !strings.Contains(errorLog(prefix), `invalid sleep duration "abc"`) {
		t.Fatal(errorLog(prefix))
	}
}

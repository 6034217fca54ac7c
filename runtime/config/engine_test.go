package config

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// fakeRequest is a minimal request for running scripts in tests: it keeps
// variables, the URI and arguments, and the last captures, as the engine
// will.
type fakeRequest struct {
	uri, args string
	quoted    bool
	vars      map[string]string
	captures  *Captures
	files     map[string]FileInfo
}

func newFakeRequest(rawPath, args string) *fakeRequest {
	uri, err := url.PathUnescape(rawPath)
	if err != nil {
		uri = rawPath
	}
	return &fakeRequest{
		uri: uri, args: args,
		quoted: strings.ContainsAny(rawPath, "%+"),
		vars:   map[string]string{},
		files:  map[string]FileInfo{},
	}
}

func (r *fakeRequest) Var(name string) (string, bool) {
	switch {
	case name == "uri":
		return r.uri, true
	case name == "args" || name == "query_string":
		return r.args, true
	case name == "is_args":
		if r.args != "" {
			return "?", true
		}
		return "", true
	case strings.HasPrefix(name, "arg_"):
		q, _ := url.ParseQuery(r.args)
		v, ok := q[name[4:]]
		if !ok {
			return "", false
		}
		return v[0], true
	}
	v, ok := r.vars[name]
	return v, ok
}

func (r *fakeRequest) Capture(n int) (string, bool) { return r.captures.Group(n) }
func (r *fakeRequest) SetVar(name, value string)    { r.vars[name] = value }
func (r *fakeRequest) URI() string                  { return r.uri }
func (r *fakeRequest) SetURI(uri string)            { r.uri = uri }
func (r *fakeRequest) Args() string                 { return r.args }
func (r *fakeRequest) SetArgs(args string)          { r.args = args }
func (r *fakeRequest) SetCaptures(c *Captures)      { r.captures = c }
func (r *fakeRequest) QuotedURI() bool              { return r.quoted }
func (r *fakeRequest) Stat(path string) FileInfo    { return r.files[path] }
func (r *fakeRequest) SetByLua(h *LuaHandler, args []string) (string, error) {
	return "lua(" + strings.Join(args, ",") + ")", nil
}

// response is what a simulated request produced.
type response struct {
	status   int
	location string
	body     string
}

func (r response) String() string {
	return strconv.Itoa(r.status) + " " + r.location + " " + strconv.Quote(r.body)
}

// simulate runs a request through server selection, the server script,
// location selection and the location script the way nginx's phases do,
// with "return" as the only content.
func simulate(cfg *Config, listen, host, rawPath, args string) response {
	srv, sc := cfg.HTTP.MatchServer(listen, host)
	if srv == nil {
		return response{status: -1}
	}
	r := newFakeRequest(rawPath, args)
	r.vars["server_name"] = srv.Names[0].Name
	r.vars["request_uri"] = rawPath
	if args != "" {
		r.vars["request_uri"] += "?" + args
	}
	if sc != nil {
		r.captures = sc
		for _, n := range sc.Named {
			r.vars[strings.ToLower(n.Name)] = n.Value
		}
	}
	if res, done := outcome(srv.Script.Run(r)); done {
		return res
	}
	for cycles := 0; cycles <= 10; cycles++ {
		m := srv.MatchLocation(r.uri)
		if m.Captures != nil {
			r.captures = m.Captures
			for _, n := range m.Captures.Named {
				r.vars[strings.ToLower(n.Name)] = n.Value
			}
		}
		if m.AutoRedirect {
			loc := r.uri + "/"
			if r.args != "" {
				loc += "?" + r.args
			}
			return response{status: 301, location: loc}
		}
		if m.Location.Internal {
			return response{status: 404}
		}
		out := m.Location.Script.Run(r)
		if res, done := outcome(out); done {
			return res
		}
		if !out.URIChanged {
			return response{status: 404}
		}
	}
	return response{status: 500}
}

func outcome(out Outcome) (response, bool) {
	switch out.Action {
	case ActionRedirect:
		return response{status: out.Status, location: out.Location}, true
	case ActionReturn:
		switch out.Status {
		case 301, 302, 303, 307, 308:
			return response{status: out.Status, location: out.Text}, true
		}
		return response{status: out.Status, body: out.Text}, true
	case ActionError:
		return response{status: 500}, true
	}
	return response{}, false
}

// loadString loads a configuration given as text.
func loadString(t *testing.T, conf string) *Config {
	t.Helper()
	dir := t.TempDir()
	if err := mkdirWrite(dir+"/conf/nginx.conf", conf); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load("conf/nginx.conf", dir+"/", "")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

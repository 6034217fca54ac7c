package runtime

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
	"gresty/ngxshim"
)

// fakeRequest is an ngxshim.Request that collects the response in memory.
type fakeRequest struct {
	mu      sync.Mutex
	body    bytes.Buffer
	status  int
	sent    bool
	eof     bool
	exit    int
	exited  bool
	headers map[string][]string
}

func (r *fakeRequest) Print(p []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = true
	r.body.Write(p)
	return nil
}
func (r *fakeRequest) Flush(bool) error               { return nil }
func (r *fakeRequest) EOF() error                     { r.eof = true; return nil }
func (r *fakeRequest) SendHeaders() error             { r.sent = true; return nil }
func (r *fakeRequest) HeadersSent() bool              { return r.sent }
func (r *fakeRequest) Status() int                    { return r.status }
func (r *fakeRequest) SetStatus(code int)             { r.status = code }
func (r *fakeRequest) SeenEOF() bool                  { return r.eof }
func (r *fakeRequest) Exit(status int)                { r.exit, r.exited = status, true }
func (r *fakeRequest) Internal() bool                 { return false }
func (r *fakeRequest) Exec(uri, args string)          {}
func (r *fakeRequest) Var(name string) (string, bool) { return "", false }
func (r *fakeRequest) SetVar(name, value string, unset bool) error {
	return nil
}
func (r *fakeRequest) Header() ngxshim.ResponseHeader {
	if r.headers == nil {
		r.headers = map[string][]string{}
	}
	return fakeHeader(r.headers)
}

type fakeHeader map[string][]string

func (h fakeHeader) Get(name string) []string { return h[strings.ToLower(name)] }
func (h fakeHeader) Set(name string, v []string) {
	if len(v) == 0 {
		delete(h, strings.ToLower(name))
		return
	}
	h[strings.ToLower(name)] = v
}
func (h fakeHeader) Names() []string { return nil }

func (r *fakeRequest) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.body.String()
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testWorker is a worker VM whose error log is kept in memory.
type testWorker struct {
	*Worker
	log *syncBuffer
}

func newTestWorker(t testing.TB, cfg VMConfig) *testWorker {
	t.Helper()
	buf := &syncBuffer{}
	el := NewErrorLog()
	el.AddWriter(buf, ngxshim.LogDebug)
	cfg.Log = el
	w := NewWorker(cfg)
	t.Cleanup(w.Close)
	return &testWorker{Worker: w, log: buf}
}

// compile compiles a handler chunk the way the engine does.
func (tw *testWorker) fn(t testing.TB, src, name string) *lua.LFunction {
	t.Helper()
	proto, err := lua51compat.Compile([]byte(src), "="+name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return tw.L.NewFunctionFromProto(proto)
}

// content runs src as a content_by_lua handler and returns the body, the
// run's result and the request.
func (tw *testWorker) content(t testing.TB, src string) (string, RunResult, *fakeRequest) {
	t.Helper()
	req := &fakeRequest{}
	ctx := &ngxshim.Ctx{Phase: ngxshim.PhaseContent, Req: req}
	tw.Lock()
	fn := tw.fn(t, src, "content_by_lua(nginx.conf:1)")
	tw.Unlock()
	res := tw.Run(ctx, func() LogContext { return LogContext{Conn: 1, Suffix: ", client: 127.0.0.1"} }, fn)
	return req.String(), res, req
}

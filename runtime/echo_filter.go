package runtime

import (
	"strconv"
	"time"
)

// The echo module's filter (echo_before_body, echo_after_body) and its
// variables.

// echoHeaderFilter drops the Content-Length of a response the filter will
// add to.
func (r *request) echoHeaderFilter() {
	if x := r.extra(); len(x.echoBefore) == 0 && len(x.echoAfter) == 0 {
		return
	}
	r.echoState().filterOn = true
	out := r.out()
	out.ContentLength = -1
	out.ContentLengthInHeaders = false
	out.Headers = dropHeader(out.Headers, "Content-Length")
	out.Headers = dropHeader(out.Headers, "Accept-Ranges")
}

// echoBodyFilter adds echo_before_body's output before the first chunk and
// echo_after_body's before the end.
func (r *request) echoBodyFilter(p []byte, last bool) []byte {
	es := r.echo
	if es == nil || !es.filterOn {
		return p
	}
	var out []byte
	if !es.before {
		es.before = true
		for _, c := range r.extra().echoBefore {
			out = append(out, echoText(c.eval(r))...)
		}
	}
	if out == nil {
		out = p
	} else {
		out = append(out, p...)
	}
	if last && !es.after {
		es.after = true
		for _, c := range r.extra().echoAfter {
			out = append(out, echoText(c.eval(r))...)
		}
	}
	return out
}

// echoVars are the echo module's variables.
var echoVars map[string]func(r *request) (string, bool)

func init() {
	echoVars = map[string]func(r *request) (string, bool){
		"echo_request_body": func(r *request) (string, bool) {
			p, ok := r.body.bytes()
			if !ok {
				return "", false
			}
			return string(p), true
		},
		"echo_request_method":        func(r *request) (string, bool) { return r.method(), true },
		"echo_client_request_method": func(r *request) (string, bool) { return r.hr.Method(), true },
		"echo_client_request_headers": func(r *request) (string, bool) {
			raw := r.hr.RawHeader()
			if raw == nil {
				return "", false
			}
			return string(raw), true
		},
		"echo_request_uri":           func(r *request) (string, bool) { return r.uri, true },
		"echo_cacheable_request_uri": func(r *request) (string, bool) { return r.uri, true },
		"echo_incr": func(r *request) (string, bool) {
			m := r.main
			m.outMu.Lock()
			es := m.echoState()
			es.incr++
			n := es.incr
			m.outMu.Unlock()
			return strconv.Itoa(n), true
		},
		"echo_response_status": func(r *request) (string, bool) {
			if st := r.out().Status; st != 0 {
				return strconv.Itoa(st), true
			}
			return "", false
		},
		"echo_timer_elapsed": func(r *request) (string, bool) {
			d := time.Since(r.echoState().timer)
			return strconv.FormatFloat(float64(d.Milliseconds())/1000, 'f', 3, 64), true
		},
		"echo_it": func(r *request) (string, bool) {
			es := r.echoState()
			if !es.inFor {
				return "", false
			}
			return es.it, true
		},
	}
}

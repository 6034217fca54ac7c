package runtime

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"gresty/runtime/config"
)

// The memc module (memc-nginx-module, which OpenResty bundles and the
// upstream suites use beside Lua): memc_pass talks memcached's text
// protocol to an upstream for the command in $memc_cmd (or the one the
// request method implies), with $memc_key, $memc_value (else the request
// body), $memc_flags and $memc_exptime, and answers with memcached's
// reply: the value for get (404 on a miss), 201 and "STORED\r\n" for a
// stored value, the reply line for the others.

func init() {
	loc := config.CtxHTTP | config.CtxServer | config.CtxLocation
	mustRegister(config.DirectiveSpec{Name: "memc_pass", Module: "memc",
		Contexts: config.CtxLocation | config.CtxLocationIf, Args: config.Args1, Check: checkComplexArgs})
	mustRegister(config.DirectiveSpec{Name: "memc_cmds_allowed", Module: "memc", Contexts: loc, Args: config.Args1More})
	for _, name := range []string{"memc_connect_timeout", "memc_send_timeout", "memc_read_timeout",
		"memc_buffer_size", "memc_flags_to_last_modified", "memc_ignore_client_abort",
		"memc_upstream_max_fails", "memc_upstream_fail_timeout", "memc_next_upstream"} {
		args := config.Args1
		if name == "memc_next_upstream" {
			args = config.Args1More
		}
		mustRegister(config.DirectiveSpec{Name: name, Module: "memc", Contexts: loc, Args: args})
	}
}

// memcStorage are the commands that send a value.
var memcStorage = map[string]bool{"set": true, "add": true, "replace": true, "append": true, "prepend": true, "cas": true}

// memcKnown are the commands memc speaks.
var memcKnown = map[string]bool{"get": true, "set": true, "add": true, "replace": true, "append": true,
	"prepend": true, "cas": true, "delete": true, "incr": true, "decr": true, "flush_all": true,
	"stats": true, "version": true, "verbosity": true}

// memcPassOf returns the location's memc_pass, with its line.
func memcPassOf(loc *config.Location) *config.Directive {
	for l := loc; l != nil; l = l.Parent {
		if own := l.Own("memc_pass"); len(own) > 0 {
			return own[len(own)-1]
		}
		if l.Kind != config.LocIf && l.Kind != config.LocLimitExcept {
			break
		}
	}
	return nil
}

// memcVar returns a memc variable's value when it is set and not empty.
func (r *request) memcVar(name string) (string, bool) {
	v, ok := r.Var(name)
	return v, ok && v != ""
}

// runMemc is the memc content handler.
func (r *request) runMemc(d *config.Directive) int {
	cmd, ok := r.memcVar("memc_cmd")
	if !ok {
		switch r.method() {
		case "GET", "HEAD":
			cmd = "get"
		case "POST":
			cmd = "add"
		case "PUT":
			cmd = "set"
		case "DELETE":
			cmd = "delete"
		default:
			r.logErr("ngx_memc: $memc_cmd variable requires explicit assignment for HTTP request method " + r.method())
			return 400
		}
	}
	if !memcKnown[cmd] {
		r.logErr("ngx_memc: unknown $memc_cmd \"" + cmd + "\"")
		return 400
	}
	if allowed := r.loc.Lookup("memc_cmds_allowed"); allowed != nil {
		found := false
		for _, a := range allowed.Args {
			found = found || a == cmd
		}
		if !found {
			r.logErr("ngx_memc: memcached command \"" + cmd + "\" not allowed")
			return 403
		}
	}
	var req strings.Builder
	req.WriteString(cmd)
	switch cmd {
	case "flush_all", "stats", "version", "verbosity":
		if cmd == "flush_all" || cmd == "verbosity" {
			if v, ok := r.memcVar("memc_value"); ok && cmd == "verbosity" {
				req.WriteString(" " + v)
			} else if v, ok := r.memcVar("memc_exptime"); ok && cmd == "flush_all" {
				req.WriteString(" " + v)
			}
		}
	default:
		key, ok := r.memcVar("memc_key")
		if !ok {
			r.logErr("ngx_memc: the \"$memc_key\" variable is not set")
			return 400
		}
		req.WriteString(" " + memcEscapeKey(key))
		switch {
		case memcStorage[cmd]:
			value, ok := r.memcVar("memc_value")
			if !ok {
				if st := r.ReadBody(); st != 0 {
					return st
				}
				body, has := r.body.bytes()
				if !has {
					r.logErr("ngx_memc: neither the \"$memc_value\" variable nor the request body is available")
					return 400
				}
				value = string(body)
			}
			flags, _ := r.memcVar("memc_flags")
			if flags == "" {
				flags = "0"
			}
			exptime, _ := r.memcVar("memc_exptime")
			if exptime == "" {
				exptime = "0"
			}
			req.WriteString(" " + flags + " " + exptime + " " + strconv.Itoa(len(value)))
			if cmd == "cas" {
				unique, _ := r.memcVar("memc_unique")
				req.WriteString(" " + unique)
			}
			req.WriteString("\r\n" + value)
		case cmd == "incr" || cmd == "decr":
			v, ok := r.memcVar("memc_value")
			if !ok {
				r.logErr("ngx_memc: the \"$memc_value\" variable is not set")
				return 400
			}
			req.WriteString(" " + v)
		case cmd == "delete":
			if v, ok := r.memcVar("memc_exptime"); ok {
				req.WriteString(" " + v)
			}
		}
	}
	req.WriteString("\r\n")

	pass, _ := config.ParseComplex(d.Args[0])
	target := pass.Eval(r)
	u := &proxyURL{scheme: "memcached://", host: target, addr: target}
	if _, _, err := net.SplitHostPort(target); err != nil {
		u.addr = ""
	}
	peer := target
	if up := r.findUpstream(u); up != nil {
		if peer = upstreamOf(up).pick(map[string]bool{}); peer == "" {
			r.logErr("no live upstreams while connecting to upstream")
			return 502
		}
	}
	defer func() { r.upstream = "" }()
	return r.memcExchange(cmd, peer, []byte(req.String()))
}

// memcExchange sends one command and turns the reply into the response.
func (r *request) memcExchange(cmd, peer string, req []byte) int {
	timeout := func(name string) time.Duration {
		if d := r.loc.Lookup(name); d != nil && len(d.Args) > 0 {
			if ms, ok := config.ParseMsec(d.Args[0]); ok {
				return time.Duration(ms) * time.Millisecond
			}
		}
		return 60 * time.Second
	}
	r.upstream = "memcached://" + peer
	conn, err := net.DialTimeout("tcp", peer, timeout("memc_connect_timeout"))
	if err != nil {
		r.logErr("connect() failed (" + errnoText(err) + ") while connecting to upstream")
		return 502
	}
	defer conn.Close()
	r.upstreamAddr = peer
	conn.SetWriteDeadline(time.Now().Add(timeout("memc_send_timeout")))
	if _, err := conn.Write(req); err != nil {
		r.logErr("writev() failed (" + errnoText(err) + ") while sending request to upstream")
		return 502
	}
	br := bufio.NewReader(&deadlineReader{conn, timeout("memc_read_timeout")})
	fail := func(err error) int {
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout():
			r.logErr("upstream timed out (110: Connection timed out) while reading response header from upstream")
			return 504
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			r.logErr("upstream prematurely closed connection while reading response header from upstream")
			return 502
		}
		r.logErr("recv() failed (" + errnoText(err) + ") while reading response header from upstream")
		return 502
	}
	line, err := br.ReadString('\n')
	if err != nil {
		return fail(err)
	}
	status := 200
	body := []byte(line)
	switch {
	case strings.HasPrefix(line, "ERROR"), strings.HasPrefix(line, "CLIENT_ERROR"), strings.HasPrefix(line, "SERVER_ERROR"):
		r.logErr("memcached sent error response: \"" + strings.TrimRight(line, "\r\n") + "\" while reading response header from upstream")
		return 502
	case cmd == "get":
		if strings.HasPrefix(line, "END") {
			return 404
		}
		f := strings.Fields(line)
		if len(f) < 4 || f[0] != "VALUE" {
			r.logErr("memcached sent invalid response: \"" + strings.TrimRight(line, "\r\n") + "\" while reading response header from upstream")
			return 502
		}
		n, err := strconv.Atoi(f[3])
		if err != nil || n < 0 {
			return 502
		}
		r.setVar("memc_flags", f[2])
		return r.memcValue(br, n)
	case cmd == "stats":
		for !strings.HasPrefix(line, "END") {
			if line, err = br.ReadString('\n'); err != nil {
				return fail(err)
			}
			body = append(body, line...)
		}
	case strings.HasPrefix(line, "STORED"):
		status = 201
	case strings.HasPrefix(line, "NOT_FOUND"):
		status = 404
	}
	out := r.out()
	out.Status = status
	out.ContentLength = int64(len(body))
	if status == 404 && cmd != "delete" && cmd != "incr" && cmd != "decr" {
		return 404
	}
	if err := r.sendHeader(); err != nil {
		return statusDone
	}
	if !r.headerOnly() && len(body) > 0 {
		r.writeBody(body, false)
	}
	return statusDone
}

// memcEscapeKey escapes a key as ngx_escape_uri's memcached table: spaces,
// control characters and "%".
func memcEscapeKey(s string) string {
	return percentEscape(s, func(c byte) bool { return c <= 0x20 || c == '%' || c == 0x7f })
}

// memcValue streams a get's value of n bytes to the response; a value the
// upstream cuts short leaves the response truncated.
func (r *request) memcValue(br *bufio.Reader, n int) int {
	out := r.out()
	out.Status = 200
	out.ContentLength = int64(n)
	if err := r.sendHeader(); err != nil {
		return statusDone
	}
	buf := make([]byte, 16<<10)
	for left := n; left > 0; {
		m, err := br.Read(buf[:min(left, len(buf))])
		if m > 0 {
			left -= m
			if !r.headerOnly() {
				r.writeBody(buf[:m], false)
			}
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				r.logErr("upstream timed out (110: Connection timed out) while reading upstream")
			} else {
				r.logErr("upstream prematurely closed connection while reading upstream")
			}
			return r.proxyTruncated()
		}
	}
	// the value's CRLF and "END"
	if _, err := br.ReadString('\n'); err == nil {
		br.ReadString('\n')
	}
	return statusDone
}

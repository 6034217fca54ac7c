package runtime

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"
)

// runEcho is the echo content handler: the location's commands in order,
// then the end of the response.
func (r *request) runEcho() int {
	if st := r.runEchoCmds(r.echoCommands()); st != statusNext {
		return st
	}
	r.echoSendHeader()
	return statusDone
}

// runEchoCmds runs commands until one ends the handler (echo_exec, a body
// that cannot be read); it returns statusNext when all ran.
func (r *request) runEchoCmds(cmds []*echoCmd) int {
	for i := 0; i < len(cmds); i++ {
		c := cmds[i]
		switch c.name {
		case "echo":
			r.echoOutput(echoText(c.eval(r)))
		case "echo_duplicate":
			args := c.eval(r)
			n, _ := strconv.Atoi(args[0])
			if n > 0 {
				r.echoOutput(bytes.Repeat([]byte(args[1]), n))
			}
		case "echo_flush":
			r.echoSendHeader()
			r.flushOut()
		case "echo_sleep", "echo_blocking_sleep":
			secs, err := strconv.ParseFloat(c.eval(r)[0], 64)
			if err != nil || secs < 0 {
				r.logErr("invalid sleep duration \"" + c.args[0].Raw + "\"")
				return 400
			}
			time.Sleep(time.Duration(secs * float64(time.Second)))
		case "echo_reset_timer":
			r.echoState().timer = time.Now()
		case "echo_read_request_body":
			if st := r.ReadBody(); st != 0 {
				return st
			}
		case "echo_request_body":
			if p, ok := r.body.bytes(); ok && len(p) > 0 {
				r.echoOutput(p)
			}
		case "echo_location", "echo_location_async":
			args := c.eval(r)
			qs := ""
			if len(args) > 1 {
				qs = args[1]
			}
			if st := r.echoSubrequest("GET", args[0], qs, nil, c.name == "echo_location"); st != statusNext {
				return st
			}
		case "echo_subrequest", "echo_subrequest_async":
			if st := r.echoSubrequestCmd(c); st != statusNext {
				return st
			}
		case "echo_exec":
			args := c.eval(r)
			uri, qs := args[0], ""
			if len(args) > 1 {
				qs = args[1]
			}
			if !strings.HasPrefix(uri, "@") {
				if u, q, ok := strings.Cut(uri, "?"); ok {
					uri, qs = u, q
				}
			}
			r.Exec(uri, qs)
			return stExec
		case "echo_foreach_split":
			end := i + 1
			for end < len(cmds) && cmds[end].name != "echo_end" {
				end++
			}
			args := c.eval(r)
			es := r.echoState()
			for _, s := range args[1:] {
				for _, item := range strings.Split(s, args[0]) {
					if item == "" {
						continue
					}
					es.it, es.inFor = item, true
					if st := r.runEchoCmds(cmds[i+1 : end]); st != statusNext {
						es.inFor = false
						return st
					}
				}
			}
			es.it, es.inFor = "", false
			i = end
		}
	}
	return statusNext
}

// echoSubrequestCmd runs echo_subrequest[_async] METHOD uri [-q args]
// [-b body] [-f file].
func (r *request) echoSubrequestCmd(c *echoCmd) int {
	args := c.eval(r)
	method, uri := strings.ToUpper(args[0]), args[1]
	var qs string
	var body []byte
	for i := 2; i+1 < len(args); i += 2 {
		switch args[i] {
		case "-q":
			qs = args[i+1]
		case "-b":
			body = []byte(args[i+1])
		case "-f":
			p, err := os.ReadFile(args[i+1])
			if err != nil {
				r.logErr("open() \"" + args[i+1] + "\" failed (" + errnoText(err) + ")")
				return 500
			}
			body = p
		}
	}
	return r.echoSubrequest(method, uri, qs, body, c.name == "echo_subrequest")
}

// echoSubrequest issues an inline subrequest whose output takes its place
// in the response; sync waits for it to finish.
func (r *request) echoSubrequest(method, uri, qs string, body []byte, sync bool) int {
	if u, q, ok := strings.Cut(uri, "?"); ok {
		uri, qs = u, q
	}
	r.echoSendHeader()
	sr, err := r.newSub(uri, qs, method)
	if err != nil {
		r.logErr(err.Error())
		return 500
	}
	if body != nil {
		sr.body = &reqBody{exists: true, data: body}
		sr.ownHeaders()
		sr.setHeaderIn("Content-Length", strconv.Itoa(len(body)), true)
	}
	r.startInline(sr)
	if sync {
		<-sr.sub.finished
	}
	return statusNext
}

package runtime

import (
	"strconv"
	"strings"

	"gresty/runtime/config"
)

// The headers-more module (headers-more-nginx-module 0.34, bundled with
// OpenResty): more_set_headers and more_clear_headers in the header
// filter, more_set_input_headers and more_clear_input_headers at the end
// of the rewrite phase, each filtered by status (-s) and content type (-t).

func init() {
	ctx := config.CtxHTTP | config.CtxServer | config.CtxLocation | config.CtxLocationIf
	for _, name := range []string{"more_set_headers", "more_clear_headers", "more_set_input_headers", "more_clear_input_headers"} {
		mustRegister(config.DirectiveSpec{Name: name, Module: "headers_more", Contexts: ctx, Args: config.Args1More, Check: checkMore})
	}
}

// checkMore refuses header values whose variables do not compile.
func checkMore(d *config.Directive) error {
	for i := 0; i < len(d.Args); i++ {
		a := d.Args[i]
		if a == "-s" || a == "-t" {
			i++
			continue
		}
		if _, value, ok := strings.Cut(a, ":"); ok && !strings.HasPrefix(d.Name, "more_clear") {
			if _, err := config.ParseComplex(strings.TrimLeft(value, " \t")); err != nil {
				return err
			}
		}
	}
	return nil
}

// moreCmd is one headers-more directive, parsed.
type moreCmd struct {
	clear    bool
	statuses []int
	types    []string
	// replace is -r: set an input header only where it exists.
	replace bool
	headers []moreHeader
}

// moreHeader is one "Name: value" (or name to clear, maybe ending in '*').
type moreHeader struct {
	name     string
	value    *config.ComplexValue
	wildcard bool
}

// parseMore parses a headers-more directive.
func parseMore(d *config.Directive) *moreCmd {
	c := &moreCmd{clear: strings.HasPrefix(d.Name, "more_clear")}
	for i := 0; i < len(d.Args); i++ {
		a := d.Args[i]
		switch {
		case (a == "-s" || a == "-t") && i+1 < len(d.Args):
			i++
			for _, f := range strings.Fields(d.Args[i]) {
				if a == "-s" {
					if n, err := strconv.Atoi(f); err == nil {
						c.statuses = append(c.statuses, n)
					}
				} else {
					c.types = append(c.types, strings.ToLower(f))
				}
			}
		case a == "-r":
			c.replace = true
		default:
			name, value, _ := strings.Cut(a, ":")
			name = strings.TrimSpace(name)
			h := moreHeader{name: name}
			if c.clear {
				if strings.HasSuffix(name, "*") {
					h.name, h.wildcard = strings.TrimSuffix(name, "*"), true
				}
			} else {
				cv, err := config.ParseComplex(strings.TrimLeft(value, " \t"))
				if err != nil {
					continue
				}
				h.value = cv
			}
			if name != "" {
				c.headers = append(c.headers, h)
			}
		}
	}
	return c
}

// moreDirectivesOf returns the commands in effect in loc: those of every
// enclosing block, outermost first, as headers-more merges its
// configuration.
func moreDirectivesOf(loc *config.Location, set, clear string) []*moreCmd {
	var levels [][]*moreCmd
	for l := &loc.Block; l != nil; l = l.Parent {
		var cmds []*moreCmd
		for _, d := range l.Directives {
			if d.Name == set || d.Name == clear {
				cmds = append(cmds, parseMore(d))
			}
		}
		if len(cmds) > 0 {
			levels = append(levels, cmds)
		}
	}
	var all []*moreCmd
	for i := len(levels) - 1; i >= 0; i-- {
		all = append(all, levels[i]...)
	}
	return all
}

// matches reports whether the command applies to status and content type.
func (c *moreCmd) matches(status int, ctype string) bool {
	if len(c.statuses) > 0 {
		ok := false
		for _, s := range c.statuses {
			if s == status {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(c.types) > 0 {
		t, _, _ := strings.Cut(ctype, ";")
		t = strings.ToLower(strings.TrimSpace(t))
		ok := false
		for _, want := range c.types {
			if want == t {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// moreHeadersOut applies more_set_headers and more_clear_headers to the
// response header.
func (r *request) moreHeadersOut() {
	cmds := r.extra().moreOut
	if len(cmds) == 0 {
		return
	}
	out := r.out()
	h := respHeader{r}
	for _, c := range cmds {
		if !c.matches(out.Status, out.ContentType) {
			continue
		}
		for _, mh := range c.headers {
			if c.clear {
				r.moreClearOut(mh)
				continue
			}
			h.setOne(mh.name, mh.value.Eval(r), true)
		}
	}
}

// moreClearOut clears response headers named mh.name (or starting with it).
func (r *request) moreClearOut(mh moreHeader) {
	out := r.out()
	h := respHeader{r}
	if !mh.wildcard {
		switch strings.ToLower(mh.name) {
		case "content-type":
			out.ContentType = ""
			r.ctypeCleared = true
			return
		}
		h.setOne(mh.name, "", true)
		return
	}
	prefix := strings.ToLower(mh.name)
	if strings.HasPrefix("content-type", prefix) {
		out.ContentType = ""
	}
	if strings.HasPrefix("content-length", prefix) {
		out.ContentLength = -1
		out.ContentLengthInHeaders = false
	}
	if strings.HasPrefix("server", prefix) {
		out.NoServer = true
	}
	if strings.HasPrefix("date", prefix) {
		out.NoDate = true
	}
	kept := out.Headers[:0]
	for _, f := range out.Headers {
		if !strings.HasPrefix(strings.ToLower(f.Name), prefix) {
			kept = append(kept, f)
		}
	}
	clear(out.Headers[len(kept):])
	out.Headers = kept
}

// moreHeadersIn applies more_set_input_headers and
// more_clear_input_headers to the request header.
func (r *request) moreHeadersIn() {
	cmds := r.extra().moreIn
	if len(cmds) == 0 {
		return
	}
	ctype, _ := r.headerIn("Content-Type")
	for _, c := range cmds {
		if len(c.types) > 0 && !c.matches(0, ctype) {
			continue
		}
		r.ownHeaders()
		for _, mh := range c.headers {
			if c.clear {
				if mh.wildcard {
					r.clearHeadersIn(mh.name)
				} else {
					r.setHeaderIn(mh.name, "", true)
				}
				continue
			}
			if _, exists := r.headerIn(mh.name); c.replace && !exists {
				continue
			}
			r.setHeaderIn(mh.name, mh.value.Eval(r), true)
		}
	}
}

// clearHeadersIn removes the request headers whose names start with prefix.
func (r *request) clearHeadersIn(prefix string) {
	prefix = strings.ToLower(prefix)
	kept := r.in.headers[:0]
	for _, h := range r.in.headers {
		if !strings.HasPrefix(strings.ToLower(h.Name), prefix) {
			kept = append(kept, h)
		}
	}
	clear(r.in.headers[len(kept):])
	r.in.headers = kept
}

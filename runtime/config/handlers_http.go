package config

import (
	"strings"
)

func setHTTP(p *parser, d *Directive) error {
	if p.cfg.HTTP != nil {
		return directiveError("is duplicate")
	}
	h := &HTTP{LogFormats: map[string]*LogFormat{}}
	h.Location = &Location{Kind: LocHTTP}
	p.cfg.HTTP = h
	child := &scope{ctx: CtxHTTP, block: &h.Location.Block, seen: map[string]bool{}, http: h, loc: h.Location}
	if err := p.parseChild(child); err != nil {
		return err
	}
	h.Block.Directives = h.Location.Block.Directives
	return p.finishHTTP(h)
}

func setServer(p *parser, d *Directive) error {
	h := p.sc.http
	srv := &Server{HTTP: h, File: d.File, Line: d.Line, Script: &Script{}}
	srv.Location = &Location{Kind: LocServer, Server: srv, Parent: h.Location, File: d.File, Line: d.Line}
	srv.Location.Block.Parent = &h.Location.Block
	srv.Block.Parent = &h.Block
	h.Servers = append(h.Servers, srv)
	child := &scope{
		ctx: CtxServer, block: &srv.Location.Block, seen: map[string]bool{},
		http: h, srv: srv, loc: srv.Location, script: srv.Script,
	}
	if err := p.parseChild(child); err != nil {
		return err
	}
	srv.Block.Directives = srv.Location.Block.Directives
	if len(srv.Listens) == 0 {
		port := p.opts.DefaultPort
		if port == 0 {
			port = defaultListenPort()
		}
		l := &Listen{
			Network: "tcp", Host: "0.0.0.0", Port: port, Wildcard: true, Implicit: true,
			Backlog: defaultBacklog, Rcvbuf: -1, Sndbuf: -1, FastOpen: -1, IPv6Only: true,
		}
		l.Addr = l.Host + ":" + itoa(port)
		if err := p.addListen(srv, l); err != nil {
			return err
		}
	}
	return nil
}

func setUpstream(p *parser, d *Directive) error {
	u := &Upstream{Name: d.Args[0], File: d.File, Line: d.Line}
	for _, x := range p.sc.http.Upstreams {
		if x.Name == u.Name {
			return emergf(`duplicate upstream "%s"`, u.Name)
		}
	}
	p.sc.http.Upstreams = append(p.sc.http.Upstreams, u)
	return p.parseChild(&scope{ctx: CtxUpstream, block: &u.Block, seen: map[string]bool{}, http: p.sc.http, ups: u})
}

// setLocation is the location directive, checked as ngx_http_core_location
// checks it before it reads the block.
func setLocation(p *parser, d *Directive) error {
	parent := p.sc.loc
	loc := &Location{Server: p.sc.srv, Parent: parent, File: d.File, Line: d.Line, Script: &Script{}}
	loc.Block.Parent = &parent.Block

	var name string
	if len(d.Args) == 2 {
		mod := d.Args[0]
		name = d.Args[1]
		switch mod {
		case "=":
			loc.Kind, loc.Name = LocExact, name
		case "^~":
			loc.Kind, loc.Name = LocPrefixNoRegex, name
		case "~":
			if err := p.regexLocation(loc, name, false); err != nil {
				return err
			}
		case "~*":
			if err := p.regexLocation(loc, name, true); err != nil {
				return err
			}
		default:
			return emergf(`invalid location modifier "%s"`, mod)
		}
	} else {
		name = d.Args[0]
		switch {
		case strings.HasPrefix(name, "="):
			loc.Kind, loc.Name = LocExact, name[1:]
		case strings.HasPrefix(name, "^~"):
			loc.Kind, loc.Name = LocPrefixNoRegex, name[2:]
		case strings.HasPrefix(name, "~*"):
			if err := p.regexLocation(loc, name[2:], true); err != nil {
				return err
			}
		case strings.HasPrefix(name, "~"):
			if err := p.regexLocation(loc, name[1:], false); err != nil {
				return err
			}
		case strings.HasPrefix(name, "@"):
			loc.Kind, loc.Name = LocNamed, name
		default:
			loc.Kind, loc.Name = LocPrefix, name
		}
	}

	if p.sc.ctx == CtxLocation {
		switch {
		case parent.Kind == LocExact:
			return emergf(`location "%s" cannot be inside the exact location "%s"`, loc.Name, parent.Name)
		case parent.Kind == LocNamed:
			return emergf(`location "%s" cannot be inside the named location "%s"`, loc.Name, parent.Name)
		case loc.Kind == LocNamed:
			return emergf(`named location "%s" can be on the server level only`, loc.Name)
		case loc.Regex == nil && !strings.HasPrefix(loc.Name, parent.Name):
			return emergf(`location "%s" is outside location "%s"`, loc.Name, parent.Name)
		}
		parent.Locations = append(parent.Locations, loc)
	} else {
		p.sc.srv.Locations = append(p.sc.srv.Locations, loc)
	}

	return p.parseChild(&scope{
		ctx: CtxLocation, block: &loc.Block, seen: map[string]bool{},
		http: p.sc.http, srv: p.sc.srv, loc: loc, script: loc.Script,
	})
}

// regexLocation compiles a regex location's pattern.
func (p *parser) regexLocation(loc *Location, pattern string, caseless bool) error {
	re, err := p.compileRegex(pattern, caseless)
	if err != nil {
		return err
	}
	loc.Kind, loc.Name, loc.Regex = LocRegex, pattern, re
	if caseless {
		loc.Kind = LocRegexCaseless
	}
	return nil
}

// compileRegex compiles a pattern with the load's compiler and declares
// its named captures as variables, as ngx_http_regex_compile does.
func (p *parser) compileRegex(pattern string, caseless bool) (Regex, error) {
	re, err := p.opts.RegexCompiler(pattern, caseless)
	if err != nil {
		return nil, regexCompileError(pattern, err)
	}
	for _, n := range re.CaptureNames() {
		if n == "" {
			continue
		}
		if err := p.vars.declare(n); err != nil {
			return nil, err
		}
	}
	return re, nil
}

// httpMethods are the methods limit_except knows.
var httpMethods = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "MKCOL", "COPY", "MOVE", "OPTIONS", "PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "PATCH"}

func setLimitExcept(p *parser, d *Directive) error {
	if err := p.once("limit_except"); err != nil {
		return err
	}
	for _, m := range d.Args {
		ok := false
		for _, x := range httpMethods {
			if strings.EqualFold(m, x) {
				ok = true
			}
		}
		if !ok {
			return emergf(`invalid method "%s"`, m)
		}
	}
	parent := p.sc.loc
	lmt := &Location{Kind: LocLimitExcept, Name: parent.Name, Server: p.sc.srv, Parent: parent, File: d.File, Line: d.Line}
	lmt.Block.Parent = &parent.Block
	for _, m := range d.Args {
		lmt.Methods = append(lmt.Methods, strings.ToUpper(m))
	}
	parent.LimitExcept = lmt
	return p.parseChild(&scope{
		ctx: CtxLimitExcept, block: &lmt.Block, seen: map[string]bool{},
		http: p.sc.http, srv: p.sc.srv, loc: lmt,
	})
}

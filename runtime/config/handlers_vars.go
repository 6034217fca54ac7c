package config

import "strings"

// The map, geo and split_clients blocks gresty keeps without giving them
// meaning still declare their variables (so using them is not an
// "unknown variable"), and map checks its lines as nginx does.

// declareVarArg declares a "$name" argument as ngx_http_add_variable does.
func (p *parser) declareVarArg(v string) error {
	if !strings.HasPrefix(v, "$") {
		return emergf(`invalid variable name "%s"`, v)
	}
	return p.vars.declare(v[1:])
}

// entryBlock reads an entry block into d.Entries, passing each line to
// check, and following "include" lines when the block allows them.
func (p *parser) entryBlock(d *Directive, include bool, check func(args []string) error) error {
	child := &scope{ctx: p.sc.ctx, block: &Block{}, seen: map[string]bool{}, http: p.sc.http, srv: p.sc.srv, loc: p.sc.loc}
	child.entries = func(args []string) error {
		if err := check(args); err != nil {
			return err
		}
		d.Entries = append(d.Entries, args)
		if include && args[0] == "include" && len(args) == 2 {
			return setInclude(p, &Directive{Name: "include", Args: args[1:]})
		}
		return nil
	}
	return p.parseChild(child)
}

func setMap(p *parser, d *Directive) error {
	if _, err := p.compileValue(d.Args[0]); err != nil {
		return err
	}
	if err := p.declareVarArg(d.Args[1]); err != nil {
		return err
	}
	return p.entryBlock(d, true, func(args []string) error {
		if len(args) == 1 && (args[0] == "hostnames" || args[0] == "volatile") {
			return nil
		}
		if len(args) != 2 {
			return emergf("invalid number of the map parameters")
		}
		return nil
	})
}

func setGeo(p *parser, d *Directive) error {
	if err := p.declareVarArg(d.Args[len(d.Args)-1]); err != nil {
		return err
	}
	return p.entryBlock(d, true, func(args []string) error {
		if len(args) == 1 && (args[0] == "ranges" || args[0] == "proxy_recursive") {
			return nil
		}
		if len(args) != 2 {
			return emergf("invalid number of the geo parameters")
		}
		return nil
	})
}

func setSplitClients(p *parser, d *Directive) error {
	if _, err := p.compileValue(d.Args[0]); err != nil {
		return err
	}
	if err := p.declareVarArg(d.Args[1]); err != nil {
		return err
	}
	return p.entryBlock(d, false, func([]string) error { return nil })
}

// setLoadModule refuses a module loaded twice; gresty does not load the
// file (its ngx_lua is built in), it only keeps the path.
func setLoadModule(p *parser, d *Directive) error {
	name := d.Args[0]
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSuffix(name, ".so")
	key := "load_module:" + name
	if p.sc.seen[key] {
		return emergf(`module "%s" is already loaded`, name)
	}
	p.sc.seen[key] = true
	return nil
}

func setDeclareFirst(p *parser, d *Directive) error {
	if err := p.declareVarArg(d.Args[0]); err != nil {
		return err
	}
	_, err := p.compileValue(d.Args[1])
	return err
}

// setUpstreamServer checks a server line of an upstream block as
// ngx_http_upstream_server does: the parameters, then the address.
func setUpstreamServer(p *parser, d *Directive) error {
	for _, a := range d.Args[1:] {
		ok := true
		switch {
		case strings.HasPrefix(a, "weight="):
			n := atoi(a[7:])
			ok = n > 0
		case strings.HasPrefix(a, "max_conns="), strings.HasPrefix(a, "max_fails="):
			ok = atoi(a[10:]) >= 0
		case strings.HasPrefix(a, "fail_timeout="):
			_, ok = ParseSec(a[13:])
		case a == "backup" || a == "down":
		default:
			ok = false
		}
		if !ok {
			return emergf(`invalid parameter "%s"`, a)
		}
	}
	addr := d.Args[0]
	if strings.HasPrefix(addr, "unix:") {
		if addr == "unix:" {
			return emergf(`no path in the unix domain socket in upstream "%s"`, addr)
		}
		return nil
	}
	if msg := checkResolverAddr(addr); msg != "" {
		return emergf(`%s in upstream "%s"`, msg, addr)
	}
	return nil
}

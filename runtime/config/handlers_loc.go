package config

import (
	"strings"
)

// setRoot is root and alias, which share one setting.
func setRoot(p *parser, d *Directive) error {
	alias := d.Name == "alias"
	prev := ""
	switch {
	case p.sc.seen["root:set"]:
		prev = "root"
	case p.sc.seen["alias:set"]:
		prev = "alias"
	}
	if prev == d.Name {
		return emergf(`"%s" directive is duplicate`, d.Name)
	}
	if prev != "" {
		return emergf(`"%s" directive is duplicate, "%s" directive was specified earlier`, d.Name, prev)
	}
	p.sc.seen[d.Name+":set"] = true
	if alias && p.sc.loc.Kind == LocNamed {
		return emergf(`the "alias" directive cannot be used inside the named location`)
	}
	v := d.Args[0]
	for _, bad := range []string{"document_root", "realpath_root"} {
		if strings.Contains(v, "$"+bad) || strings.Contains(v, "${"+bad+"}") {
			return emergf(`the $%s variable cannot be used in the "%s" directive`, bad, d.Name)
		}
	}
	_, err := p.compileValue(v)
	return err
}

// rootValue is the root or alias value as nginx stores it: a root's
// trailing "/" dropped, and the path rebased on the prefix unless it
// starts with a variable.
func rootValue(prefix string, d *Directive) *ComplexValue {
	v := d.Args[0]
	if d.Name == "root" && strings.HasSuffix(v, "/") {
		v = v[:len(v)-1]
	}
	if !strings.HasPrefix(v, "$") {
		v = rebasePath(prefix, v)
	}
	return mustComplex(v)
}

func setIndex(p *parser, d *Directive) error {
	for i, v := range d.Args {
		if strings.HasPrefix(v, "/") && i != len(d.Args)-1 {
			p.warn(LevelWarn, `only the last index in "index" directive should be absolute`)
		}
		if v == "" {
			return emergf(`index "%s" in "index" directive is invalid`, d.Args[0])
		}
		if _, err := p.compileValue(v); err != nil {
			return err
		}
	}
	return nil
}

// setTypes reads a types block; its lines map a MIME type to extensions.
func setTypes(p *parser, d *Directive) error {
	types := p.sc.loc.ownTypes
	if types == nil {
		types = map[string]string{}
		p.sc.loc.ownTypes = types
	}
	child := &scope{ctx: p.sc.ctx, block: &Block{}, seen: map[string]bool{}, http: p.sc.http, srv: p.sc.srv, loc: p.sc.loc}
	child.entries = func(args []string) error {
		d.Entries = append(d.Entries, args)
		if args[0] == "include" {
			if len(args) != 2 {
				return emergf(`invalid number of arguments in "include" directive`)
			}
			return setInclude(p, &Directive{Name: "include", Args: args[1:]})
		}
		for _, ext := range args[1:] {
			ext = strings.ToLower(ext)
			if old, dup := types[ext]; dup {
				p.warn(LevelWarn, `duplicate extension "%s", content type: "%s", previous content type: "%s"`, ext, args[0], old)
			}
			types[ext] = args[0]
		}
		return nil
	}
	return p.parseChild(child)
}

func setErrorPage(p *parser, d *Directive) error {
	args := d.Args
	i := len(args) - 2
	n := 1
	if strings.HasPrefix(args[i], "=") {
		if i == 0 {
			return emergf(`invalid value "%s"`, args[i])
		}
		if len(args[i]) > 1 && atoi(args[i][1:]) < 0 {
			return emergf(`invalid value "%s"`, args[i])
		}
		n = 2
	}
	if _, err := p.compileValue(args[len(args)-1]); err != nil {
		return err
	}
	for _, c := range args[:len(args)-n] {
		st := atoi(c)
		if st < 0 || st == 499 {
			return emergf(`invalid value "%s"`, c)
		}
		if st < 300 || st > 599 {
			return emergf(`value "%s" must be between 300 and 599`, c)
		}
	}
	return nil
}

// errorPages builds the entries of error_page directives.
func errorPages(ds []*Directive) []ErrorPage {
	var out []ErrorPage
	for _, d := range ds {
		args := d.Args
		overwrite, n := -1, 1
		if w := args[len(args)-2]; strings.HasPrefix(w, "=") {
			overwrite, n = 0, 2
			if len(w) > 1 {
				overwrite = int(atoi(w[1:]))
			}
		}
		uri := mustComplex(args[len(args)-1])
		for _, c := range args[:len(args)-n] {
			st := int(atoi(c))
			ow := overwrite
			if ow == -1 {
				switch st {
				case 497, 495, 496, 494:
					// nginx's own codes for TLS and header errors
					// are answered as 400
					ow = 400
				}
			}
			out = append(out, ErrorPage{Status: st, Overwrite: ow, URI: uri})
		}
	}
	return out
}

func setAddHeader(p *parser, d *Directive) error {
	if d.Args[1] != "" {
		if _, err := p.compileValue(d.Args[1]); err != nil {
			return err
		}
	}
	if len(d.Args) == 3 && d.Args[2] != "always" {
		return emergf(`invalid parameter "%s"`, d.Args[2])
	}
	return nil
}

func addHeaders(ds []*Directive) []Header {
	var out []Header
	for _, d := range ds {
		out = append(out, Header{Name: d.Args[0], Value: mustComplex(d.Args[1]), Always: len(d.Args) == 3})
	}
	return out
}

func setKeepaliveTimeout(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	if _, ok := ParseMsec(d.Args[0]); !ok {
		return directiveError("invalid value")
	}
	if len(d.Args) == 2 {
		if _, ok := ParseSec(d.Args[1]); !ok {
			return directiveError("invalid value")
		}
	}
	return nil
}

func setLargeBuffers(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	if n := atoi(d.Args[0]); n <= 0 {
		return directiveError("invalid value")
	}
	if n, ok := ParseSize(d.Args[1]); !ok || n == 0 {
		return directiveError("invalid value")
	}
	return nil
}

// setExpires is the expires directive: [modified] time|epoch|max|off, a
// time possibly signed or, with "@", a time of day.
func setExpires(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	v := d.Args[0]
	modified := false
	if len(d.Args) == 2 {
		if v != "modified" {
			return directiveError("invalid value")
		}
		modified, v = true, d.Args[1]
	}
	cv, err := p.compileValue(v)
	if err != nil || !cv.Static() {
		return err
	}
	switch v {
	case "epoch", "max", "off":
		return nil
	}
	daily := false
	switch {
	case strings.HasPrefix(v, "@"):
		if modified {
			return directiveError(`daily time cannot be used with "modified" parameter`)
		}
		daily, v = true, v[1:]
	case strings.HasPrefix(v, "+"), strings.HasPrefix(v, "-"):
		v = v[1:]
	}
	sec, ok := ParseSec(v)
	if !ok {
		return directiveError("invalid value")
	}
	if daily && sec > 24*60*60 {
		return directiveError("daily time value must be less than 24 hours")
	}
	return nil
}

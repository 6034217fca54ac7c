package config

import (
	"errors"
	"fmt"
	"os"
)

// setFunc is a built-in directive handler: it turns the directive into the
// typed model, reporting errors as nginx's handlers do.
type setFunc func(p *parser, d *Directive) error

// parseKind is how a text is being parsed, as ngx_conf_parse's types.
type parseKind int

const (
	parseFile  parseKind = iota // a whole file (the main file or an include)
	parseBlock                  // the inside of { ... }
	parseParam                  // the -g string
)

// scope is the block being parsed: its context, the model block its
// directives are recorded in, and the typed objects its directives set.
type scope struct {
	ctx   Context
	block *Block
	// seen records the directives (or shared slots) already set in this
	// block, for nginx's "is duplicate".
	seen map[string]bool
	// entries, when set, receives each line of an entry block (nginx's
	// cf->handler) instead of directive dispatch.
	entries func(args []string) error

	http *HTTP
	srv  *Server
	loc  *Location
	ups  *Upstream
	// script is where rewrite-module statements of this block go.
	script *Script
}

// parser reads a configuration and builds the model as it goes, so that
// errors come in the order nginx reports them.
type parser struct {
	opts  Options
	cfg   *Config
	specs map[string][]*DirectiveSpec
	src   *source
	sc    *scope
	// dumped records the files already listed in cfg.Files.
	dumped map[string]bool
	// vars tracks variable declarations and uses for nginx's
	// "unknown variable" check.
	vars *varTable
	// luaHandlers are the handlers built from *_by_lua* directives, for
	// resolving the ones settings inherit.
	luaHandlers map[*Directive]*LuaHandler
	// lastChild is the block parseChild read last, which becomes the
	// Block of the directive that opened it.
	lastChild *Block
}

// parse reads directives from p.src until the end of the block or text.
func (p *parser) parse(kind parseKind) error {
	for {
		args, end, err := p.src.readToken()
		if err != nil {
			return err
		}
		switch end {
		case tokenBlockDone:
			if kind != parseBlock {
				return p.src.fail(`unexpected "}"`)
			}
			return nil
		case tokenFileDone:
			if kind == parseBlock {
				return p.src.fail(`unexpected end of file, expecting "}"`)
			}
			return nil
		case tokenBlockStart:
			if kind == parseParam {
				return p.src.fail("block directives are not supported in -g option")
			}
		}
		if p.sc.entries != nil {
			if end == tokenBlockStart {
				return p.src.fail(`unexpected "{"`)
			}
			if err := p.sc.entries(args); err != nil {
				return p.wrap(err, "", true)
			}
			continue
		}
		if err := p.handle(args, end); err != nil {
			return err
		}
	}
}

// handle dispatches one directive as ngx_conf_handler does: find a spec for
// the name that is allowed in this context, check the terminator and the
// argument count, then run it.
func (p *parser) handle(args []string, end tokenEnd) error {
	d := &Directive{
		Name:     args[0],
		Args:     args[1:],
		File:     p.src.name,
		Line:     p.src.line,
		HasBlock: end == tokenBlockStart,
	}
	specs := p.specs[d.Name]
	if len(specs) == 0 {
		return p.src.fail(fmt.Sprintf(`unknown directive "%s"`, d.Name))
	}
	for _, spec := range specs {
		if spec.Contexts&p.sc.ctx == 0 {
			continue
		}
		if spec.Block == NoBlock && end != tokenStatement {
			return p.src.fail(fmt.Sprintf(`directive "%s" is not terminated by ";"`, d.Name))
		}
		if spec.Block != NoBlock && end != tokenBlockStart {
			return p.src.fail(fmt.Sprintf(`directive "%s" has no opening "{"`, d.Name))
		}
		if !spec.Args.accepts(len(d.Args)) {
			return p.src.fail(fmt.Sprintf(`invalid number of arguments in "%s" directive`, d.Name))
		}
		return p.run(spec, d)
	}
	return p.src.fail(fmt.Sprintf(`"%s" directive is not allowed here`, d.Name))
}

func (p *parser) run(spec *DirectiveSpec, d *Directive) error {
	bare := false
	if spec.Block == LuaBlock {
		d.LuaLine = p.src.line
		code, err := p.src.readLuaBlock()
		if err != nil {
			return err
		}
		d.Args = append(d.Args, code)
		// ngx_lua logs its handler's message without the directive name
		// when the code came from a block
		bare = true
	}
	p.sc.block.Directives = append(p.sc.block.Directives, d)
	var err error
	if spec.set != nil {
		err = spec.set(p, d)
	} else {
		err = p.generic(spec, d)
	}
	if err != nil {
		return p.wrap(err, d.Name, bare)
	}
	if spec.Block == DirectiveBlock && d.Block == nil && p.lastChild != nil {
		d.Block = p.lastChild.Directives
	}
	return nil
}

// generic applies the slot-style checks nginx makes for directives gresty
// keeps without giving them a typed meaning, then the spec's own Check.
func (p *parser) generic(spec *DirectiveSpec, d *Directive) error {
	if spec.Once {
		if err := p.once(d.Name); err != nil {
			return err
		}
	}
	if spec.Value != ValueNone && len(d.Args) > 0 {
		if err := checkValue(spec.Value, d); err != nil {
			return err
		}
	}
	if spec.Block == DirectiveBlock || spec.Block == EntryBlock {
		if err := p.skipBlock(d); err != nil {
			return err
		}
	}
	if spec.Check != nil {
		if err := spec.Check(d); err != nil {
			return &logged{level: LevelEmerg, msg: err.Error(), err: err}
		}
	}
	return nil
}

// checkValue validates a slot-style value as nginx's slot functions do.
func checkValue(kind ValueKind, d *Directive) error {
	v := d.Args[0]
	ok := true
	switch kind {
	case ValueFlag:
		if _, fok := parseFlag(v); !fok {
			return emergf(`invalid value "%s" in "%s" directive, it must be "on" or "off"`, v, d.Name)
		}
	case ValueSize:
		_, ok = ParseSize(v)
	case ValueOffset:
		_, ok = ParseOffset(v)
	case ValueMsec:
		_, ok = ParseMsec(v)
	case ValueSec:
		_, ok = ParseSec(v)
	case ValueNumber:
		if atoi(v) < 0 {
			return directiveError("invalid number")
		}
	}
	if !ok {
		return directiveError("invalid value")
	}
	return nil
}

// skipBlock records the block of a directive gresty keeps without meaning,
// as directives (a directive block) or lines (an entry block).
func (p *parser) skipBlock(d *Directive) error {
	spec := p.specFor(d.Name)
	child := &scope{block: &Block{}, seen: map[string]bool{}, ctx: p.sc.ctx}
	if spec != nil && spec.Block == EntryBlock {
		child.entries = func(args []string) error {
			d.Entries = append(d.Entries, args)
			return nil
		}
	}
	if err := p.parseChild(child); err != nil {
		return err
	}
	d.Block = child.block.Directives
	return nil
}

// specFor returns the spec of name allowed in the current context.
func (p *parser) specFor(name string) *DirectiveSpec {
	for _, s := range p.specs[name] {
		if s.Contexts&p.sc.ctx != 0 {
			return s
		}
	}
	return nil
}

// parseChild parses a { ... } block in the given scope.
func (p *parser) parseChild(child *scope) error {
	saved := p.sc
	p.sc = child
	err := p.parse(parseBlock)
	p.sc = saved
	p.lastChild = child.block
	return err
}

// once reports "is duplicate" the second time key is set in this block.
func (p *parser) once(key string) error {
	if p.sc.seen[key] {
		return directiveError("is duplicate")
	}
	p.sc.seen[key] = true
	return nil
}

// wrap positions a handler's error where the reader is, formatting it as
// ngx_conf_handler does.
func (p *parser) wrap(err error, name string, bare bool) error {
	var (
		e  *Error
		de directiveError
		l  *logged
	)
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &de):
		msg := string(de)
		if !bare {
			msg = fmt.Sprintf(`"%s" directive %s`, name, de)
		}
		return &Error{Diagnostic: p.src.diag(LevelEmerg, msg)}
	case errors.As(err, &l):
		return &Error{Diagnostic: p.src.diag(l.level, l.msg), Err: l.err}
	}
	return &Error{Diagnostic: p.src.diag(LevelEmerg, err.Error()), Err: err}
}

// warn records a warning positioned where the reader is.
func (p *parser) warn(level Level, format string, args ...any) {
	p.cfg.Warnings = append(p.cfg.Warnings, p.src.diag(level, fmt.Sprintf(format, args...)))
}

// readFile reads a configuration file and records it for Dump.
func (p *parser) readFile(name string) (*source, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if !p.dumped[name] {
		p.dumped[name] = true
		p.cfg.Files = append(p.cfg.Files, File{Name: name, Content: data})
	}
	return newFileSource(name, data), nil
}

// parseFile parses a whole file in the current scope, as an include does.
func (p *parser) parseFile(name string) error {
	src, err := p.readFile(name)
	if err != nil {
		return emergf(`open() "%s" failed (%s)`, name, errnoText(err))
	}
	saved := p.src
	p.src = src
	err = p.parse(parseFile)
	p.src = saved
	return err
}

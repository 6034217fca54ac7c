package ffi

// The preprocessor lines LuaJIT's C parser understands: #line and
// "# 123" to renumber lines, #pragma pack to change struct packing; other
// pragmas are ignored.

// hashLine handles "#line", "# 123" and "#pragma" lines.
func (p *cparser) hashLine() {
	hashline := p.line
	tok := p.next()
	switch {
	case tok == tokInteger:
		p.lineDirective(hashline)
	case tok == tokIdent && p.str == "line":
		if p.next() != tokInteger {
			p.expected(tok)
		}
		p.lineDirective(hashline)
	case tok == tokIdent && p.str == "pragma":
		p.pragma(hashline)
	default:
		p.fail(p.tok, "unexpected symbol")
	}
}

func (p *cparser) lineDirective(hashline int) {
	newline := int(p.ival)
	for p.tok != tokEOF && p.line == hashline {
		p.next()
	}
	p.line = newline
}

// pragma handles #pragma pack(push|pop|n); other pragmas are skipped.
func (p *cparser) pragma(hashline int) {
	p.next()
	if p.tok == tokIdent && p.str == "pack" {
		p.next()
		p.check('(')
		cur := len(p.pack) - 1
		if p.tok == tokIdent {
			switch p.str {
			case "push":
				if cur < 7 {
					p.pack = append(p.pack, p.pack[cur])
				}
			case "pop":
				if cur > 0 {
					p.pack = p.pack[:cur]
				}
			default:
				p.fail(p.tok, "unexpected symbol")
			}
			p.next()
			if !p.opt(',') {
				p.check(')')
				return
			}
		}
		cur = len(p.pack) - 1
		if p.tok == tokInteger {
			if p.ival != 0 {
				p.pack[cur] = uint8(fls(p.ival))
			} else {
				p.pack[cur] = 0
			}
			p.next()
		} else {
			p.pack[cur] = 255
		}
		p.check(')')
		return
	}
	for p.tok != tokEOF && p.line == hashline {
		p.next()
	}
}

package config

import "strings"

// setEnum checks a one-of-a-list value as ngx_conf_set_enum_slot does:
// once per block, compared case-insensitively.
func setEnum(values ...string) setFunc {
	return func(p *parser, d *Directive) error {
		if err := p.once(d.Name); err != nil {
			return err
		}
		for _, v := range values {
			if strings.EqualFold(v, d.Args[0]) {
				return nil
			}
		}
		return emergf(`invalid value "%s"`, d.Args[0])
	}
}

// setBitmask checks a list of flags as ngx_conf_set_bitmask_slot does.
func setBitmask(values ...string) setFunc {
	return func(p *parser, d *Directive) error {
		if err := p.once(d.Name); err != nil {
			return err
		}
	next:
		for _, a := range d.Args {
			for _, v := range values {
				if strings.EqualFold(v, a) {
					continue next
				}
			}
			return emergf(`invalid value "%s"`, a)
		}
		return nil
	}
}

// enumOf returns the lower-case value of an enum directive in effect.
func enumOf(b *Block, name, def string) string {
	if d := b.Lookup(name); d != nil {
		return strings.ToLower(d.Args[0])
	}
	return def
}

// setOffOr checks a directive whose value is "off" (or one of the extra
// words) or else a value of the given kind.
func setOffOr(kind ValueKind, words ...string) setFunc {
	return func(p *parser, d *Directive) error {
		if err := p.once(d.Name); err != nil {
			return err
		}
		if d.Args[0] == "off" {
			return nil
		}
		for _, w := range words {
			if d.Args[0] == w {
				return nil
			}
		}
		return checkValue(kind, d)
	}
}

// setSignedNumber checks a number with an optional sign (worker_priority).
func setSignedNumber(p *parser, d *Directive) error {
	if err := p.once(d.Name); err != nil {
		return err
	}
	v := d.Args[0]
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") {
		v = v[1:]
	}
	if atoi(v) < 0 {
		return directiveError("invalid number")
	}
	return nil
}

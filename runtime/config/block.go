package config

// Block is the directives written in one configuration block (the main
// level, http, a server, a location, an if), linked to the block its
// settings are inherited from. Every directive is kept, including those
// gresty gives no effect, so the engine can read any of them with nginx's
// inheritance.
type Block struct {
	// Directives are the block's own directives in order, with included
	// files flattened in place.
	Directives []*Directive
	// Parent is the block this one inherits from: a location's enclosing
	// location or server, a server's http block; nil at the top.
	Parent *Block
}

// Own returns the block's own directives named name, in order.
func (b *Block) Own(name string) []*Directive {
	var out []*Directive
	for _, d := range b.Directives {
		if d.Name == name {
			out = append(out, d)
		}
	}
	return out
}

// Has reports whether the block itself contains a directive named name.
func (b *Block) Has(name string) bool {
	for _, d := range b.Directives {
		if d.Name == name {
			return true
		}
	}
	return false
}

// Lookup returns the directive named name from this block or, when the
// block has none, from the nearest enclosing block that has one: nginx's
// merge rule for single-valued settings. It returns nil when no block sets
// it.
func (b *Block) Lookup(name string) *Directive {
	for x := b; x != nil; x = x.Parent {
		for _, d := range x.Directives {
			if d.Name == name {
				return d
			}
		}
	}
	return nil
}

// LookupAll returns every directive named name of the nearest block that
// has at least one: nginx's merge rule for list settings such as add_header
// or error_page, where a block's own list replaces the inherited one.
func (b *Block) LookupAll(name string) []*Directive {
	for x := b; x != nil; x = x.Parent {
		if own := x.Own(name); len(own) > 0 {
			return own
		}
	}
	return nil
}

// lookupAny returns the nearest directive whose name is one of names; it
// serves settings two directives share (root and alias).
func (b *Block) lookupAny(names ...string) *Directive {
	for x := b; x != nil; x = x.Parent {
		for _, d := range x.Directives {
			for _, n := range names {
				if d.Name == n {
					return d
				}
			}
		}
	}
	return nil
}

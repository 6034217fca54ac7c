package config

import (
	"fmt"
	"sync"
)

var (
	registryMu sync.RWMutex
	registered []DirectiveSpec

	builtinOnce  sync.Once
	builtinSpecs map[string][]*DirectiveSpec
)

// RegisterDirective adds a directive for every later Load, so that the
// engine can give gresty its own directives (a "lua_request_globals on"
// say). The spec needs a name, contexts and argument counts; the value
// checks (Value, Once, Check) are applied as for nginx's own directives,
// and the directive is kept in its block for Block.Lookup. Built-in names
// cannot be redefined.
func RegisterDirective(spec DirectiveSpec) error {
	if err := validSpec(spec); err != nil {
		return err
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	for _, s := range registered {
		if s.Name == spec.Name && s.Contexts&spec.Contexts != 0 {
			return fmt.Errorf("config: directive %q is already registered", spec.Name)
		}
	}
	spec.set = nil
	registered = append(registered, spec)
	return nil
}

func validSpec(spec DirectiveSpec) error {
	switch {
	case spec.Name == "":
		return fmt.Errorf("config: directive without a name")
	case spec.Contexts == 0:
		return fmt.Errorf("config: directive %q has no context", spec.Name)
	case spec.Args == 0:
		return fmt.Errorf("config: directive %q has no argument count", spec.Name)
	case spec.Block == LuaBlock:
		return fmt.Errorf("config: directive %q: Lua blocks are for ngx_lua's directives", spec.Name)
	}
	for _, s := range builtins()[spec.Name] {
		if s.Contexts&spec.Contexts != 0 {
			return fmt.Errorf("config: directive %q is built in", spec.Name)
		}
	}
	return nil
}

// builtins returns the built-in directives with their typed handlers.
func builtins() map[string][]*DirectiveSpec {
	builtinOnce.Do(func() {
		builtinSpecs = map[string][]*DirectiveSpec{}
		for i := range builtinDirectives {
			s := builtinDirectives[i]
			s.set = handlers[s.Name]
			if s.Name == "server" && s.Contexts == CtxUpstream {
				s.set = setUpstreamServer
			}
			builtinSpecs[s.Name] = append(builtinSpecs[s.Name], &s)
		}
	})
	return builtinSpecs
}

// directiveSpecs returns the directives known to one load.
func directiveSpecs(extra []DirectiveSpec) map[string][]*DirectiveSpec {
	m := map[string][]*DirectiveSpec{}
	for name, specs := range builtins() {
		m[name] = specs
	}
	registryMu.RLock()
	all := append(append([]DirectiveSpec(nil), registered...), extra...)
	registryMu.RUnlock()
	for i := range all {
		s := all[i]
		s.set = setFuncHandler(s.Name)
		m[s.Name] = append(append([]*DirectiveSpec(nil), m[s.Name]...), &s)
	}
	return m
}

package ngxshim

// SharedDictHost is implemented by hosts whose process has lua_shared_dict
// zones: the engine creates one SharedDicts per process (per configuration
// cycle) and returns it from every worker VM's host, so that all of them
// share the dicts. A Host without this method gets an empty ngx.shared.
type SharedDictHost interface {
	SharedDicts() *SharedDicts
}

// hostSharedDicts returns the shared dicts of h, nil when it has none.
func hostSharedDicts(h Host) *SharedDicts {
	if sh, ok := h.(SharedDictHost); ok {
		return sh.SharedDicts()
	}
	return nil
}

package ngxshim

import (
	"errors"
	"fmt"
	"sync"
)

// SharedDicts is the set of lua_shared_dict zones of a process. The engine
// creates it from the configuration and hands the same value to every
// worker VM (see SharedDictHost), so that ngx.shared.NAME is the same
// store in all of them. It is safe for concurrent use.
type SharedDicts struct {
	mu     sync.RWMutex
	byName map[string]*SharedDict
	order  []*SharedDict
}

// NewSharedDicts returns an empty set of shared dicts.
func NewSharedDicts() *SharedDicts {
	return &SharedDicts{byName: map[string]*SharedDict{}}
}

// ErrSlabNoMemory is what nginx reports, at crit level, when a zone is too
// small to hold even the dict's own bookkeeping; nginx then fails to start.
var ErrSlabNoMemory = errors.New("ngx_slab_alloc() failed: no memory")

// Add creates the zone name of size bytes, as a lua_shared_dict directive
// does. It fails when the name is taken (nginx's "is already defined"
// error) or when the zone cannot hold its own bookkeeping (ErrSlabNoMemory).
func (s *SharedDicts) Add(name string, size int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.byName[name]; ok {
		return fmt.Errorf("lua_shared_dict %q is already defined as %q", name, old.name)
	}
	d, err := newSharedDict(name, size)
	if err != nil {
		return err
	}
	s.byName[name] = d
	s.order = append(s.order, d)
	return nil
}

// KeepFrom moves into s, as nginx does across a configuration reload, the
// contents of every zone of old that s also declares with the same size.
func (s *SharedDicts) KeepFrom(old *SharedDicts) {
	if old == nil || old == s {
		return
	}
	old.mu.RLock()
	defer old.mu.RUnlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, d := range s.order {
		if prev, ok := old.byName[d.name]; ok && prev.size == d.size {
			s.order[i] = prev
			s.byName[d.name] = prev
		}
	}
}

// Get returns the zone called name, nil when there is none.
func (s *SharedDicts) Get(name string) *SharedDict {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.byName[name]
}

// All returns the zones in the order they were declared.
func (s *SharedDicts) All() []*SharedDict {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]*SharedDict(nil), s.order...)
}

// SharedDict is one lua_shared_dict zone: ngx_http_lua_shdict.c's
// red-black tree and LRU queue of entries, over a slab pool emulated page
// for page so that capacity, eviction and "no memory" match nginx.
type SharedDict struct {
	name string
	size int64

	mu    sync.Mutex
	pool  *slabPool
	items map[string]*shdictNode
	// lru is the sentinel of the LRU queue: lru.next is the most recently
	// used entry, lru.prev the least.
	lru shdictNode
}

// Name returns the zone's name.
func (d *SharedDict) Name() string { return d.name }

// Capacity returns the zone's size in bytes (shm:capacity()).
func (d *SharedDict) Capacity() int64 { return d.size }

// FreeSpace returns the bytes of the zone's free pages (shm:free_space()).
func (d *SharedDict) FreeSpace() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pool.freeBytes()
}

// The slab allocations ngx_http_lua_shdict_init_zone makes: the tree and
// queue heads (ngx_http_lua_shdict_shctx_t), and the zone's log context
// string ` in lua_shared_dict zone "NAME"` with its NUL.
const (
	shdictShctxSize  = 80
	shdictLogCtxSize = 28
)

func newSharedDict(name string, size int64) (*SharedDict, error) {
	pool := newSlabPool(size)
	if pool == nil {
		return nil, ErrSlabNoMemory
	}
	if _, ok := pool.alloc(shdictShctxSize); !ok {
		return nil, ErrSlabNoMemory
	}
	if _, ok := pool.alloc(shdictLogCtxSize + len(name)); !ok {
		return nil, ErrSlabNoMemory
	}
	d := &SharedDict{name: name, size: size, pool: pool, items: map[string]*shdictNode{}}
	d.lru.next = &d.lru
	d.lru.prev = &d.lru
	return d, nil
}

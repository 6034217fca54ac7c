package ngxshim

import "container/list"

// The operations of a shared dict, as ngx_http_lua_shdict.c performs them
// under the zone's mutex: every step that touches the LRU queue, expires
// entries or allocates from the slab pool is kept in nginx's order, because
// which entries survive depends on it. Times are milliseconds since the
// epoch of the worker's cached clock.

// The value types of an entry (ngx_http_lua_shdict.c's SHDICT_T*, which are
// Lua's type tags).
const (
	shdictTNil     = 0
	shdictTBoolean = 1
	shdictTNumber  = 3
	shdictTString  = 4
	shdictTList    = 5
)

// The store operations (NGX_HTTP_LUA_SHDICT_*).
const (
	shdictOpSet       = 0
	shdictOpAdd       = 1
	shdictOpReplace   = 2
	shdictOpSafeStore = 4
)

// The sizes of nginx's structures that the slab requests are made of.
const (
	// shdictNodeHeader is offsetof(ngx_rbtree_node_t, color) plus
	// offsetof(ngx_http_lua_shdict_node_t, data): key and value follow.
	shdictNodeHeader = 32 + 36
	// shdictListHead is the ngx_queue_t of a list entry, after its key.
	shdictListHead = 16
	// shdictListNodeHeader is offsetof(ngx_http_lua_shdict_list_node_t,
	// data).
	shdictListNodeHeader = 21
	shdictAlignment      = 8
)

// shdictValue is a stored scalar.
type shdictValue struct {
	typ uint8
	str string
	// num is the number, or 1/0 for a boolean.
	num float64
}

// size is the value's length in the zone.
func (v shdictValue) size() int {
	switch v.typ {
	case shdictTString:
		return len(v.str)
	case shdictTNumber:
		return 8
	case shdictTBoolean:
		return 1
	}
	return 0
}

// shdictNode is ngx_http_lua_shdict_node_t.
type shdictNode struct {
	key   string
	value shdictValue
	// valueLen is the value's size, or a list's number of elements.
	valueLen uint32
	expires  uint64
	flags    uint32
	addr     slabAddr
	// items holds a list's elements (shdictListItem) from left to right.
	items      *list.List
	prev, next *shdictNode
}

// shdictListItem is ngx_http_lua_shdict_list_node_t.
type shdictListItem struct {
	value shdictValue
	addr  slabAddr
}

// The results of a lookup (NGX_OK, NGX_DONE, NGX_DECLINED).
const (
	shdictFound = iota
	shdictExpired
	shdictMissing
)

func (d *SharedDict) lruRemove(n *shdictNode) {
	n.prev.next = n.next
	n.next.prev = n.prev
}

func (d *SharedDict) lruPushFront(n *shdictNode) {
	n.next = d.lru.next
	n.prev = &d.lru
	d.lru.next.prev = n
	d.lru.next = n
}

func (d *SharedDict) touch(n *shdictNode) {
	d.lruRemove(n)
	d.lruPushFront(n)
}

// lookup finds key, making it the most recently used entry; an entry whose
// expiry time has passed is reported as expired but left in place.
func (d *SharedDict) lookup(key string, now uint64) (*shdictNode, int) {
	n, ok := d.items[key]
	if !ok {
		return nil, shdictMissing
	}
	d.touch(n)
	if n.expires != 0 && int64(n.expires-now) < 0 {
		return n, shdictExpired
	}
	return n, shdictFound
}

// freeItems returns a list's elements to the pool.
func (d *SharedDict) freeItems(n *shdictNode) {
	if n.value.typ != shdictTList || n.items == nil {
		return
	}
	for e := n.items.Front(); e != nil; e = e.Next() {
		d.pool.free(e.Value.(*shdictListItem).addr)
	}
	n.items.Init()
}

// remove deletes an entry and frees its memory.
func (d *SharedDict) remove(n *shdictNode) {
	d.freeItems(n)
	d.lruRemove(n)
	delete(d.items, n.key)
	d.pool.free(n.addr)
}

// expire is ngx_http_lua_shdict_expire: from the least recently used end,
// it removes up to two entries whose time has come, after (force set)
// removing the least recently used entry whatever its expiry time.
func (d *SharedDict) expire(force bool, now uint64) int {
	freed := 0
	n := 1
	if force {
		n = 0
	}
	for ; n < 3; n++ {
		last := d.lru.prev
		if last == &d.lru {
			return freed
		}
		if n != 0 {
			if last.expires == 0 || int64(last.expires-now) > 0 {
				return freed
			}
		}
		d.remove(last)
		freed++
	}
	return freed
}

// allocEvicting allocates size bytes, evicting least recently used entries
// (up to 30 rounds of expire(force)) when the pool is full. forcible
// reports whether anything was evicted.
func (d *SharedDict) allocEvicting(size int, now uint64) (addr slabAddr, ok, forcible bool) {
	if addr, ok = d.pool.alloc(size); ok {
		return addr, true, false
	}
	for i := 0; i < 30; i++ {
		if d.expire(true, now) == 0 {
			break
		}
		forcible = true
		if addr, ok = d.pool.alloc(size); ok {
			return addr, true, true
		}
	}
	return 0, false, forcible
}

func expiryTime(exptime int64, now uint64) uint64 {
	if exptime > 0 {
		return now + uint64(exptime)
	}
	return 0
}

// store is ngx_http_lua_ffi_shdict_store: set, add, replace and their safe
// forms, and delete (set of nil). exptime is in milliseconds. It returns
// "" on success, else the error message, and whether it evicted entries.
func (d *SharedDict) store(op int, key string, v shdictValue, exptime int64, flags uint32, now uint64) (errmsg string, forcible bool) {
	if v.typ == shdictTNil && op&(shdictOpAdd|shdictOpReplace) != 0 {
		return "attempt to add or replace nil values", false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire(false, now)
	n, rc := d.lookup(key, now)
	switch {
	case op&shdictOpReplace != 0:
		if rc != shdictFound {
			return "not found", false
		}
		if d.replaceInPlace(n, v, exptime, flags, now) {
			return "", false
		}
		d.remove(n)
	case op&shdictOpAdd != 0:
		if rc == shdictFound {
			return "exists", false
		}
		if rc == shdictExpired {
			if d.replaceInPlace(n, v, exptime, flags, now) {
				return "", false
			}
			d.remove(n)
		}
	case rc != shdictMissing:
		if v.typ != shdictTNil && d.replaceInPlace(n, v, exptime, flags, now) {
			return "", false
		}
		d.remove(n)
	}
	if v.typ == shdictTNil {
		return "", false
	}
	size := shdictNodeHeader + len(key) + v.size()
	var addr slabAddr
	var ok bool
	if op&shdictOpSafeStore != 0 {
		if addr, ok = d.pool.alloc(size); !ok {
			return "no memory", false
		}
	} else if addr, ok, forcible = d.allocEvicting(size, now); !ok {
		return "no memory", forcible
	}
	n = &shdictNode{key: key, value: v, valueLen: uint32(v.size()), expires: expiryTime(exptime, now), flags: flags, addr: addr}
	d.items[key] = n
	d.lruPushFront(n)
	return "", forcible
}

// replaceInPlace overwrites an entry whose value has the same size, as
// nginx reuses the node then.
func (d *SharedDict) replaceInPlace(n *shdictNode, v shdictValue, exptime int64, flags uint32, now uint64) bool {
	if v.size() != int(n.valueLen) || n.value.typ == shdictTList {
		return false
	}
	d.touch(n)
	n.expires = expiryTime(exptime, now)
	n.flags = flags
	n.value = v
	return true
}

// get is ngx_http_lua_ffi_shdict_get. found is false for a missing key (or
// an expired one, unless stale is set); errmsg is set for a list.
func (d *SharedDict) get(key string, stale bool, now uint64) (v shdictValue, flags uint32, isStale, found bool, errmsg string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !stale {
		d.expire(false, now)
	}
	n, rc := d.lookup(key, now)
	if rc == shdictMissing || rc == shdictExpired && !stale {
		return shdictValue{}, 0, false, false, ""
	}
	if n.value.typ == shdictTList {
		return shdictValue{}, 0, false, false, "value is a list"
	}
	return n.value, n.flags, rc == shdictExpired, true, ""
}

// incr is ngx_http_lua_ffi_shdict_incr. With hasInit, a missing or
// expired key is created as init+delta with the initTTL expiry (ms).
func (d *SharedDict) incr(key string, delta float64, hasInit bool, init float64, initTTL int64, now uint64) (num float64, errmsg string, forcible bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire(false, now)
	n, rc := d.lookup(key, now)
	if rc == shdictFound {
		if n.value.typ != shdictTNumber || n.valueLen != 8 {
			return 0, "not a number", false
		}
		d.touch(n)
		n.value.num += delta
		return n.value.num, "", false
	}
	if !hasInit {
		return 0, "not found", false
	}
	num = delta + init
	if rc == shdictExpired {
		if n.valueLen == 8 && n.value.typ != shdictTList {
			d.touch(n)
			d.setNumber(n, num, initTTL, now)
			return num, "", false
		}
		d.remove(n)
	}
	addr, ok, forcible := d.allocEvicting(shdictNodeHeader+len(key)+8, now)
	if !ok {
		return 0, "no memory", forcible
	}
	n = &shdictNode{key: key, valueLen: 8, addr: addr}
	d.items[key] = n
	d.lruPushFront(n)
	d.setNumber(n, num, initTTL, now)
	return num, "", forcible
}

func (d *SharedDict) setNumber(n *shdictNode, num float64, ttl int64, now uint64) {
	n.flags = 0
	n.expires = expiryTime(ttl, now)
	n.value = shdictValue{typ: shdictTNumber, num: num}
}

// push is ngx_http_lua_shdict_push_helper: it returns the list's new
// length, or the error message; entryFailed tells that the memory for a
// new list itself was missing (nginx then returns false, not nil).
func (d *SharedDict) push(key string, v shdictValue, left bool, now uint64) (length uint32, errmsg string, entryFailed bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire(false, now)
	n, rc := d.lookup(key, now)
	switch rc {
	case shdictExpired:
		if n.value.typ != shdictTList {
			d.remove(n)
			n = nil
			break
		}
		// An expired list is emptied and reused.
		n.expires = 0
		n.valueLen = 0
		d.freeItems(n)
		d.touch(n)
	case shdictFound:
		if n.value.typ != shdictTList {
			return 0, "value not a list", false
		}
		d.touch(n)
	default:
		n = nil
	}
	if n == nil {
		size := (shdictNodeHeader + len(key) + shdictListHead + shdictAlignment - 1) &^ (shdictAlignment - 1)
		addr, ok := d.pool.alloc(size)
		if !ok {
			return 0, "no memory", true
		}
		n = &shdictNode{key: key, value: shdictValue{typ: shdictTList}, addr: addr, items: list.New()}
		d.items[key] = n
		d.lruPushFront(n)
	}
	addr, ok := d.pool.alloc(shdictListNodeHeader + v.size())
	if !ok {
		if n.valueLen == 0 {
			d.remove(n)
		}
		return 0, "no memory", false
	}
	n.valueLen++
	item := &shdictListItem{value: v, addr: addr}
	if left {
		n.items.PushFront(item)
	} else {
		n.items.PushBack(item)
	}
	return n.valueLen, "", false
}

// pop is ngx_http_lua_shdict_pop_helper; found is false for a missing or
// expired key.
func (d *SharedDict) pop(key string, left bool, now uint64) (v shdictValue, found bool, errmsg string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire(false, now)
	n, rc := d.lookup(key, now)
	if rc != shdictFound {
		return shdictValue{}, false, ""
	}
	if n.value.typ != shdictTList {
		return shdictValue{}, false, "value not a list"
	}
	e := n.items.Back()
	if left {
		e = n.items.Front()
	}
	item := n.items.Remove(e).(*shdictListItem)
	d.pool.free(item.addr)
	if n.valueLen == 1 {
		d.remove(n)
	} else {
		n.valueLen--
		d.touch(n)
	}
	return item.value, true, ""
}

// llen is ngx_http_lua_shdict_llen: 0 for a missing or expired key.
func (d *SharedDict) llen(key string, now uint64) (uint32, string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire(false, now)
	n, rc := d.lookup(key, now)
	if rc != shdictFound {
		return 0, ""
	}
	if n.value.typ != shdictTList {
		return 0, "value not a list"
	}
	d.touch(n)
	return n.valueLen, ""
}

// ttl is ngx_http_lua_ffi_shdict_get_ttl: milliseconds left (negative once
// passed, 0 for no expiry); it neither expires nor reorders entries.
func (d *SharedDict) ttl(key string, now uint64) (ms int64, found bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.items[key]
	if !ok {
		return 0, false
	}
	if n.expires == 0 {
		return 0, true
	}
	return int64(n.expires - now), true
}

// setExpire is ngx_http_lua_ffi_shdict_set_expire: exptime in ms, 0 or
// less removing the expiry.
func (d *SharedDict) setExpire(key string, exptime int64, now uint64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.items[key]
	if !ok {
		return false
	}
	n.expires = expiryTime(exptime, now)
	return true
}

// flushAll marks every entry expired and frees the least recently used
// ones as expire(force) does; the rest stay, stale, until reused or
// flushed.
func (d *SharedDict) flushAll(now uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for n := d.lru.next; n != &d.lru; n = n.next {
		n.expires = 1
	}
	d.expire(true, now)
}

// flushExpired frees expired entries from the least recently used end, at
// most attempts of them unless attempts is 0.
func (d *SharedDict) flushExpired(attempts int, now uint64) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	freed := 0
	for n := d.lru.prev; n != &d.lru; {
		prev := n.prev
		if n.expires != 0 && n.expires <= now {
			d.remove(n)
			freed++
			if attempts != 0 && freed == attempts {
				break
			}
		}
		n = prev
	}
	return freed
}

// keys lists unexpired keys from the least recently used, at most attempts
// of them unless attempts is 0.
func (d *SharedDict) keys(attempts int, now uint64) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var keys []string
	for n := d.lru.prev; n != &d.lru; n = n.prev {
		if n.expires == 0 || n.expires > now {
			keys = append(keys, n.key)
			if attempts != 0 && len(keys) == attempts {
				break
			}
		}
	}
	return keys
}

package ngxshim

// An emulation of nginx's slab allocator (src/core/ngx_slab.c, nginx 1.22
// on x86-64 Linux) for the accounting of lua_shared_dict zones. No memory
// is handed out: the pool keeps the page descriptors, the per-size free
// lists and the in-page bitmaps exactly as nginx does, so that an
// allocation fails, and a shared dict starts evicting, exactly when it does
// in nginx, and free_space reports the same number of free pages.

const (
	slabPageShift = 12
	slabPageSize  = 1 << slabPageShift
	// slabMinShift is the smallest chunk, 8 bytes (ngx_init_zone_pool).
	slabMinShift = 3
	// slabExactShift is the chunk size whose page bitmap fits the page
	// descriptor's one word: 4096 / 64 bits = 64 bytes.
	slabExactShift = 6
	// slabMaxSize is the largest chunk size; bigger requests take pages.
	slabMaxSize = slabPageSize / 2
	slabSlots   = slabPageShift - slabMinShift

	// The sizes laid out before the pages in the zone: ngx_slab_pool_t,
	// the slot list heads (ngx_slab_page_t) and the slot statistics
	// (ngx_slab_stat_t), each page's descriptor.
	slabPoolHeaderSize = 200
	slabPageDescSize   = 24
	slabStatSize       = 32

	slabBusy      = ^uint64(0)
	slabPageStart = uint64(1) << 63
	slabMapShift  = 32
	slabMapMask   = uint64(0xffffffff) << slabMapShift
	slabShiftMask = uint64(0xf)
)

// The page types nginx keeps in the low bits of a descriptor's prev link.
const (
	slabTypePage = iota
	slabTypeBig
	slabTypeExact
	slabTypeSmall
)

// slabPage is ngx_slab_page_t: a page descriptor, or a list head. prev and
// typ together are nginx's tagged prev word (nil with typ set is a bare
// type, as for a full chunk page or a busy page).
type slabPage struct {
	slab  uint64
	next  *slabPage
	prev  *slabPage
	typ   int
	index int
	// bitmap is the chunk bitmap nginx stores at the start of a page of
	// chunks smaller than slabExactShift.
	bitmap []uint64
}

// slabPool is ngx_slab_pool_t for one zone.
type slabPool struct {
	pages    []slabPage
	freeList slabPage
	slots    [slabSlots]slabPage
	pfree    int
}

// newSlabPool lays out a zone of size bytes as ngx_slab_init does. It
// returns nil when no page fits.
func newSlabPool(size int64) *slabPool {
	rest := size - slabPoolHeaderSize - slabSlots*(slabPageDescSize+slabStatSize)
	if rest <= 0 {
		return nil
	}
	pages := rest / (slabPageSize + slabPageDescSize)
	// The pages start at the first page boundary after the descriptors
	// (the zone itself is page-aligned); alignment can cost the last page.
	descEnd := int64(slabPoolHeaderSize+slabSlots*(slabPageDescSize+slabStatSize)) + pages*slabPageDescSize
	start := (descEnd + slabPageSize - 1) &^ (slabPageSize - 1)
	if fit := (size - start) / slabPageSize; pages > fit {
		pages = fit
	}
	if pages <= 0 {
		return nil
	}
	p := &slabPool{pages: make([]slabPage, pages), pfree: int(pages)}
	for i := range p.slots {
		p.slots[i].next = &p.slots[i]
	}
	for i := range p.pages {
		p.pages[i].index = i
	}
	first := &p.pages[0]
	first.slab = uint64(pages)
	first.next = &p.freeList
	first.prev = &p.freeList
	p.freeList.next = first
	return p
}

// slabAddr identifies an allocation: page index and offset in the page.
type slabAddr int

func (p *slabPool) addr(page *slabPage, offset int) slabAddr {
	return slabAddr(page.index<<slabPageShift | offset)
}

// alloc is ngx_slab_alloc_locked; ok is false when nginx returns NULL.
func (p *slabPool) alloc(size int) (slabAddr, bool) {
	if size > slabMaxSize {
		n := size >> slabPageShift
		if size%slabPageSize != 0 {
			n++
		}
		page := p.allocPages(n)
		if page == nil {
			return 0, false
		}
		return p.addr(page, 0), true
	}
	shift := slabMinShift
	if size > 1<<slabMinShift {
		shift = 1
		for s := size - 1; s > 1; s >>= 1 {
			shift++
		}
	}
	slot := &p.slots[shift-slabMinShift]
	if page := slot.next; page.next != page {
		if a, ok := p.allocChunk(page, shift); ok {
			return a, true
		}
	}
	page := p.allocPages(1)
	if page == nil {
		return 0, false
	}
	page.next = slot
	page.prev = slot
	slot.next = page
	switch {
	case shift < slabExactShift:
		reserved := bitmapChunks(shift)
		words := (slabPageSize >> shift) / 64
		page.bitmap = make([]uint64, words)
		i := 0
		for ; i < (reserved+1)/64; i++ {
			page.bitmap[i] = slabBusy
		}
		page.bitmap[i] = uint64(1)<<((reserved+1)%64) - 1
		page.slab = uint64(shift)
		page.typ = slabTypeSmall
		return p.addr(page, reserved<<shift), true
	case shift == slabExactShift:
		page.slab = 1
		page.typ = slabTypeExact
	default:
		page.slab = uint64(1)<<slabMapShift | uint64(shift)
		page.typ = slabTypeBig
	}
	return p.addr(page, 0), true
}

// bitmapChunks is how many chunks at the start of a page of small chunks
// hold its bitmap.
func bitmapChunks(shift int) int {
	n := (slabPageSize >> shift) / ((1 << shift) * 8)
	if n == 0 {
		n = 1
	}
	return n
}

// allocChunk takes a free chunk from page, the head of its slot's list,
// which nginx keeps free of full pages; a page that fills up leaves the
// list.
func (p *slabPool) allocChunk(page *slabPage, shift int) (slabAddr, bool) {
	switch {
	case shift < slabExactShift:
		for n, word := range page.bitmap {
			if word == slabBusy {
				continue
			}
			i := 0
			for word&(1<<i) != 0 {
				i++
			}
			page.bitmap[n] |= 1 << i
			a := p.addr(page, (n*64+i)<<shift)
			if page.bitmap[n] == slabBusy {
				full := true
				for _, w := range page.bitmap[n+1:] {
					if w != slabBusy {
						full = false
						break
					}
				}
				if full {
					p.unlinkFull(page)
				}
			}
			return a, true
		}
	case shift == slabExactShift:
		if page.slab != slabBusy {
			i := 0
			for page.slab&(1<<i) != 0 {
				i++
			}
			page.slab |= 1 << i
			if page.slab == slabBusy {
				p.unlinkFull(page)
			}
			return p.addr(page, i<<shift), true
		}
	default:
		mask := (uint64(1)<<(slabPageSize>>shift) - 1) << slabMapShift
		for i := 0; (uint64(1)<<(slabMapShift+i))&mask != 0; i++ {
			m := uint64(1) << (slabMapShift + i)
			if page.slab&m != 0 {
				continue
			}
			page.slab |= m
			if page.slab&slabMapMask == mask {
				p.unlinkFull(page)
			}
			return p.addr(page, i<<shift), true
		}
	}
	// nginx logs "ngx_slab_alloc(): page is busy" and takes a new page.
	return 0, false
}

// unlinkFull takes a full chunk page off its slot list.
func (p *slabPool) unlinkFull(page *slabPage) {
	page.prev.next = page.next
	page.next.prev = page.prev
	page.next = nil
	page.prev = nil
}

// relinkChunkPage puts a chunk page that was full back at the head of its
// slot's list.
func (p *slabPool) relinkChunkPage(page *slabPage, shift int) {
	if page.next != nil {
		return
	}
	slot := &p.slots[shift-slabMinShift]
	page.next = slot.next
	slot.next = page
	page.prev = slot
	page.next.prev = page
}

// free is ngx_slab_free_locked.
func (p *slabPool) free(a slabAddr) {
	page := &p.pages[int(a)>>slabPageShift]
	offset := int(a) & (slabPageSize - 1)
	switch page.typ {
	case slabTypeSmall:
		shift := int(page.slab & slabShiftMask)
		n := offset >> shift
		m := uint64(1) << (n % 64)
		n /= 64
		if page.bitmap[n]&m == 0 {
			return
		}
		p.relinkChunkPage(page, shift)
		page.bitmap[n] &^= m
		reserved := bitmapChunks(shift)
		i := reserved / 64
		if page.bitmap[i]&^(uint64(1)<<(reserved%64)-1) != 0 {
			return
		}
		for _, w := range page.bitmap[i+1:] {
			if w != 0 {
				return
			}
		}
		page.bitmap = nil
		p.freePages(page, 1)
	case slabTypeExact:
		m := uint64(1) << (offset >> slabExactShift)
		if page.slab&m == 0 {
			return
		}
		if page.slab == slabBusy {
			p.relinkChunkPage(page, slabExactShift)
		}
		page.slab &^= m
		if page.slab != 0 {
			return
		}
		p.freePages(page, 1)
	case slabTypeBig:
		shift := int(page.slab & slabShiftMask)
		m := uint64(1) << ((offset >> shift) + slabMapShift)
		if page.slab&m == 0 {
			return
		}
		p.relinkChunkPage(page, shift)
		page.slab &^= m
		if page.slab&slabMapMask != 0 {
			return
		}
		p.freePages(page, 1)
	default:
		if page.slab&slabPageStart == 0 || page.slab == slabBusy {
			return
		}
		p.freePages(page, int(page.slab&^slabPageStart))
	}
}

// allocPages is ngx_slab_alloc_pages: first fit in the free list, the rest
// of the run staying in the list in its place.
func (p *slabPool) allocPages(n int) *slabPage {
	for page := p.freeList.next; page != &p.freeList; page = page.next {
		if page.slab < uint64(n) {
			continue
		}
		if page.slab > uint64(n) {
			rest := &p.pages[page.index+n]
			p.pages[page.index+int(page.slab)-1].prev = rest
			rest.slab = page.slab - uint64(n)
			rest.next = page.next
			rest.prev = page.prev
			rest.typ = slabTypePage
			page.prev.next = rest
			page.next.prev = rest
		} else {
			page.prev.next = page.next
			page.next.prev = page.prev
		}
		page.slab = uint64(n) | slabPageStart
		page.next = nil
		page.prev = nil
		page.typ = slabTypePage
		p.pfree -= n
		for i := 1; i < n; i++ {
			q := &p.pages[page.index+i]
			q.slab = slabBusy
			q.next = nil
			q.prev = nil
			q.typ = slabTypePage
		}
		return page
	}
	return nil
}

// freePages is ngx_slab_free_pages: the run rejoins the head of the free
// list, merged with a free run right after it and one right before it.
func (p *slabPool) freePages(page *slabPage, n int) {
	p.pfree += n
	page.slab = uint64(n)
	n--
	for i := 1; i <= n; i++ {
		q := &p.pages[page.index+i]
		*q = slabPage{index: q.index}
	}
	if page.next != nil {
		page.prev.next = page.next
		page.next.prev = page.prev
	}
	if j := page.index + int(page.slab); j < len(p.pages) {
		join := &p.pages[j]
		if join.typ == slabTypePage && join.next != nil {
			n += int(join.slab)
			page.slab += join.slab
			join.prev.next = join.next
			join.next.prev = join.prev
			join.slab = 0
			join.next = nil
			join.prev = nil
		}
	}
	if page.index > 0 {
		join := &p.pages[page.index-1]
		if join.typ == slabTypePage {
			if join.slab == 0 && join.prev != nil {
				join = join.prev
			}
			if join.next != nil {
				n += int(join.slab)
				join.slab += page.slab
				join.prev.next = join.next
				join.next.prev = join.prev
				page.slab = 0
				page.next = nil
				page.prev = nil
				page.typ = slabTypePage
				page = join
			}
		}
	}
	if n > 0 {
		p.pages[page.index+n].prev = page
	}
	page.typ = slabTypePage
	page.prev = &p.freeList
	page.next = p.freeList.next
	page.next.prev = page
	p.freeList.next = page
}

// freeBytes is what shm:free_space() reports: the free pages.
func (p *slabPool) freeBytes() int64 {
	return int64(p.pfree) * slabPageSize
}

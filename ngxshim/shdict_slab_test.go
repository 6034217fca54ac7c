package ngxshim

import "testing"

func TestSlabPoolPages(t *testing.T) {
	// Total pages of a zone, and the free space of a fresh shared dict
	// (after its two bookkeeping allocations), as the reference reports
	// them (126-shdict-frag.t's "total pages", free_space()).
	tests := []struct {
		size      int64
		pages     int
		freeSpace int64
	}{
		{12 << 10, 2, 0},
		{20 << 10, 4, 8192},
		{25 << 10, 5, 12288},
		{33333, 7, 20480},
		{50 << 10, 11, 36864},
		{100 << 10, 24, 90112},
		{900 << 10, 223, 905216},
		{1 << 20, 254, 1032192},
	}
	for _, tt := range tests {
		p := newSlabPool(tt.size)
		if p == nil || len(p.pages) != tt.pages {
			t.Errorf("newSlabPool(%d): got %v pages, want %d", tt.size, p, tt.pages)
			continue
		}
		d, err := newSharedDict("dogs", tt.size)
		if err != nil {
			t.Errorf("newSharedDict(%d): %v", tt.size, err)
			continue
		}
		if got := d.FreeSpace(); got != tt.freeSpace {
			t.Errorf("free space of %d: got %d, want %d", tt.size, got, tt.freeSpace)
		}
	}
}

func TestSlabChunks(t *testing.T) {
	tests := []struct {
		name string
		// sizes are allocated in order; wantPages is the number of pages
		// in use afterwards.
		sizes     []int
		wantPages int
	}{
		{"one 8-byte chunk takes a page", []int{1}, 1},
		{"small chunks share a page", []int{30, 30, 30, 30}, 1},
		{"a page of 32-byte chunks holds 127 (one keeps the bitmap)", repeat(32, 127), 1},
		{"the 128th 32-byte chunk needs a new page", repeat(32, 128), 2},
		{"64 exact chunks fill a page", repeat(64, 64), 1},
		{"the 65th exact chunk needs a new page", repeat(64, 65), 2},
		{"two 2048-byte chunks share a page", []int{2048, 2048}, 1},
		{"2049 bytes take a whole page", []int{2049, 2049}, 2},
		{"4097 bytes take two pages", []int{4097}, 2},
		{"sizes round up to their class", []int{65, 128, 129}, 2},
	}
	for _, tt := range tests {
		p := newSlabPool(1 << 20)
		free := p.pfree
		for _, size := range tt.sizes {
			if _, ok := p.alloc(size); !ok {
				t.Fatalf("%s: alloc(%d) failed", tt.name, size)
			}
		}
		if got := free - p.pfree; got != tt.wantPages {
			t.Errorf("%s: %d pages used, want %d", tt.name, got, tt.wantPages)
		}
	}
}

func repeat(size, n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = size
	}
	return s
}

func TestSlabFreeMerges(t *testing.T) {
	// A 20k zone has 4 pages. Three single pages freed in the order
	// first, third, second must merge into one run of three.
	p := newSlabPool(20 << 10)
	var addrs []slabAddr
	for i := 0; i < 4; i++ {
		a, ok := p.alloc(4000)
		if !ok {
			t.Fatalf("alloc %d failed", i)
		}
		addrs = append(addrs, a)
	}
	if _, ok := p.alloc(4000); ok {
		t.Fatal("a fifth page fitted in a 4-page zone")
	}
	p.free(addrs[0])
	p.free(addrs[2])
	if run := p.allocPages(2); run != nil {
		t.Fatal("two non-adjacent free pages gave a run of 2")
	}
	p.free(addrs[1])
	run := p.allocPages(3)
	if run == nil || run.index != 0 {
		t.Fatalf("pages 0-2 did not merge into one run: %v", run)
	}
	if p.pfree != 0 {
		t.Errorf("pfree = %d, want 0", p.pfree)
	}
}

func TestSlabChunkPageReturns(t *testing.T) {
	p := newSlabPool(20 << 10)
	free := p.pfree
	var addrs []slabAddr
	for i := 0; i < 40; i++ {
		a, ok := p.alloc(100)
		if !ok {
			t.Fatal("alloc failed")
		}
		addrs = append(addrs, a)
	}
	// 128-byte chunks, 32 to a page.
	if used := free - p.pfree; used != 2 {
		t.Fatalf("40 chunks of 128 bytes use %d pages, want 2", used)
	}
	for _, a := range addrs[:32] {
		p.free(a)
	}
	if used := free - p.pfree; used != 1 {
		t.Errorf("after freeing the first page's chunks %d pages are used, want 1", used)
	}
	for _, a := range addrs[32:] {
		p.free(a)
	}
	if p.pfree != free {
		t.Errorf("after freeing everything pfree = %d, want %d", p.pfree, free)
	}
}

package cosocket

import "bytes"

// receiveuntil's matcher (ngx_http_lua_socket_compile_pattern and
// ngx_http_lua_socket_read_until): a streaming search for the pattern that
// outputs the bytes before it, keeping a partial match across reads. On a
// mismatch after a partial match the matcher falls back along "recovering"
// edges computed from the pattern's self-overlaps, as ngx_lua does, so the
// bytes returned around repeated prefixes are exactly ngx_lua's.

// untilPattern is one compiled receiveuntil pattern and its match state.
type untilPattern struct {
	pat       []byte
	inclusive bool
	// recovering[k-2] are the edges out of a partial match of length k.
	recovering [][]untilEdge
	// state is the length of the partial match; -1 after a complete match
	// under a size limit, which the next call reports as nil, nil, nil.
	state int
	// length and rest are the iterator's size argument and what is left of
	// it for the call in progress (0: no limit).
	length, rest int
}

type untilEdge struct {
	chr      byte
	newState int
}

// compileUntil compiles pat.
func compileUntil(pat []byte, inclusive bool) *untilPattern {
	p := &untilPattern{pat: pat, inclusive: inclusive}
	n := len(pat)
	if n <= 2 {
		return p
	}
	for i := 1; i < n; i++ {
		k := 1
		for k <= n-i-1 {
			if !bytes.Equal(pat[:k], pat[i:i+k]) {
				break
			}
			if pat[k] == pat[i+k] {
				k++
				continue
			}
			cur, next := i+k, k+1
			if p.recovering == nil {
				p.recovering = make([][]untilEdge, n-2)
			}
			edges := p.recovering[cur-2]
			found := false
			for j := range edges {
				if edges[j].chr == pat[k] {
					found = true
					if edges[j].newState < next {
						edges[j].newState = next
					}
					break
				}
			}
			if !found {
				p.recovering[cur-2] = append(edges, untilEdge{chr: pat[k], newState: next})
			}
			break
		}
	}
	return p
}

// feed implements filter.
func (p *untilPattern) feed(s *tcpSock, n int) (status, failure) {
	if n == 0 {
		return stError, ftClosed
	}
	b := &s.in
	data := b.buf[b.pos : b.pos+n]
	pat := p.pat
	state := p.state
	i := 0
	for i < n {
		c := data[i]
		if c == pat[state] {
			i++
			state++
			if state == len(pat) {
				b.pos += i
				if p.length > 0 {
					p.state = -1
				} else {
					p.state = 0
				}
				if p.inclusive {
					s.out = append(s.out, pat...)
				}
				return stOK, 0
			}
			continue
		}
		if state == 0 {
			s.out = append(s.out, c)
			i++
			if p.length > 0 {
				p.rest--
				if p.rest == 0 {
					p.state = 0
					b.pos += i
					return stOK, 0
				}
			}
			continue
		}
		old, matched := state, false
		if p.recovering != nil && state >= 2 {
			for _, e := range p.recovering[state-2] {
				if e.chr == c {
					state = e.newState
					matched = true
					break
				}
			}
		}
		if !matched {
			// the partial match was data after all; look at c afresh
			s.out = append(s.out, pat[:state]...)
			if p.length > 0 {
				if p.rest <= state {
					p.rest = 0
					p.state = 0
					b.pos += i
					return stOK, 0
				}
				p.rest -= state
			}
			state = 0
			continue
		}
		pending := old + 1 - state
		s.out = append(s.out, pat[:pending]...)
		i++
		if p.length > 0 {
			if p.rest <= pending {
				p.rest = 0
				p.state = state
				b.pos += i
				return stOK, 0
			}
			p.rest -= pending
		}
	}
	b.pos += i
	p.state = state
	return stAgain, 0
}

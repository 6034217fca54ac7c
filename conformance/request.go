package conformance

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Packet is one write of a request, optionally preceded by a delay.
type Packet struct {
	Data        string
	DelayBefore float64 // seconds; <0 means "use the block's middle delay"
}

// Request is what the client sends on one connection.
type Request struct {
	Packets []Packet
	Head    bool // a HEAD request (a short body is then expected)
}

var (
	leadingComment = regexp.MustCompile(`^\s*#[^\n]+\s+|^\s+`)
	requestLine    = regexp.MustCompile(`^(\s*)(\S+)( *)((\S+)( *))?((\S+)( *))?(\s*)$`)
	hostHeader     = regexp.MustCompile(`(?is)(?:^|\n)Host:`)
	connHeader     = regexp.MustCompile(`(?is)(?:^|\n)Connection`)
	clHeader       = regexp.MustCompile(`(?:^|\n)Content-Length:`)
	lfNotCRLF      = regexp.MustCompile(`(^|[^\r])\n`)
	headRequest    = regexp.MustCompile(`^\s*HEAD\s+`)
)

// stripRequestComments drops leading "# ..." lines and blanks from a
// request section, as Test::Nginx does.
func stripRequestComments(s string) string {
	for {
		n := leadingComment.ReplaceAllString(s, "")
		if n == s {
			return s
		}
		s = n
	}
}

// parseMoreHeaders turns a more_headers section into CRLF header lines; it
// reports whether a chunked Transfer-Encoding was given.
func parseMoreHeaders(in string) (string, bool) {
	var b strings.Builder
	chunked := false
	for _, h := range regexp.MustCompile(`\n+`).Split(in, -1) {
		if h == "" || regexp.MustCompile(`^\s*#`).MatchString(h) {
			continue
		}
		key, val := h, ""
		if loc := regexp.MustCompile(`:\s*`).FindStringIndex(h); loc != nil {
			key, val = h[:loc[0]], h[loc[1]:]
		}
		if strings.EqualFold(key, "transfer-encoding") && val == "chunked" {
			chunked = true
		}
		fmt.Fprintf(&b, "%s: %s\r\n", key, val)
	}
	return b.String(), chunked
}

// buildRequest completes a request written as "METHOD [URI [VERSION]]"
// plus an optional body: Host and Connection headers, the more_headers and a
// Content-Length for the (trimmed) body, in Test::Nginx's order.
func buildRequest(raw, moreHeaders string, chunked bool, conn, serverName string) (string, error) {
	first, content, _ := strings.Cut(raw, "\n")
	hadNL := strings.Contains(raw, "\n")
	line := first
	if hadNL {
		line += "\n"
	}
	m := requestLine.FindStringSubmatch(line)
	if m == nil {
		return "", fmt.Errorf("request line is not valid: %q", first)
	}
	meth, url, ver := m[2], m[5], m[8]
	if url == "" {
		url = "/"
	}
	if ver == "" {
		ver = "HTTP/1.1"
	}
	lenHeader := ""
	if !chunked && content != "" && !clHeader.MatchString(moreHeaders) {
		content = strings.TrimFunc(content, isPerlSpace)
		lenHeader = "Content-Length: " + strconv.Itoa(len(content)) + "\r\n"
	}
	more := lfNotCRLF.ReplaceAllString(moreHeaders, "$1\r\n")
	var h strings.Builder
	if !hostHeader.MatchString(more) {
		h.WriteString("Host: " + serverName + "\r\n")
	}
	if !connHeader.MatchString(more) {
		h.WriteString("Connection: " + conn + "\r\n")
	}
	h.WriteString(more + lenHeader + "\r\n")
	return meth + " " + url + " " + ver + "\r\n" + h.String() + content, nil
}

func isPerlSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return true
	}
	return false
}

// BuildRequests turns a block's request sections into the connections to
// make: raw_request as is, pipelined_requests on one connection, a request
// list as one connection per entry, a plain request as one connection.
func BuildRequests(b *RunBlock) ([]Request, error) {
	if raw := b.Get("raw_request"); raw.Defined() {
		var pk []Packet
		if raw.IsList() {
			for _, e := range raw.List {
				pk = append(pk, packetOf(e))
			}
		} else {
			pk = []Packet{{Data: raw.Str, DelayBefore: -1}}
		}
		return []Request{finishRequest(pk)}, nil
	}
	more := b.Get("more_headers")
	headersFor := func(i int) (string, bool, error) {
		if more.IsList() {
			if i >= len(more.List) {
				return "", false, fmt.Errorf("--- more_headers lacks data for request %d", i)
			}
			h, c := parseMoreHeaders(more.List[i].Str)
			return h, c, nil
		}
		h, c := parseMoreHeaders(more.Str)
		return h, c, nil
	}
	serverName := "localhost"
	if pr := b.Get("pipelined_requests"); pr.Defined() {
		if !pr.IsList() {
			return nil, fmt.Errorf("invalid entries in --- pipelined_requests")
		}
		var all strings.Builder
		for i, r := range pr.List {
			conn := "keep-alive"
			if i == len(pr.List)-1 {
				conn = "close"
			}
			h, c, err := headersFor(i)
			if err != nil {
				return nil, err
			}
			s, err := buildRequest(r.Str, h, c, conn, serverName)
			if err != nil {
				return nil, err
			}
			all.WriteString(s)
		}
		return []Request{finishRequest([]Packet{{Data: all.String(), DelayBefore: -1}})}, nil
	}
	req := b.Get("request")
	if !req.Defined() {
		return nil, fmt.Errorf("request empty")
	}
	if req.IsList() {
		var out []Request
		for i, r := range req.List {
			h, c, err := headersFor(i)
			if err != nil {
				return nil, err
			}
			if r.IsList() {
				return nil, fmt.Errorf("requests split into packets are not supported")
			}
			s, err := buildRequest(r.Str, h, c, "close", serverName)
			if err != nil {
				return nil, err
			}
			out = append(out, finishRequest([]Packet{{Data: s, DelayBefore: -1}}))
		}
		return out, nil
	}
	h, c, err := headersFor(0)
	if err != nil {
		return nil, err
	}
	s, err := buildRequest(stripRequestComments(req.Str), h, c, "close", serverName)
	if err != nil {
		return nil, err
	}
	return []Request{finishRequest([]Packet{{Data: s, DelayBefore: -1}})}, nil
}

func packetOf(v Value) Packet {
	if v.Kind == KindHash {
		p := Packet{Data: v.Hash["value"].Str, DelayBefore: -1}
		if d := v.Hash["delay_before"]; d.Defined() {
			if f, err := strconv.ParseFloat(d.Str, 64); err == nil {
				p.DelayBefore = f
			}
		}
		return p
	}
	return Packet{Data: v.Str, DelayBefore: -1}
}

func finishRequest(pk []Packet) Request {
	var all strings.Builder
	for _, p := range pk {
		all.WriteString(p.Data)
	}
	return Request{Packets: pk, Head: headRequest.MatchString(all.String())}
}

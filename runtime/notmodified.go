package runtime

import (
	"net/http"
	"strings"
)

// notModified is nginx's not_modified filter for the main request: a 200
// response whose Last-Modified (or ETag) the client already has becomes a
// 304 without a body.
func (r *request) notModified() {
	out := r.out()
	if r.sub != nil || out.Status != 200 {
		return
	}
	ims, hasIMS := r.headerIn("If-Modified-Since")
	inm, hasINM := r.headerIn("If-None-Match")
	if !hasIMS && !hasINM {
		return
	}
	if hasIMS && !r.unmodifiedSince(ims) {
		return
	}
	if hasINM && !etagMatches(inm, respHeader{r}.Get("ETag")) {
		return
	}
	out.Status = 304
	out.ContentLength = -1
	out.ContentLengthInHeaders = false
	out.Headers = dropHeader(out.Headers, "Content-Length")
	out.Headers = dropHeader(out.Headers, "Accept-Ranges")
}

// unmodifiedSince is the negation of ngx_http_test_if_modified.
func (r *request) unmodifiedSince(ims string) bool {
	mode := r.loc.IfModifiedSince
	if mode == "off" {
		return false
	}
	lm := respHeader{r}.Get("Last-Modified")
	if len(lm) == 0 {
		return false
	}
	last, err := http.ParseTime(lm[0])
	if err != nil {
		return false
	}
	since, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	if since.Equal(last) {
		return true
	}
	return mode != "exact" && !since.Before(last)
}

// etagMatches is ngx_http_test_if_match for If-None-Match (weak
// comparison).
func etagMatches(header string, etags []string) bool {
	if len(etags) == 0 {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	etag := strings.TrimPrefix(etags[0], "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag {
			return true
		}
	}
	return false
}

package runtime

import (
	"net/http"
	"strings"
)

// notModified is nginx's not_modified filter for the main request: a 200
// response whose Last-Modified (or ETag) the client already has becomes a
// 304 without a body, and one failing If-Unmodified-Since or If-Match is
// replaced by 412 (the returned status, 0 if none).
func (r *request) notModified() int {
	out := r.out()
	if r.sub != nil || out.Status != 200 {
		return 0
	}
	if ius, ok := r.headerIn("If-Unmodified-Since"); ok && !r.unmodifiedSinceOK(ius) {
		return 412
	}
	if im, ok := r.headerIn("If-Match"); ok && !strongMatch(im, respHeader{r}.Get("ETag")) {
		return 412
	}
	ims, hasIMS := r.headerIn("If-Modified-Since")
	inm, hasINM := r.headerIn("If-None-Match")
	if !hasIMS && !hasINM {
		return 0
	}
	if hasIMS && !r.unmodifiedSince(ims) {
		return 0
	}
	if hasINM && !etagMatches(inm, respHeader{r}.Get("ETag")) {
		return 0
	}
	out.Status = 304
	out.ContentLength = -1
	out.ContentLengthInHeaders = false
	out.Headers = dropHeader(out.Headers, "Content-Length")
	out.Headers = dropHeader(out.Headers, "Accept-Ranges")
	return 0
}

// unmodifiedSinceOK is ngx_http_test_if_unmodified.
func (r *request) unmodifiedSinceOK(ius string) bool {
	lm := respHeader{r}.Get("Last-Modified")
	if len(lm) == 0 {
		return false
	}
	last, err := http.ParseTime(lm[0])
	if err != nil {
		return false
	}
	since, err := http.ParseTime(ius)
	return err == nil && !since.Before(last)
}

// strongMatch is ngx_http_test_if_match for If-Match: a weak ETag never
// matches.
func strongMatch(header string, etags []string) bool {
	if len(etags) == 0 {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	if strings.HasPrefix(etags[0], "W/") {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		if strings.TrimSpace(t) == etags[0] {
			return true
		}
	}
	return false
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

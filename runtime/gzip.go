package runtime

import (
	"compress/gzip"
	"strconv"
	"strings"

	"gresty/runtime/config"
	"gresty/runtime/http1"
)

// ngx_http_gzip_filter_module: a main request's response is compressed when
// gzip is on, the client accepts gzip, and the status, type and length
// qualify, as nginx decides in its header filter. The output of the
// compressor goes where the body went (the front, with postpone_output);
// ngx.flush flushes it (Z_SYNC_FLUSH) and the end of the response closes
// it.

// gzipConf is a location's gzip settings.
type gzipConf struct {
	minLength   int64
	types       map[string]bool
	anyType     bool
	httpVersion int // 1000 for "1.0", 1001 for "1.1"
	vary        bool
	proxied     bool
	level       int
}

// gzipConfOf reads loc's gzip settings; nil when gzip is off.
func gzipConfOf(loc *config.Location) *gzipConf {
	d := loc.Lookup("gzip")
	if d == nil || len(d.Args) == 0 || d.Args[0] != "on" {
		return nil
	}
	gc := &gzipConf{minLength: 20, types: map[string]bool{"text/html": true}, httpVersion: 1001, level: 1}
	if d := loc.Lookup("gzip_min_length"); d != nil && len(d.Args) > 0 {
		if n, ok := config.ParseSize(d.Args[0]); ok {
			gc.minLength = n
		}
	}
	if d := loc.Lookup("gzip_types"); d != nil {
		for _, t := range d.Args {
			if t == "*" {
				gc.anyType = true
			}
			gc.types[strings.ToLower(t)] = true
		}
	}
	if d := loc.Lookup("gzip_http_version"); d != nil && len(d.Args) > 0 && d.Args[0] == "1.0" {
		gc.httpVersion = 1000
	}
	if d := loc.Lookup("gzip_vary"); d != nil && len(d.Args) > 0 {
		gc.vary = d.Args[0] == "on"
	}
	if d := loc.Lookup("gzip_proxied"); d != nil && len(d.Args) > 0 {
		gc.proxied = d.Args[0] != "off"
	}
	if d := loc.Lookup("gzip_comp_level"); d != nil && len(d.Args) > 0 {
		if n, err := strconv.Atoi(d.Args[0]); err == nil && n >= 1 && n <= 9 {
			gc.level = n
		}
	}
	return gc
}

// gzipHeader is the gzip header filter, run on the main request's header
// just before it goes out.
func (r *request) gzipHeader() {
	gc := r.extra().gzip
	if gc == nil || r.sub != nil || r.method() == "HEAD" {
		return
	}
	out := r.out()
	switch out.Status {
	case 200, 403, 404:
	default:
		return
	}
	for _, h := range out.Headers {
		if strings.EqualFold(h.Name, "Content-Encoding") && h.Value != "" {
			return
		}
	}
	if out.ContentLength != -1 && out.ContentLength < gc.minLength {
		return
	}
	ct, _, _ := strings.Cut(out.ContentType, ";")
	if !gc.anyType && !gc.types[strings.ToLower(strings.TrimSpace(ct))] {
		return
	}
	if gc.vary {
		out.Headers = append(out.Headers, http1.Header{Name: "Vary", Value: "Accept-Encoding"})
	}
	if !r.gzipAccepted(gc) {
		return
	}
	out.Headers = append(out.Headers, http1.Header{Name: "Content-Encoding", Value: "gzip"})
	out.ContentLength = -1
	out.ContentLengthInHeaders = false
	out.Headers = dropHeader(out.Headers, "Content-Length")
	out.Headers = dropHeader(out.Headers, "Accept-Ranges")
	for i, h := range out.Headers {
		if strings.EqualFold(h.Name, "ETag") && strings.HasPrefix(h.Value, "\"") {
			out.Headers[i].Value = "W/" + h.Value
		}
	}
	w, _ := gzip.NewWriterLevel(gzipSink{r}, gc.level)
	r.gz = w
}

// gzipAccepted is ngx_http_gzip_ok: the client takes gzip, speaks a recent
// enough HTTP, and is not behind a proxy gzip_proxied refuses.
func (r *request) gzipAccepted(gc *gzipConf) bool {
	if r.hr.HTTPVersion() < gc.httpVersion {
		return false
	}
	ae, ok := r.headerIn("Accept-Encoding")
	if !ok || !acceptsGzip(ae) {
		return false
	}
	if _, via := r.headerIn("Via"); via && !gc.proxied {
		return false
	}
	return true
}

// acceptsGzip finds a "gzip" coding not refused with q=0.
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		params = strings.ReplaceAll(strings.ToLower(params), " ", "")
		if q, ok := strings.CutPrefix(params, "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// gzipSink receives the compressor's output for the front.
type gzipSink struct{ r *request }

func (s gzipSink) Write(p []byte) (int, error) {
	if err := s.r.downFront(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

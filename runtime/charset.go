package runtime

import (
	"strings"
)

// charsetTypes are charset_types' default: the types the charset module
// names a charset for.
var charsetTypes = []string{"text/html", "text/xml", "text/plain", "text/vnd.wap.wml",
	"application/javascript", "application/rss+xml"}

// charsetFilter is the charset module's header filter: "; charset=X" is
// added to a response of a charset_types type when the charset directive
// names one.
func (r *request) charsetFilter() {
	x := r.extra()
	if x.charset == "" {
		return
	}
	out := r.out()
	if out.ContentType == "" || strings.Contains(strings.ToLower(out.ContentType), "charset=") {
		return
	}
	base, _, _ := strings.Cut(out.ContentType, ";")
	base = strings.ToLower(strings.TrimSpace(base))
	for _, t := range x.charsetOf {
		if t == "*" || t == base {
			out.ContentType += "; charset=" + x.charset
			return
		}
	}
}

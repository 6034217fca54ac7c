package runtime

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gresty/ngxshim"
	"gresty/runtime/config"
)

// builtinVars are nginx's variables that do not take a name suffix.
var builtinVars map[string]func(r *request) (string, bool)

func init() {
	builtinVars = map[string]func(r *request) (string, bool){
		"uri":                       func(r *request) (string, bool) { return r.uri, true },
		"proxy_host":                proxyVar("proxy_host"),
		"proxy_port":                proxyVar("proxy_port"),
		"proxy_add_x_forwarded_for": proxyVar("proxy_add_x_forwarded_for"),
		"upstream_addr": func(r *request) (string, bool) {
			return r.upstreamAddr, r.upstreamAddr != ""
		},
		"upstream_status": func(r *request) (string, bool) {
			return r.upstreamStatus, r.upstreamStatus != ""
		},
		"upstream_response_time": func(r *request) (string, bool) {
			if r.upstreamStatus == "" {
				return "", false
			}
			return strconv.FormatFloat(r.upstreamTime.Seconds(), 'f', 3, 64), true
		},
		"document_uri": func(r *request) (string, bool) { return r.uri, true },
		"request_uri":  func(r *request) (string, bool) { return r.hr.RequestURI(), true },
		"args":         func(r *request) (string, bool) { return r.args, r.args != "" },
		"query_string": func(r *request) (string, bool) { return r.args, r.args != "" },
		"is_args": func(r *request) (string, bool) {
			if r.args != "" {
				return "?", true
			}
			return "", true
		},
		"request_method":  func(r *request) (string, bool) { return r.main.method(), true },
		"request":         func(r *request) (string, bool) { return r.hr.RequestLine(), true },
		"server_protocol": func(r *request) (string, bool) { return r.hr.Protocol(), true },
		"scheme":          func(r *request) (string, bool) { return r.scheme(), true },
		"host": func(r *request) (string, bool) {
			if h := r.host(); h != "" {
				return h, true
			}
			return r.serverName(), true
		},
		"hostname":    func(r *request) (string, bool) { h, _ := os.Hostname(); return h, true },
		"server_name": func(r *request) (string, bool) { return r.serverName(), true },
		"remote_addr": func(r *request) (string, bool) { return r.hr.Conn().RemoteAddr(), true },
		"remote_port": func(r *request) (string, bool) { return r.hr.Conn().RemotePort(), true },
		"binary_remote_addr": func(r *request) (string, bool) {
			ip := net.ParseIP(r.hr.Conn().RemoteAddr())
			if ip4 := ip.To4(); ip4 != nil {
				return string(ip4), true
			}
			return string(ip), ip != nil
		},
		"server_addr": func(r *request) (string, bool) { return r.hr.Conn().ServerAddr(), true },
		"server_port": func(r *request) (string, bool) { return r.hr.Conn().ServerPort(), true },
		"status": func(r *request) (string, bool) {
			st := r.out().Status
			if st == 0 {
				return "000", true
			}
			return strconv.Itoa(st), true
		},
		"request_length":  func(r *request) (string, bool) { return strconv.FormatInt(r.hr.RequestLength(), 10), true },
		"bytes_sent":      func(r *request) (string, bool) { return strconv.FormatInt(r.hr.BytesSent(), 10), true },
		"body_bytes_sent": func(r *request) (string, bool) { return strconv.FormatInt(r.hr.BodyBytesSent(), 10), true },
		"request_time": func(r *request) (string, bool) {
			d := time.Since(r.hr.StartTime())
			return strconv.FormatFloat(float64(d.Milliseconds())/1000, 'f', 3, 64), true
		},
		"connection_time": func(r *request) (string, bool) {
			d := time.Since(r.hr.Conn().Accepted())
			return strconv.FormatFloat(float64(d.Milliseconds())/1000, 'f', 3, 64), true
		},
		"msec": func(r *request) (string, bool) {
			return strconv.FormatFloat(float64(time.Now().UnixMilli())/1000, 'f', 3, 64), true
		},
		"time_local":   func(r *request) (string, bool) { return time.Now().Format("02/Jan/2006:15:04:05 -0700"), true },
		"time_iso8601": func(r *request) (string, bool) { return time.Now().Format("2006-01-02T15:04:05-07:00"), true },
		"content_length": func(r *request) (string, bool) {
			return r.headerIn("content-length")
		},
		"content_type": func(r *request) (string, bool) {
			return r.headerIn("content-type")
		},
		"request_body": func(r *request) (string, bool) {
			return r.body.variable()
		},
		"request_body_file": func(r *request) (string, bool) {
			if p := r.body.filePath(); p != "" {
				return p, true
			}
			return "", false
		},
		"nginx_version":       func(r *request) (string, bool) { return ngxshim.NginxVersionStr, true },
		"pid":                 func(r *request) (string, bool) { return strconv.Itoa(os.Getpid()), true },
		"connection":          func(r *request) (string, bool) { return strconv.FormatUint(r.hr.Conn().Serial(), 10), true },
		"connection_requests": func(r *request) (string, bool) { return strconv.Itoa(r.hr.Conn().Requests()), true },
		"document_root": func(r *request) (string, bool) {
			root, _ := r.root()
			return root, true
		},
		"realpath_root": func(r *request) (string, bool) {
			root, _ := r.root()
			p, err := filepath.EvalSymlinks(root)
			if err != nil {
				return "", false
			}
			return p, true
		},
		"request_filename": func(r *request) (string, bool) { return r.filename(r.uri), true },
		"request_completion": func(r *request) (string, bool) {
			if r.eof {
				return "OK", true
			}
			return "", true
		},
		"limit_rate": func(r *request) (string, bool) { return "0", true },
		"request_id": func(r *request) (string, bool) {
			if v, ok := r.main.vars.get("\x00request_id"); ok {
				return v.v, true
			}
			var b [16]byte
			rand.Read(b[:])
			id := hex.EncodeToString(b[:])
			r.main.vars.set("\x00request_id", varValue{v: id})
			return id, true
		},
		"remote_user": func(r *request) (string, bool) { return "", false },
	}
	for _, name := range sslVarNames {
		builtinVars[name] = func(r *request) (string, bool) { return r.sslVar(name) }
	}
}

// root returns the location's root (or alias) directory and whether it is
// an alias.
func (r *request) root() (string, bool) {
	if r.loc.Root == nil {
		return filepath.Join(r.e.cfg.Prefix, "html"), false
	}
	p := r.loc.Root.Eval(r)
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.e.cfg.Prefix, p)
	}
	return p, r.loc.Alias
}

// filename maps a URI to a file as nginx's ngx_http_map_uri_to_path.
func (r *request) filename(uri string) string {
	root, alias := r.root()
	if alias && r.loc.Kind != config.LocRegex && r.loc.Kind != config.LocRegexCaseless {
		return root + strings.TrimPrefix(uri, r.loc.Name)
	}
	if alias {
		return root
	}
	return root + uri
}

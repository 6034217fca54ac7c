package config

import "strings"

// builtinVariables are the variables of the reference build (nginx 1.22.1
// with its built-in modules), measured there: the value says whether "set"
// may assign it (NGX_HTTP_VAR_CHANGEABLE).
var builtinVariables = map[string]bool{
	"ancient_browser":              true,
	"args":                         true,
	"binary_remote_addr":           false,
	"body_bytes_sent":              false,
	"bytes_sent":                   false,
	"connection":                   false,
	"connection_requests":          false,
	"connection_time":              false,
	"connections_active":           false,
	"connections_reading":          false,
	"connections_waiting":          false,
	"connections_writing":          false,
	"content_length":               false,
	"content_type":                 false,
	"date_gmt":                     false,
	"date_local":                   false,
	"document_root":                false,
	"document_uri":                 false,
	"fastcgi_path_info":            false,
	"fastcgi_script_name":          false,
	"grpc_internal_trailers":       false,
	"gzip_ratio":                   false,
	"host":                         false,
	"hostname":                     false,
	"http2":                        false,
	"http_cookie":                  false,
	"http_host":                    false,
	"http_referer":                 false,
	"http_user_agent":              false,
	"http_via":                     false,
	"http_x_forwarded_for":         false,
	"https":                        false,
	"invalid_referer":              true,
	"is_args":                      false,
	"limit_conn_status":            false,
	"limit_rate":                   true,
	"limit_req_status":             false,
	"modern_browser":               true,
	"msec":                         false,
	"msie":                         true,
	"nginx_version":                false,
	"pid":                          false,
	"pipe":                         false,
	"proxy_add_x_forwarded_for":    false,
	"proxy_host":                   true,
	"proxy_internal_body_length":   false,
	"proxy_internal_chunked":       false,
	"proxy_port":                   true,
	"proxy_protocol_addr":          false,
	"proxy_protocol_port":          false,
	"proxy_protocol_server_addr":   false,
	"proxy_protocol_server_port":   false,
	"query_string":                 false,
	"realip_remote_addr":           false,
	"realip_remote_port":           false,
	"realpath_root":                false,
	"remote_addr":                  false,
	"remote_port":                  false,
	"remote_user":                  false,
	"request":                      false,
	"request_body":                 false,
	"request_body_file":            false,
	"request_completion":           false,
	"request_filename":             false,
	"request_id":                   false,
	"request_length":               false,
	"request_method":               false,
	"request_time":                 false,
	"request_uri":                  false,
	"scheme":                       false,
	"secure_link":                  false,
	"secure_link_expires":          false,
	"sent_http_cache_control":      false,
	"sent_http_connection":         false,
	"sent_http_content_length":     false,
	"sent_http_content_type":       false,
	"sent_http_keep_alive":         false,
	"sent_http_last_modified":      false,
	"sent_http_link":               false,
	"sent_http_location":           false,
	"sent_http_transfer_encoding":  false,
	"server_addr":                  false,
	"server_name":                  false,
	"server_port":                  false,
	"server_protocol":              false,
	"slice_range":                  false,
	"ssl_alpn_protocol":            true,
	"ssl_cipher":                   true,
	"ssl_ciphers":                  true,
	"ssl_client_cert":              true,
	"ssl_client_escaped_cert":      true,
	"ssl_client_fingerprint":       true,
	"ssl_client_i_dn":              true,
	"ssl_client_i_dn_legacy":       true,
	"ssl_client_raw_cert":          true,
	"ssl_client_s_dn":              true,
	"ssl_client_s_dn_legacy":       true,
	"ssl_client_serial":            true,
	"ssl_client_v_end":             true,
	"ssl_client_v_remain":          true,
	"ssl_client_v_start":           true,
	"ssl_client_verify":            true,
	"ssl_curve":                    true,
	"ssl_curves":                   true,
	"ssl_early_data":               true,
	"ssl_protocol":                 true,
	"ssl_server_name":              true,
	"ssl_session_id":               true,
	"ssl_session_reused":           true,
	"status":                       false,
	"tcpinfo_rcv_space":            false,
	"tcpinfo_rtt":                  false,
	"tcpinfo_rttvar":               false,
	"tcpinfo_snd_cwnd":             false,
	"time_iso8601":                 false,
	"time_local":                   false,
	"uid_got":                      false,
	"uid_reset":                    true,
	"uid_set":                      false,
	"upstream_addr":                false,
	"upstream_bytes_received":      false,
	"upstream_bytes_sent":          false,
	"upstream_cache_etag":          false,
	"upstream_cache_last_modified": false,
	"upstream_cache_status":        false,
	"upstream_connect_time":        false,
	"upstream_header_time":         false,
	"upstream_response_length":     false,
	"upstream_response_time":       false,
	"upstream_status":              false,
	"uri":                          false,
}

// builtinVariablePrefixes are the families of variables nginx resolves by
// prefix ($http_host, $arg_id, ...).
var builtinVariablePrefixes = []string{
	"http_", "sent_http_", "sent_trailer_", "cookie_", "arg_",
	"upstream_http_", "upstream_trailer_", "upstream_cookie_",
}

// varTable tracks variable declarations (set, regex named captures,
// set_by_lua) and uses, for nginx's "unknown variable" check at the end of
// the http block.
type varTable struct {
	declared map[string]bool
	used     []string
	usedSet  map[string]bool
	extra    map[string]bool
	prefixes []string
}

func newVarTable(opts Options) *varTable {
	t := &varTable{declared: map[string]bool{}, usedSet: map[string]bool{}, extra: map[string]bool{}}
	for _, v := range opts.Variables {
		t.extra[strings.ToLower(v)] = true
	}
	t.prefixes = append(append(t.prefixes, builtinVariablePrefixes...), opts.VariablePrefixes...)
	return t
}

// declare adds a variable as ngx_http_add_variable does for set and for
// named captures: nginx's own variables may only be redeclared when they
// are changeable.
func (t *varTable) declare(name string) error {
	if name == "" {
		return emergf(`invalid variable name "$"`)
	}
	lname := strings.ToLower(name)
	if changeable, ok := builtinVariables[lname]; ok && !changeable {
		return emergf(`the duplicate "%s" variable`, name)
	}
	t.declared[lname] = true
	return nil
}

// use records variables a value refers to.
func (t *varTable) use(names ...string) {
	for _, n := range names {
		n = strings.ToLower(n)
		if !t.usedSet[n] {
			t.usedSet[n] = true
			t.used = append(t.used, n)
		}
	}
}

// check reports the first used variable nobody defines, as
// ngx_http_variables_init_vars does (without a position).
func (t *varTable) check() error {
	for _, n := range t.used {
		if t.known(n) {
			continue
		}
		return &Error{Diagnostic: Diagnostic{Level: LevelEmerg, Msg: `unknown "` + n + `" variable`}}
	}
	return nil
}

func (t *varTable) known(n string) bool {
	if _, ok := builtinVariables[n]; ok || t.declared[n] || t.extra[n] {
		return true
	}
	for _, p := range t.prefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

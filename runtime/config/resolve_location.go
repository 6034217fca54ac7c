package config

import (
	"strings"
	"time"
)

// pageSize is ngx_pagesize on the platforms gresty runs on.
const pageSize = 4096

// defaultTypes are nginx's types when no types block applies.
var defaultTypes = map[string]string{"html": "text/html", "gif": "image/gif", "jpg": "image/jpeg"}

func (p *parser) resolveLocation(l *Location) {
	b := &l.Block
	prefix := p.cfg.Prefix
	l.Internal = l.Has("internal")
	if d := b.lookupAny("root", "alias"); d != nil {
		l.Root, l.Alias = rootValue(prefix, d), d.Name == "alias"
	} else {
		l.Root = mustComplex(prefix + "html")
	}
	l.Index = nil
	if ds := b.LookupAll("index"); ds != nil {
		for _, d := range ds {
			for _, a := range d.Args {
				l.Index = append(l.Index, mustComplex(a))
			}
		}
	} else {
		l.Index = []*ComplexValue{mustComplex("index.html")}
	}
	l.DefaultType = strOf(b, "default_type", "text/plain")
	l.Types = defaultTypes
	for x := l; x != nil; x = x.Parent {
		if x.ownTypes != nil {
			l.Types = x.ownTypes
			break
		}
	}
	l.ClientMaxBodySize = offsetOf(b, "client_max_body_size", 1<<20)
	l.ClientBodyBufferSize = sizeOf(b, "client_body_buffer_size", 2*pageSize)
	l.ClientBodyTimeout = msecOf(b, "client_body_timeout", 60*time.Second)
	l.ClientBodyInFileOnly = enumOf(b, "client_body_in_file_only", "off")
	l.ClientBodyInSingleBuffer = flagOf(b, "client_body_in_single_buffer", false)
	l.ClientBodyTempPath = rebasePath(prefix, strOf(b, "client_body_temp_path", "client_body_temp"))
	l.SendTimeout = msecOf(b, "send_timeout", 60*time.Second)
	l.KeepaliveTimeout, l.KeepaliveHeader = 75*time.Second, 0
	if d := b.Lookup("keepalive_timeout"); d != nil {
		ms, _ := ParseMsec(d.Args[0])
		l.KeepaliveTimeout = time.Duration(ms) * time.Millisecond
		if len(d.Args) == 2 {
			sec, _ := ParseSec(d.Args[1])
			l.KeepaliveHeader = secDuration(sec)
		}
	}
	l.KeepaliveRequests = numOf(b, "keepalive_requests", 1000)
	l.KeepaliveTime = msecOf(b, "keepalive_time", time.Hour)
	l.LingeringClose = enumOf(b, "lingering_close", "on")
	l.LingeringTime = msecOf(b, "lingering_time", 30*time.Second)
	l.LingeringTimeout = msecOf(b, "lingering_timeout", 5*time.Second)
	l.ResetTimedoutConnection = flagOf(b, "reset_timedout_connection", false)
	l.ServerTokens = enumOf(b, "server_tokens", "on")
	l.ChunkedTransferEncoding = flagOf(b, "chunked_transfer_encoding", true)
	l.LogSubrequest = flagOf(b, "log_subrequest", false)
	l.AbsoluteRedirect = flagOf(b, "absolute_redirect", true)
	l.ServerNameInRedirect = flagOf(b, "server_name_in_redirect", false)
	l.PortInRedirect = flagOf(b, "port_in_redirect", true)
	l.MsiePadding = flagOf(b, "msie_padding", true)
	l.MsieRefresh = flagOf(b, "msie_refresh", false)
	l.Sendfile = flagOf(b, "sendfile", false)
	l.TCPNodelay = flagOf(b, "tcp_nodelay", true)
	l.TCPNopush = flagOf(b, "tcp_nopush", false)
	l.Etag = flagOf(b, "etag", true)
	l.IfModifiedSince = enumOf(b, "if_modified_since", "exact")
	l.LimitRate = sizeOf(b, "limit_rate", 0)
	l.Resolver = nil
	if d := b.Lookup("resolver"); d != nil {
		l.Resolver, _ = parseResolver(d.Args)
	}
	l.ResolverTimeout = msecOf(b, "resolver_timeout", 30*time.Second)
	l.ErrorPages = errorPages(b.LookupAll("error_page"))
	l.RecursiveErrorPages = flagOf(b, "recursive_error_pages", false)
	l.AddHeaders = addHeaders(b.LookupAll("add_header"))
	p.resolveAccessLogs(l)
	l.ErrorLogs = nil
	for _, d := range b.LookupAll("error_log") {
		el, _ := parseErrorLog(p, d)
		l.ErrorLogs = append(l.ErrorLogs, el)
	}
	l.RewriteLog = flagOf(b, "rewrite_log", false)
	l.UninitializedVariableWarn = flagOf(b, "uninitialized_variable_warn", true)
	if l.Script != nil {
		l.Script.Log = l.RewriteLog
	}
	p.resolveLua(l)
}

func (p *parser) resolveAccessLogs(l *Location) {
	l.AccessLogs, l.AccessLogOff = nil, false
	ds := l.Block.LookupAll("access_log")
	if ds == nil {
		l.AccessLogs = []AccessLog{{Path: rebasePath(p.cfg.Prefix, "logs/access.log"), Format: "combined"}}
		return
	}
	for _, d := range ds {
		if d.Args[0] == "off" {
			l.AccessLogOff = true
			continue
		}
		al := AccessLog{Path: d.Args[0], Format: "combined", File: d.File, Line: d.Line}
		if !strings.HasPrefix(al.Path, "syslog:") && !strings.Contains(al.Path, "$") {
			al.Path = rebasePath(p.cfg.Prefix, al.Path)
		}
		if len(d.Args) > 1 {
			al.Format = d.Args[1]
			al.Params = d.Args[2:]
		}
		l.AccessLogs = append(l.AccessLogs, al)
	}
}

func (p *parser) resolveLua(l *Location) {
	b := &l.Block
	lua := &l.Lua
	lua.Rewrite = p.lookupLua(b, "rewrite_by_lua")
	lua.Access = p.lookupLua(b, "access_by_lua")
	lua.HeaderFilter = p.lookupLua(b, "header_filter_by_lua")
	lua.BodyFilter = p.lookupLua(b, "body_filter_by_lua")
	lua.Log = p.lookupLua(b, "log_by_lua")
	// the content handler is the location's own: nginx does not inherit
	// a location's content handler, but an if block keeps the one of its
	// location when it has none
	lua.Content = p.ownLua(b, "content_by_lua")
	if lua.Content == nil && (l.Kind == LocIf || l.Kind == LocLimitExcept) && l.Parent != nil {
		lua.Content = l.Parent.Lua.Content
	}
	lua.CodeCache = flagOf(b, "lua_code_cache", true)
	lua.NeedRequestBody = flagOf(b, "lua_need_request_body", false)
	lua.CheckClientAbort = flagOf(b, "lua_check_client_abort", false)
	lua.UseDefaultType = flagOf(b, "lua_use_default_type", true)
	lua.HTTP10Buffering = flagOf(b, "lua_http10_buffering", true)
	lua.TransformUnderscoresInResponseHeaders = flagOf(b, "lua_transform_underscores_in_response_headers", true)
	lua.SocketLogErrors = flagOf(b, "lua_socket_log_errors", true)
	lua.SocketConnectTimeout = msecOf(b, "lua_socket_connect_timeout", 60*time.Second)
	lua.SocketSendTimeout = msecOf(b, "lua_socket_send_timeout", 60*time.Second)
	lua.SocketReadTimeout = msecOf(b, "lua_socket_read_timeout", 60*time.Second)
	lua.SocketKeepaliveTimeout = msecOf(b, "lua_socket_keepalive_timeout", 60*time.Second)
	lua.SocketBufferSize = sizeOf(b, "lua_socket_buffer_size", pageSize)
	lua.SocketPoolSize = numOf(b, "lua_socket_pool_size", 30)
	// Linux has no SO_SNDLOWAT: nginx ignores lua_socket_send_lowat
	lua.SocketSendLowat = 0
	lua.SSLProtocols = []string{"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}
	if d := b.Lookup("lua_ssl_protocols"); d != nil {
		lua.SSLProtocols = d.Args
	}
	lua.SSLCiphers = strOf(b, "lua_ssl_ciphers", "DEFAULT")
	lua.SSLVerifyDepth = numOf(b, "lua_ssl_verify_depth", 1)
	lua.SSLTrustedCertificate = strOf(b, "lua_ssl_trusted_certificate", "")
	lua.SSLCRL = strOf(b, "lua_ssl_crl", "")
	lua.SSLConfCommands = nil
	for _, d := range b.LookupAll("lua_ssl_conf_command") {
		lua.SSLConfCommands = append(lua.SSLConfCommands, [2]string{d.Args[0], d.Args[1]})
	}
}

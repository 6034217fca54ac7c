package config

// handlers maps directive names to their typed handlers; the directives
// not listed are kept with nginx's generic checks only.
var handlers map[string]setFunc

func init() {
	handlers = map[string]setFunc{
		"include":     setInclude,
		"load_module": setLoadModule,

		// core
		"worker_processes":   setWorkerProcesses,
		"worker_connections": setWorkerConnections,
		"error_log":          setErrorLog,
		"thread_pool":        setThreadPool,
		"env":                setEnv,
		"events":             setEvents,
		"http":               setHTTP,

		// http core
		"server":                      setServer,
		"upstream":                    setUpstream,
		"location":                    setLocation,
		"limit_except":                setLimitExcept,
		"listen":                      setListen,
		"server_name":                 setServerName,
		"root":                        setRoot,
		"alias":                       setRoot,
		"index":                       setIndex,
		"types":                       setTypes,
		"error_page":                  setErrorPage,
		"add_header":                  setAddHeader,
		"access_log":                  setAccessLog,
		"log_format":                  setLogFormat,
		"resolver":                    setResolver,
		"keepalive_timeout":           setKeepaliveTimeout,
		"expires":                     setExpires,
		"directio":                    setOffOr(ValueOffset),
		"userid_expires":              setOffOr(ValueSec, "max"),
		"worker_priority":             setSignedNumber,
		"large_client_header_buffers": setLargeBuffers,
		"client_body_in_file_only":    setEnum("off", "on", "clean"),
		"lingering_close":             setEnum("off", "on", "always"),
		"server_tokens":               setEnum("off", "on", "build"),
		"if_modified_since":           setEnum("off", "exact", "before"),
		"satisfy":                     setEnum("all", "any"),
		"gzip_static":                 setEnum("off", "on", "always"),
		"gzip_http_version":           setEnum("1.0", "1.1"),
		"proxy_http_version":          setEnum("1.0", "1.1"),
		"autoindex_format":            setEnum("html", "xml", "json", "jsonp"),
		"ssl_verify_client":           setEnum("off", "on", "optional", "optional_no_ca"),
		"ssl_protocols":               setBitmask(sslProtocols...),
		"proxy_ssl_protocols":         setBitmask(sslProtocols...),
		"grpc_ssl_protocols":          setBitmask(sslProtocols...),
		"uwsgi_ssl_protocols":         setBitmask(sslProtocols...),
		"lua_ssl_protocols":           setBitmask(sslProtocols...),

		// variables declared by kept directives
		"map":              setMap,
		"geo":              setGeo,
		"split_clients":    setSplitClients,
		"auth_request_set": setDeclareFirst,

		// rewrite module
		"set":     setSet,
		"rewrite": setRewrite,
		"return":  setReturn,
		"break":   setBreak,
		"if":      setIf,

		// ngx_lua
		"lua_shared_dict":       setSharedDict,
		"lua_code_cache":        setCodeCache,
		"lua_load_resty_core":   setLoadRestyCore,
		"lua_capture_error_log": setCaptureErrorLog,
		"lua_malloc_trim":       setMallocTrim,
		"lua_socket_send_lowat": setSendLowat,
	}
	for _, phase := range luaPhases {
		for _, form := range []string{"", "_block", "_file"} {
			name := phase.tag + form
			handlers[name] = luaPhaseHandler(phase, form)
		}
	}
}

// sslProtocols are the values of the *ssl_protocols directives.
var sslProtocols = []string{"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}

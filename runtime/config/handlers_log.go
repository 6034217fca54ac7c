package config

import "strings"

func setAccessLog(p *parser, d *Directive) error {
	args := d.Args
	if args[0] == "off" {
		if len(args) == 1 {
			return nil
		}
		return emergf(`invalid parameter "%s"`, args[1])
	}
	if !strings.HasPrefix(args[0], "syslog:") {
		if _, err := p.compileValue(args[0]); err != nil {
			return err
		}
	}
	if len(args) >= 2 {
		if _, ok := p.sc.http.LogFormats[args[1]]; !ok && args[1] != "combined" {
			return emergf(`unknown log format "%s"`, args[1])
		}
	}
	buffer, flush := false, false
	for _, a := range argsFrom(args, 2) {
		switch {
		case strings.HasPrefix(a, "buffer="):
			if n, ok := ParseSize(a[7:]); !ok || n < 0 {
				return emergf(`invalid buffer size "%s"`, a[7:])
			}
			buffer = true
		case strings.HasPrefix(a, "flush="):
			if _, ok := ParseMsec(a[6:]); !ok {
				return emergf(`invalid flush time "%s"`, a[6:])
			}
			flush = true
		case a == "gzip":
			buffer = true
		case strings.HasPrefix(a, "gzip="):
			if n := atoi(a[5:]); n < 1 || n > 9 {
				return emergf(`invalid compression level "%s"`, a[5:])
			}
			buffer = true
		case strings.HasPrefix(a, "if="):
			if _, err := p.compileValue(a[3:]); err != nil {
				return err
			}
		default:
			return emergf(`invalid parameter "%s"`, a)
		}
	}
	if flush && !buffer {
		return emergf(`no buffer is defined for access_log "%s"`, args[0])
	}
	return nil
}

func argsFrom(args []string, i int) []string {
	if i >= len(args) {
		return nil
	}
	return args[i:]
}

func setLogFormat(p *parser, d *Directive) error {
	name := d.Args[0]
	if _, dup := p.sc.http.LogFormats[name]; dup || name == "combined" {
		return emergf(`duplicate "log_format" name "%s"`, name)
	}
	lf := &LogFormat{Name: name, Escape: "default"}
	parts := d.Args[1:]
	if strings.HasPrefix(parts[0], "escape=") {
		switch e := parts[0][7:]; e {
		case "default", "json", "none":
			lf.Escape = e
		default:
			return emergf(`unknown log format escaping "%s"`, e)
		}
		parts = parts[1:]
	}
	cv, err := p.compileValue(strings.Join(parts, ""))
	if err != nil {
		return err
	}
	lf.Format = cv
	p.sc.http.LogFormats[name] = lf
	return nil
}

// combinedFormat is nginx's predefined log format.
const combinedFormat = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`

package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// setInclude is the include directive: a path relative to the conf prefix,
// with glob patterns expanded and sorted as glob(3) does.
func setInclude(p *parser, d *Directive) error {
	name := d.Args[0]
	if !strings.HasPrefix(name, "/") {
		name = p.cfg.ConfPrefix + name
	}
	if !strings.ContainsAny(name, "*?[") {
		return p.parseFile(name)
	}
	matches, err := globFiles(name)
	if err != nil {
		return emergf(`glob() "%s" failed (%s)`, name, errnoText(err))
	}
	for _, m := range matches {
		if err := p.parseFile(m); err != nil {
			return err
		}
	}
	return nil
}

// globFiles expands a pattern like glob(3) without flags: "*" and "?" do
// not match a leading dot, no match is not an error, and the result is in
// byte order.
func globFiles(pattern string) ([]string, error) {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	pats := strings.Split(pattern, "/")
	var out []string
	for _, m := range matches {
		parts := strings.Split(m, "/")
		hidden := false
		for i, part := range parts {
			if i < len(pats) && strings.HasPrefix(part, ".") && !strings.HasPrefix(pats[i], ".") {
				hidden = true
			}
		}
		if !hidden {
			out = append(out, m)
		}
	}
	sort.Strings(out)
	return out, nil
}

// errnoText words a file error as nginx appends errno: "2: No such file or
// directory".
func errnoText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if n, ok := errnoNumber(err); ok {
		return fmt.Sprintf("%d: %s", n, capitalize(err.Error()))
	}
	return err.Error()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

package conformance

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var envPlaceholder = regexp.MustCompile(`\$(TEST_NGINX_[_A-Z0-9]+)`)
var randPortName = regexp.MustCompile(`^TEST_NGINX_RAND_PORT_[0-9]+$`)

// Expander performs Test::Nginx's $TEST_NGINX_* substitution for one block
// run: values come from the environment map, TEST_NGINX_RAND_PORT_N gets a
// free port (the same one for every use within the block).
type Expander struct {
	Env       map[string]string
	RandPorts map[string]int
	// FreePort returns an unused local port for TEST_NGINX_RAND_PORT_N.
	FreePort func() (int, error)
}

// Expand replaces every $TEST_NGINX_NAME in text. An undefined name is an
// error, as Test::Nginx bails out on it.
func (e *Expander) Expand(text string) (string, error) {
	var firstErr error
	out := envPlaceholder.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1:]
		if randPortName.MatchString(name) {
			if e.RandPorts == nil {
				e.RandPorts = map[string]int{}
			}
			if p, ok := e.RandPorts[name]; ok {
				return strconv.Itoa(p)
			}
			if e.FreePort == nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("no free port source for %s", name)
				}
				return m
			}
			p, err := e.FreePort()
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("cannot find an available listening port number for %s: %w", name, err)
				}
				return m
			}
			e.RandPorts[name] = p
			return strconv.Itoa(p)
		}
		v, ok := e.Env[name]
		if !ok {
			if firstErr == nil {
				firstErr = fmt.Errorf("no environment %s defined", name)
			}
			return m
		}
		return v
	})
	return out, firstErr
}

// ReplaceTokens swaps the loader's server-root and port tokens for a
// block's own values.
func ReplaceTokens(s, servRoot string, port int) string {
	if !strings.Contains(s, "__GRESTY_") {
		return s
	}
	s = strings.ReplaceAll(s, servRootToken, servRoot)
	return strings.ReplaceAll(s, portToken, strconv.Itoa(port))
}

// ServerPortVars replaces Test::Nginx's $ServerPort and
// $ServerPortForClient in expected values.
func ServerPortVars(s string, port int) string {
	if !strings.Contains(s, "$ServerPort") {
		return s
	}
	p := strconv.Itoa(port)
	s = serverPortForClientVar.ReplaceAllString(s, p)
	return serverPortVar.ReplaceAllString(s, p)
}

var (
	serverPortForClientVar = regexp.MustCompile(`\$ServerPortForClient\b`)
	serverPortVar          = regexp.MustCompile(`\$ServerPort\b`)
)

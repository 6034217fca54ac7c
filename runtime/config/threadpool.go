package config

import "strings"

// setThreadPool checks "thread_pool NAME threads=N [max_queue=N]" as
// nginx's ngx_thread_pool does: a name used twice is refused before the
// parameters are read, the parameters are read in order (an unknown one
// is ignored, a repeated one overrides), and "threads" is required. The
// pools themselves are read from the directives by the engine.
func setThreadPool(p *parser, d *Directive) error {
	name := d.Args[0]
	// The pools live in the cycle, so one name is one pool in the whole
	// main context.
	key := "thread_pool\x00" + name
	if p.sc.seen[key] {
		return emergf(`duplicate thread pool "%s"`, name)
	}
	p.sc.seen[key] = true
	threads := int64(0)
	for _, a := range d.Args[1:] {
		if v, ok := strings.CutPrefix(a, "threads="); ok {
			// ngx_atoi, and no pool runs without a thread.
			if threads = atoi(v); threads <= 0 {
				return emergf(`invalid threads value "%s"`, a)
			}
			continue
		}
		if v, ok := strings.CutPrefix(a, "max_queue="); ok {
			if atoi(v) < 0 {
				return emergf(`invalid max_queue value "%s"`, a)
			}
		}
	}
	if threads == 0 {
		return emergf(`"%s" must have "threads" parameter`, d.Name)
	}
	return nil
}

package conformance

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Runner.
type Options struct {
	Target *Target
	// Jobs is how many blocks run at once.
	Jobs int
	// Once forces repeat_each(1).
	Once bool
	// PerlIncludes are extra -I folders for the Perl loader.
	PerlIncludes []string
	// WorkDir holds the per-slot server roots (a temporary folder if "").
	WorkDir string
	// LuaPath is the LUA_PATH given to servers whose preamble sets none.
	LuaPath string
	// BasePort is the first server port; slot i listens on BasePort+i.
	BasePort int
	// BlockTimeout caps one block run.
	BlockTimeout time.Duration
	// Keep leaves the server roots of failed blocks in place.
	Keep bool
	// Select, when set, limits the run to the blocks it accepts.
	Select func(b *Block) bool
	// Progress receives one line per finished block when non-nil.
	Progress io.Writer
	// NoRetry turns off the serial rerun of failed blocks.
	NoRetry bool
	// ExpectFail, when set, tells the blocks expected to fail (ledgered):
	// they are not rerun alone, which leaves the rerun time to the others.
	ExpectFail func(BlockResult) bool
}

// maxRetries caps the serial rerun: beyond it failures are not load
// effects worth the time.
const maxRetries = 2000

// BlockResult is the outcome of one block.
type BlockResult struct {
	Suite    string    `json:"suite"`
	File     string    `json:"file"`
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Status   string    `json:"status"` // pass, fail, skip
	Class    string    `json:"class,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Failures []Failure `json:"failures,omitempty"`
	Seconds  float64   `json:"seconds"`
	// Retried marks a block that failed beside other blocks and passed
	// when rerun alone.
	Retried bool `json:"retried,omitempty"`
	// Needs names what the file's preamble asks of the environment
	// beyond the runner (e.g. the mockeagain LD_PRELOAD library).
	Needs string `json:"needs,omitempty"`
	// Uses names, for a block that failed, what in its text explains it
	// beyond the runner's view: an nginx module gresty does not have, or an
	// expectation of a LuaJIT limit gresty lifts (see autoClass).
	Uses []string `json:"uses,omitempty"`
}

// FileResult is the outcome of one .t file.
type FileResult struct {
	Suite  string        `json:"suite"`
	File   string        `json:"file"`
	Path   string        `json:"path"`
	Error  string        `json:"error,omitempty"`
	Blocks []BlockResult `json:"blocks"`
}

// Counts returns passed, failed and skipped block counts.
func (f FileResult) Counts() (p, fl, s int) {
	for _, b := range f.Blocks {
		switch b.Status {
		case "pass":
			p++
		case "fail":
			fl++
		default:
			s++
		}
	}
	return
}

// Runner runs .t files against a target.
type Runner struct {
	opt      Options
	shimPath string
	stub     *DNSStub
	locks    sync.Map // resource name -> *sync.Mutex
	serial   sync.RWMutex
}

// NewRunner prepares a runner (the DNS stub starts with Run).
func NewRunner(opt Options) *Runner {
	if opt.Jobs <= 0 {
		opt.Jobs = 1
	}
	if opt.BasePort == 0 {
		// Runs in parallel processes (several developers, CI shards) must
		// not share ports: each process takes its own range of 64.
		opt.BasePort = 20000 + (os.Getpid()%190)*64
	}
	if opt.BlockTimeout == 0 {
		opt.BlockTimeout = 3 * time.Minute
	}
	return &Runner{opt: opt}
}

// CollectFiles expands folders into their .t files (recursively, sorted).
func CollectFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			abs, _ := filepath.Abs(p)
			out = append(out, abs)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "servroot" {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(path, ".t") {
				abs, _ := filepath.Abs(path)
				out = append(out, abs)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// linkCerts makes the suite's t/cert folder reachable as ../../cert from a
// server root's conf folder, where blocks name it (Test::Nginx runs with
// the servroot inside the suite's t/). The first suite with one wins.
func linkCerts(work string, files []string) {
	for _, f := range files {
		root, _ := suiteRoot(f)
		certs, err := filepath.Abs(filepath.Join(root, "t", "cert"))
		if err != nil {
			continue
		}
		if fi, err := os.Stat(certs); err == nil && fi.IsDir() {
			os.MkdirAll(filepath.Join(work, "t"), 0o755)
			os.Symlink(certs, filepath.Join(work, "t", "cert"))
			return
		}
	}
}

// suiteRoot finds the package root of a .t file: the parent of its nearest
// "t" ancestor folder.
func suiteRoot(file string) (root, rel string) {
	dir := filepath.Dir(file)
	for d := dir; d != filepath.Dir(d); d = filepath.Dir(d) {
		if filepath.Base(d) == "t" {
			root = filepath.Dir(d)
			rel, _ = filepath.Rel(root, file)
			return root, rel
		}
	}
	return dir, filepath.Base(file)
}

// Run runs every block of the files and returns per-file results in file
// order.
func (r *Runner) Run(ctx context.Context, files []string) ([]FileResult, error) {
	stub, err := StartDNSStub()
	if err != nil {
		return nil, fmt.Errorf("start dns stub: %w", err)
	}
	r.stub = stub
	defer stub.Close()

	work := r.opt.WorkDir
	if work == "" {
		work, err = os.MkdirTemp("", "grc-")
		if err != nil {
			return nil, fmt.Errorf("create work folder: %w", err)
		}
		if !r.opt.Keep {
			defer os.RemoveAll(work)
		}
	}
	if err := writeLuaShims(filepath.Join(work, "lua")); err != nil {
		return nil, err
	}
	r.shimPath = filepath.Join(work, "lua") + "/?.lua"
	linkCerts(work, files)

	// load files (Perl evaluation) a few at a time
	loaded := make([]*SuiteFile, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(2, r.opt.Jobs))
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, f string) {
			defer wg.Done()
			defer func() { <-sem }()
			loaded[i] = r.loadFile(f)
		}(i, f)
	}
	wg.Wait()

	results := make([]FileResult, len(files))
	// a job is one block, or all blocks of a HUP-mode file, which share
	// one server reloaded between them
	type job struct {
		fi  int
		b   *Block
		hup []*Block
	}
	var jobs []job
	pending := make([]int, len(files))
	for i, f := range loaded {
		results[i] = FileResult{Suite: suiteName(f.Root), File: f.Key(), Path: f.Path, Error: f.Err}
		results[i].Blocks = make([]BlockResult, len(f.Blocks))
		for j, b := range f.Blocks {
			res := BlockResult{Suite: results[i].Suite, File: f.Key(), ID: b.ID, Name: strings.TrimSpace(b.Name), Needs: fileNeeds(f)}
			if r.opt.Select != nil && !r.opt.Select(b) {
				res.Status, res.Reason, res.Class = "skip", "not selected", "skip"
				results[i].Blocks[j] = res
				b.Skip = "not selected"
				continue
			}
			if b.Skip != "" {
				res.Status, res.Reason, res.Class = "skip", b.Skip, b.Class
				results[i].Blocks[j] = res
				continue
			}
			results[i].Blocks[j] = res
			if f.Settings.UseHup {
				if len(jobs) == 0 || jobs[len(jobs)-1].hup == nil || jobs[len(jobs)-1].fi != i {
					jobs = append(jobs, job{fi: i, b: b, hup: []*Block{}})
				}
				last := &jobs[len(jobs)-1]
				last.hup = append(last.hup, b)
				last.b.Locks = mergeLocks(last.b.Locks, b.Locks)
			} else {
				jobs = append(jobs, job{fi: i, b: b})
			}
			pending[i]++
		}
		if pending[i] == 0 {
			f.Loader.Close()
		}
	}

	// longest-running shapes first: blocks with fixed resources go early so
	// they do not serialise the tail of the run
	sort.SliceStable(jobs, func(a, b int) bool { return len(jobs[a].b.Locks) > len(jobs[b].b.Locks) })

	started := time.Now()
	queue := make(chan job)
	var mu sync.Mutex
	var workers sync.WaitGroup
	for s := 0; s < r.opt.Jobs; s++ {
		// ".../t/servroot_N" as Test::Nginx names it: some expectations match
		// the server root path
		slot := &slot{ServRoot: filepath.Join(work, "t", "servroot_"+strconv.Itoa(s)), Port: r.opt.BasePort + s}
		workers.Add(1)
		go func() {
			defer workers.Done()
			for j := range queue {
				var out []BlockResult
				var blocks []*Block
				if j.hup != nil {
					blocks = j.hup
					out = r.runHupLocked(ctx, j.hup, slot)
				} else {
					blocks = []*Block{j.b}
					out = []BlockResult{r.runLocked(ctx, j.b, slot)}
				}
				mu.Lock()
				for k, res := range out {
					results[j.fi].Blocks[blocks[k].Index-1] = res
				}
				pending[j.fi] -= len(out)
				done := pending[j.fi] == 0
				mu.Unlock()
				if done {
					loaded[j.fi].Loader.Close()
				}
				if r.opt.Progress != nil {
					mu.Lock()
					for _, res := range out {
						line := fmt.Sprintf("%-5s %s %s %s", res.Status, res.Suite, res.File, res.ID)
						if res.Status == "fail" && res.Reason != "" {
							line += ": " + shorten(strings.ReplaceAll(res.Reason, "\n", " "), 160)
						}
						fmt.Fprintln(r.opt.Progress, line)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		select {
		case queue <- j:
		case <-ctx.Done():
		}
	}
	close(queue)
	workers.Wait()

	// blocks that failed while others ran get one more run alone: timing
	// checks and connection counts do not survive a loaded machine. A
	// server that did not start fails the same way alone, and the reruns
	// get a share of the time the parallel phase took.
	var failed []job
	for _, j := range jobs {
		if j.hup != nil {
			continue // blocks that depend on the blocks before them
		}
		res := results[j.fi].Blocks[j.b.Index-1]
		if r.opt.ExpectFail != nil && r.opt.ExpectFail(res) {
			continue // a known failure: a rerun would not change the verdict
		}
		if res.Status == "fail" && !(len(res.Failures) > 0 && res.Failures[0].Check == "start") {
			failed = append(failed, j)
		}
	}
	budget := time.Since(started) / 4
	if budget < time.Minute {
		budget = time.Minute
	}
	retryUntil := time.Now().Add(budget)
	if !r.opt.NoRetry && r.opt.Jobs > 1 && len(failed) <= maxRetries && ctx.Err() == nil {
		s0 := &slot{ServRoot: filepath.Join(work, "t", "servroot_0"), Port: r.opt.BasePort}
		for _, j := range failed {
			if ctx.Err() != nil || time.Now().After(retryUntil) {
				break
			}
			if j.b.File.Loader == nil || j.b.File.Loader.closed() {
				l, err := LoadPerl(j.b.File.Path, j.b.File.Root, r.opt.PerlIncludes, r.perlEnv(), time.Minute)
				if err != nil {
					continue
				}
				j.b.File.Loader = l
			}
			res := r.runLocked(ctx, j.b, s0)
			if res.Status == "pass" {
				res.Retried = true
				results[j.fi].Blocks[j.b.Index-1] = res
			}
			if r.opt.Progress != nil {
				fmt.Fprintf(r.opt.Progress, "rerun %-5s %s %s %s\n", res.Status, res.Suite, res.File, res.ID)
			}
		}
		for _, f := range loaded {
			f.Loader.Close()
		}
	}
	for _, j := range jobs {
		blocks := []*Block{j.b}
		if j.hup != nil {
			blocks = j.hup
		}
		for _, b := range blocks {
			if res := &results[j.fi].Blocks[b.Index-1]; res.Status == "fail" {
				res.Uses = blockUses(b)
			}
		}
	}
	return results, ctx.Err()
}

// slot is one worker's server root and port.
type slot struct {
	ServRoot string
	Port     int
}

func (r *Runner) lock(name string) *sync.Mutex {
	m, _ := r.locks.LoadOrStore(name, &sync.Mutex{})
	return m.(*sync.Mutex)
}

// runLocked takes the block's resource locks (in sorted order, so workers
// cannot deadlock) around the run.
func (r *Runner) runLocked(ctx context.Context, b *Block, s *slot) BlockResult {
	if b.Serial {
		r.serial.Lock()
		defer r.serial.Unlock()
	} else {
		r.serial.RLock()
		defer r.serial.RUnlock()
	}
	for _, l := range b.Locks {
		m := r.lock(l)
		m.Lock()
		defer m.Unlock()
	}
	start := time.Now()
	res := r.runBlock(ctx, b, s, nil)
	res.Seconds = time.Since(start).Seconds()
	return res
}

// runHupLocked runs a HUP-mode file's blocks in order on one server.
func (r *Runner) runHupLocked(ctx context.Context, blocks []*Block, s *slot) []BlockResult {
	r.serial.RLock()
	defer r.serial.RUnlock()
	for _, l := range blocks[0].Locks {
		m := r.lock(l)
		m.Lock()
		defer m.Unlock()
	}
	hup := &hupState{}
	out := make([]BlockResult, 0, len(blocks))
	for _, b := range blocks {
		start := time.Now()
		res := r.runBlock(ctx, b, s, hup)
		res.Seconds = time.Since(start).Seconds()
		out = append(out, res)
	}
	if hup.srv != nil {
		hup.srv.Stop(3 * time.Second)
	}
	return out
}

func mergeLocks(a, b []string) []string {
	set := map[string]bool{}
	for _, l := range append(append([]string(nil), a...), b...) {
		set[l] = true
	}
	out := make([]string, 0, len(set))
	for l := range set {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// suiteName names a suite by its root folder; gresty's own suite (t/ of
// this module) is "gresty", whatever the checkout is called.
func suiteName(root string) string {
	if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil && strings.HasPrefix(string(b), "module gresty\n") {
		return "gresty"
	}
	return filepath.Base(root)
}

// loadFile parses a .t file and evaluates it with the Perl loader.
func (r *Runner) loadFile(path string) *SuiteFile {
	root, rel := suiteRoot(path)
	f := &SuiteFile{Path: path, Root: root, Rel: rel, Suite: suiteName(root)}
	src, err := os.ReadFile(path)
	if err != nil {
		f.Err = err.Error()
		return f
	}
	tf, err := ParseTestFile(string(src))
	if err != nil {
		f.Err = "parse: " + err.Error()
		return f
	}
	for i, rb := range tf.Blocks {
		f.Blocks = append(f.Blocks, &Block{File: f, Index: i + 1, Name: rb.Name, Raw: rb})
	}
	if m := preambleResolver.FindStringSubmatch(tf.Preamble); m != nil {
		f.WantResolver = m[1]
	}
	assignIDs(f.Blocks)

	env := r.perlEnv()
	loader, err := LoadPerl(path, root, r.opt.PerlIncludes, env, 60*time.Second)
	if err != nil {
		f.Err = err.Error()
		for _, b := range f.Blocks {
			b.Skip, b.Class = "the Perl loader failed: "+err.Error(), ClassRunnerLimit
		}
		return f
	}
	f.Loader = loader
	d := loader.Dump
	switch {
	case d.SkipAll != nil:
		for _, b := range f.Blocks {
			b.Skip, b.Class = "skip_all: "+*d.SkipAll, "skip"
		}
		return f
	case d.BailOut != nil:
		f.Err = "bail_out: " + *d.BailOut
		for _, b := range f.Blocks {
			b.Skip, b.Class = "the preamble bailed out: "+*d.BailOut, ClassRunnerLimit
		}
		return f
	}
	f.Settings = d.Settings
	f.Env = envChanges(env, d.Env)
	// pair the evaluated blocks with the parsed ones
	chosen := Choose(tf.Blocks)
	k := 0
	for i, b := range f.Blocks {
		if !chosen[i] {
			continue
		}
		if k < len(d.Blocks) {
			pb := d.Blocks[k]
			if strings.TrimSpace(pb.Name) == strings.TrimSpace(b.Name) {
				b.Perl = &d.Blocks[k]
			} else {
				b.Skip, b.Class = fmt.Sprintf("block order mismatch with Perl (%q)", pb.Name), ClassRunnerLimit
			}
		}
		k++
	}
	classify(f, r.opt.Target, r.expansionEnv(f, servRootToken, 0))
	return f
}

var preambleResolver = regexp.MustCompile(`\$ENV\{TEST_NGINX_RESOLVER\}\s*(?:\|\|)?=\s*['"]([^'"]+)['"]`)

// perlEnv is the environment the loader runs with: the runner's
// TEST_NGINX_* values set before the preamble's "||=" defaults apply.
func (r *Runner) perlEnv() []string {
	env := os.Environ()
	env = append(env,
		"TEST_NGINX_SERVER_PORT="+portToken,
		"TEST_NGINX_RESOLVER="+r.resolver(),
		"TEST_NGINX_REDIS_PORT=6379",
		"TEST_NGINX_MEMCACHED_PORT=11211",
		"TEST_NGINX_BINARY="+r.opt.Target.Bin,
	)
	return env
}

func (r *Runner) resolver() string {
	if r.stub != nil {
		return r.stub.Resolver()
	}
	return "127.0.0.1"
}

// expansionEnv is the map $TEST_NGINX_* placeholders expand from for one
// run: the runner's values, the preamble's, then the run's own root and
// port (and always the loopback resolver).
func (r *Runner) expansionEnv(f *SuiteFile, servRoot string, port int) map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "TEST_NGINX_") {
			env[k] = v
		}
	}
	env["TEST_NGINX_REDIS_PORT"] = "6379"
	env["TEST_NGINX_MEMCACHED_PORT"] = "11211"
	for k, v := range f.Env {
		env[k] = ReplaceTokens(v, servRoot, port)
	}
	env["TEST_NGINX_SERVER_PORT"] = strconv.Itoa(port)
	env["TEST_NGINX_SERVER_ROOT"] = servRoot
	env["TEST_NGINX_RESOLVER"] = r.resolver()
	return env
}

// freePort asks the kernel for an unused loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// fileNeeds tells what a preamble asks of the environment that the runner
// cannot give: mockeagain fakes slow networks by LD_PRELOAD into nginx.
func fileNeeds(f *SuiteFile) string {
	if strings.Contains(f.Env["LD_PRELOAD"], "mockeagain") || f.Env["MOCKEAGAIN"] != "" {
		return "mockeagain"
	}
	return ""
}

// envChanges keeps the variables the test file set or changed, compared
// with the environment the loader started with.
func envChanges(start []string, now map[string]string) map[string]string {
	before := map[string]string{}
	for _, kv := range start {
		if k, v, ok := strings.Cut(kv, "="); ok {
			before[k] = v
		}
	}
	out := map[string]string{}
	for k, v := range now {
		if old, ok := before[k]; !ok || old != v {
			out[k] = v
		}
	}
	return out
}

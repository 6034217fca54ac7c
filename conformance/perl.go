package conformance

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

//go:embed perl
var perlFS embed.FS

// Tokens the Perl stand-in hands out for html_dir(), server_root() and the
// server port; the runner replaces them per block.
const (
	servRootToken = "/__GRESTY_SERVROOT__"
	portToken     = "__GRESTY_PORT__"
)

// PerlBlock is one block as the loader dumped it (filters already run,
// add_block_preprocessor hooks applied).
type PerlBlock struct {
	Name            string            `json:"name"`
	Seq             int               `json:"seq"`
	Description     string            `json:"description"`
	Sections        map[string]Value  `json:"sections"`
	Filters         map[string]string `json:"filters"`
	Order           []string          `json:"order"`
	PreprocessError string            `json:"preprocess_error"`
	SkipEvalResult  *bool             `json:"skip_eval_result"`
}

// Settings are the file-level settings the preamble made.
type Settings struct {
	RepeatEach         int      `json:"repeat_each"`
	NoLongString       bool     `json:"no_long_string"`
	LogLevel           string   `json:"log_level"`
	NoShuffle          bool     `json:"no_shuffle"`
	NoRootLocation     bool     `json:"no_root_location"`
	MasterProcess      string   `json:"master_process"`
	Workers            string   `json:"workers"`
	WorkerConnections  string   `json:"worker_connections"`
	ServerName         string   `json:"server_name"`
	ConfigPreamble     string   `json:"config_preamble"`
	Timeout            string   `json:"timeout"`
	UseHup             bool     `json:"use_hup"`
	CheckAccumErrorLog bool     `json:"check_accum_error_log"`
	EnvToNginx         []string `json:"env_to_nginx"`
	HTTPConfigFilter   bool     `json:"http_config_filter"`
}

// PerlDump is everything the loader reports for one file.
type PerlDump struct {
	SkipAll  *string           `json:"skip_all"`
	BailOut  *string           `json:"bail_out"`
	Blocks   []PerlBlock       `json:"blocks"`
	Settings Settings          `json:"settings"`
	Env      map[string]string `json:"env"`
}

var (
	perlLibOnce sync.Once
	perlLibDir  string
	perlLibErr  error
)

// perlLib extracts the embedded stand-in modules into a folder named by
// their content hash, shared by runs of the same build (so no run leaves a
// new folder behind).
func perlLib() (string, error) {
	perlLibOnce.Do(func() {
		sub, _ := fs.Sub(perlFS, "perl")
		h := sha256.New()
		var files []string
		_ = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		sort.Strings(files)
		for _, p := range files {
			data, _ := fs.ReadFile(sub, p)
			h.Write([]byte(p + "\x00"))
			h.Write(data)
		}
		dir := filepath.Join(os.TempDir(), "gresty-perl-"+hex.EncodeToString(h.Sum(nil))[:16])
		if _, err := os.Stat(filepath.Join(dir, "Test", "Nginx", "Util.pm")); err == nil {
			perlLibDir = dir
			return
		}
		tmp, err := os.MkdirTemp(os.TempDir(), "gresty-perl-tmp-")
		if err != nil {
			perlLibErr = fmt.Errorf("create perl lib folder: %w", err)
			return
		}
		for _, p := range files {
			data, _ := fs.ReadFile(sub, p)
			target := filepath.Join(tmp, p)
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				perlLibErr = err
				return
			}
			if err := os.WriteFile(target, data, 0o644); err != nil {
				perlLibErr = err
				return
			}
		}
		if err := os.Rename(tmp, dir); err != nil {
			// another run put the same files there first
			os.RemoveAll(tmp)
			if _, serr := os.Stat(filepath.Join(dir, "Test", "Nginx", "Util.pm")); serr != nil {
				perlLibErr = fmt.Errorf("install perl lib folder: %w", err)
				return
			}
		}
		perlLibDir = dir
	})
	return perlLibDir, perlLibErr
}

// Loader is a running Perl evaluation of one .t file. It stays alive so
// that code values (CODE references) can be called while the file's
// blocks run.
type Loader struct {
	Dump PerlDump

	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *bytes.Buffer
	done   chan struct{}
}

// LoadPerl evaluates the test file with the stand-in Test::Nginx modules.
// dir is the suite's package root (the working directory prove would use),
// includes extra -I folders, env the loader's environment.
func LoadPerl(file, dir string, includes, env []string, timeout time.Duration) (*Loader, error) {
	lib, err := perlLib()
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(dir, file)
	if err != nil {
		rel = file
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("pipe: %w", err)
	}
	args := []string{"-I" + lib}
	for _, inc := range includes {
		args = append(args, "-I"+inc)
	}
	args = append(args, "-I.", rel)
	cmd := exec.Command("perl", args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.ExtraFiles = []*os.File{pw}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		pr.Close()
		pw.Close()
		return nil, fmt.Errorf("stdin pipe: %w", err)
	}
	l := &Loader{cmd: cmd, stdin: stdin, out: bufio.NewReaderSize(pr, 1<<20), stderr: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stdout = io.Discard
	cmd.Stderr = l.stderr
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return nil, fmt.Errorf("start perl: %w", err)
	}
	pw.Close()
	go func() {
		_ = cmd.Wait()
		pr.Close()
		close(l.done)
	}()

	type result struct {
		line []byte
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := l.out.ReadBytes('\n')
		ch <- result{line, err}
	}()
	select {
	case r := <-ch:
		if len(bytes.TrimSpace(r.line)) == 0 {
			l.Close()
			<-l.done
			return nil, fmt.Errorf("perl loader produced no blocks: %s", lastLines(l.stderr.String(), 6))
		}
		if err := json.Unmarshal(r.line, &l.Dump); err != nil {
			l.Close()
			return nil, fmt.Errorf("decode perl dump: %w", err)
		}
		l.Dump.fixBytes()
	case <-time.After(timeout):
		l.Close()
		return nil, fmt.Errorf("perl loader timed out after %v", timeout)
	}
	return l, nil
}

// Call runs the loader's code value id with arg and returns its result.
func (l *Loader) Call(id int, arg string) (Value, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	req, _ := json.Marshal(map[string]any{"id": id, "arg": bytesToLatin1(arg)})
	if _, err := l.stdin.Write(append(req, '\n')); err != nil {
		return Value{}, fmt.Errorf("call perl code: %w", err)
	}
	line, err := l.out.ReadBytes('\n')
	if err != nil {
		return Value{}, fmt.Errorf("read perl reply: %w", err)
	}
	var resp struct {
		V   Value  `json:"v"`
		Err string `json:"err"`
	}
	if err := json.Unmarshal(line, &resp); err != nil {
		return Value{}, fmt.Errorf("decode perl reply: %w", err)
	}
	if resp.Err != "" {
		return Value{}, fmt.Errorf("perl code failed: %s", strings.TrimSpace(resp.Err))
	}
	return resp.V, nil
}

// Close ends the loader process and waits for it.
func (l *Loader) Close() {
	if l == nil || l.cmd == nil {
		return
	}
	l.stdin.Close()
	select {
	case <-l.done:
	case <-time.After(2 * time.Second):
		_ = l.cmd.Process.Kill()
		<-l.done
	}
}

func (l *Loader) closed() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

// Stderr returns what the Perl side wrote to standard error.
func (l *Loader) Stderr() string { return l.stderr.String() }

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// fixBytes maps the plain-string fields, which JSON decoding left as
// latin-1 text, back to Perl's bytes.
func (d *PerlDump) fixBytes() {
	for i := range d.Blocks {
		d.Blocks[i].Name = latin1ToBytes(d.Blocks[i].Name)
		d.Blocks[i].Description = latin1ToBytes(d.Blocks[i].Description)
		d.Blocks[i].PreprocessError = latin1ToBytes(d.Blocks[i].PreprocessError)
	}
	for k, v := range d.Env {
		d.Env[k] = latin1ToBytes(v)
	}
	s := &d.Settings
	s.ConfigPreamble = latin1ToBytes(s.ConfigPreamble)
	for i, e := range s.EnvToNginx {
		s.EnvToNginx[i] = latin1ToBytes(e)
	}
}

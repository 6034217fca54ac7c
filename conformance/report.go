package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// PrintSummary writes one line per file and the total line.
func PrintSummary(w io.Writer, results []FileResult) (p, f, s int) {
	for _, r := range results {
		fp, ff, fs := r.Counts()
		line := fmt.Sprintf("%s/%s: %d passed, %d failed, %d skipped", r.Suite, r.File, fp, ff, fs)
		if r.Error != "" {
			line += " (" + shorten(strings.ReplaceAll(r.Error, "\n", " "), 120) + ")"
		}
		fmt.Fprintln(w, line)
		p, f, s = p+fp, f+ff, s+fs
	}
	fmt.Fprintf(w, "total: %d passed, %d failed, %d skipped\n", p, f, s)
	return
}

// JSONReport is the --json output.
type JSONReport struct {
	Target  string       `json:"target"`
	Passed  int          `json:"passed"`
	Failed  int          `json:"failed"`
	Skipped int          `json:"skipped"`
	Files   []FileResult `json:"files"`
}

// WriteJSON writes the per-block report, with expected/actual cut short.
func WriteJSON(path, target string, results []FileResult) error {
	rep := JSONReport{Target: target}
	for _, r := range results {
		fr := r
		fr.Blocks = make([]BlockResult, len(r.Blocks))
		for i, b := range r.Blocks {
			b.Failures = append([]Failure(nil), b.Failures...)
			for j := range b.Failures {
				fl := &b.Failures[j]
				if fl.Expected != "" || fl.Actual != "" {
					fl.Diff = ShortDiff(fl.Expected, fl.Actual)
				}
				fl.Expected = shorten(fl.Expected, 2000)
				fl.Actual = shorten(fl.Actual, 2000)
			}
			fr.Blocks[i] = b
		}
		p, f, s := r.Counts()
		rep.Passed, rep.Failed, rep.Skipped = rep.Passed+p, rep.Failed+f, rep.Skipped+s
		rep.Files = append(rep.Files, fr)
	}
	data, err := json.MarshalIndent(rep, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// ReadJSON loads a report written by WriteJSON.
func ReadJSON(path string) (*JSONReport, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rep JSONReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return &rep, nil
}

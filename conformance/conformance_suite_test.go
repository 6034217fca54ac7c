package conformance_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"gresty/conformance"
	vendorlua "gresty/vendor-lua"
)

func TestConformance(t *testing.T) {
	currentT = t
	RegisterFailHandler(Fail)
	RunSpecs(t, "Conformance Suite")
}

var _ = Describe("the pinned upstream suites on the gresty target", Ordered, func() {
	var (
		moduleRoot string
		vendorDir  string
		target     *conformance.Target
	)

	BeforeAll(func(ctx SpecContext) {
		wd, err := os.Getwd()
		Expect(err).NotTo(HaveOccurred())
		moduleRoot = filepath.Dir(wd)
		vendorDir = filepath.Join(moduleRoot, "vendor-lua")

		v, err := vendorlua.New(vendorDir, GinkgoWriter)
		Expect(err).NotTo(HaveOccurred())
		if v.Check() != nil {
			By("vendoring the upstream sources")
			Expect(v.Ensure(ctx)).To(Succeed())
		}

		if _, err := exec.LookPath("perl"); err != nil {
			Skip("perl (with Debian's libtest-base-perl) is needed to evaluate the suites")
		}

		By("building the gresty binary")
		bin := filepath.Join(GinkgoT().TempDir(), "gresty")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "gresty/cmd/gresty")
		build.Dir = moduleRoot
		if out, err := build.CombinedOutput(); err != nil {
			Skip("the gresty binary does not build yet: " + lastLine(string(out)))
		}
		target = conformance.NewGrestyTarget(bin)

		By("checking that gresty serves a trivial block")
		if err := conformance.Probe(ctx, target, 29840); err != nil {
			Skip("the gresty binary cannot serve a trivial block yet, so the suites are not run: " + err.Error())
		}
	}, NodeTimeout(10*time.Minute))

	It("fails no block outside the ledger and passes no ledgered block", func(ctx SpecContext) {
		svc, err := conformance.StartServices(ctx)
		Expect(err).NotTo(HaveOccurred())
		defer svc.Stop()

		suites, err := conformance.PinnedSuites(vendorDir)
		Expect(err).NotTo(HaveOccurred())
		// gresty's own blocks (t/), run against both targets like the
		// upstream ones.
		suites = append(suites, filepath.Join(moduleRoot, "t"))
		files, err := conformance.CollectFiles(suites)
		Expect(err).NotTo(HaveOccurred())

		// go test stops a package after 10 minutes unless told otherwise:
		// end the run before that, to fail with a message, not a panic
		budget := 55 * time.Minute
		if d, ok := testDeadline(); ok && time.Until(d)-30*time.Second < budget {
			budget = time.Until(d) - 30*time.Second
		}
		runCtx, cancel := context.WithTimeout(ctx, budget)
		defer cancel()

		ledger, err := conformance.LoadLedger(filepath.Join(moduleRoot, "conformance", "ledger.txt"))
		Expect(err).NotTo(HaveOccurred())
		runner := conformance.NewRunner(conformance.Options{
			ExpectFail: func(r conformance.BlockResult) bool { return ledger.Expects("gresty", r) },
			Target:     target,
			Jobs:       4 * runtime.NumCPU(),
			Once:       true,
			LuaPath:    conformance.VendoredLuaPath(vendorDir),
			BasePort:   29840,
		})
		results, err := runner.Run(runCtx, files)
		if runCtx.Err() != nil && ctx.Err() == nil {
			Fail("the suites did not finish within " + budget.Round(time.Second).String() +
				"; run with a longer go test -timeout (e.g. 30m)")
		}
		Expect(err).NotTo(HaveOccurred())
		conformance.PrintSummary(GinkgoWriter, results)

		diff := ledger.Compare("gresty", results)
		Expect(diff.Lines()).To(BeEmpty(), "regenerate with: gresty test --target gresty --once --services --ledger conformance/ledger.txt --ledger-update vendor-lua/upstream/*/t t")
	}, NodeTimeout(60*time.Minute))
})

// testDeadline is go test's -timeout deadline, when one is set.
func testDeadline() (time.Time, bool) {
	t := currentT
	if t == nil {
		return time.Time{}, false
	}
	return t.Deadline()
}

var currentT *testing.T

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

# gresty: the README's commands.
GO ?= go

.PHONY: build example test test-go test-conformance vendor reference bench

build:
	$(GO) build -o bin/gresty ./cmd/gresty

# Serve the bundled example on 127.0.0.1:8080 (Ctrl-C stops it).
example: build
	./bin/gresty -p examples/hello/

# Every test: Go unit tests (race detector on), then the upstream
# Test::Nginx suites on gresty against the ledger.
test:
	$(GO) vet ./...
	$(GO) test -race -timeout 45m ./...

vendor: build
	./bin/gresty vendor

# The upstream suites against the reference nginx (Debian's nginx with the
# lua module); records what the ledger says of the nginx target.
reference: build
	./bin/gresty test --target nginx vendor-lua/upstream

# Benchmarks against the reference OpenResty (Debian's nginx + lua module),
# both servers pinned to the same CPUs, wrk on another; see docs/PERFORMANCE.md.
bench:
	./bench/setup.sh
	$(GO) run ./bench -workers 1

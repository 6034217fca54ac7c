package ffi

import (
	"path/filepath"
	"sync"
	"testing"
)

// Several VMs (workers) use the FFI at once, each on its own goroutine:
// the shared parts (symbol registry, static OpenSSL descriptors, address
// numbering) must be safe under the race detector.
func TestVMsInParallel(t *testing.T) {
	libs := []string{
		filepath.Join(upstream, "lua-resty-lrucache-0.13", "lib"),
		filepath.Join(upstream, "lua-resty-string-0.11", "lib"),
	}
	var wg sync.WaitGroup
	results := make([]string, 4)
	vms := make([]*libVM, len(results))
	for w := range vms {
		vms[w] = newLibVM(t, libs...)
		defer vms[w].L.Close()
	}
	for w := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vm := vms[w]
			out, err := vm.runErr("worker", `
				local ffi = require "ffi"
				local sha256 = require "resty.sha256"
				local aes = require "resty.aes"
				local str = require "resty.string"
				local lru = require "resty.lrucache"
				local c = lru.new(50)
				local last
				for i = 1, 200 do
					local h = sha256:new()
					h:update("worker data " .. i)
					last = str.to_hex(h:final())
					c:set(last, i)
				end
				local a = aes:new("key")
				ngx.say(last, " ", c:count(), " ", a:decrypt(a:encrypt("msg")),
					" ", tonumber(ffi.cast("uintptr_t", ffi.new("int[1]"))) > 2^32)`)
			if err != nil {
				t.Error(err)
			}
			results[w] = out
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r != results[0] || r == "" {
			t.Errorf("worker %d printed %q, worker 0 %q", i, r, results[0])
		}
	}
}

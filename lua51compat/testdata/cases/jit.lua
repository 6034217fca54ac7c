--- jit fields
emit(jit.version, jit.version_num, jit.os, jit.arch, type(jit.opt), type(jit.opt.start), jit.util, jit.profile)
local k = {} for n in pairs(jit) do k[#k + 1] = n end table.sort(k) emit(table.concat(k, ","))
emit(package.loaded.jit == jit, package.loaded["jit.opt"] == jit.opt, require("jit") == jit, require("jit.opt") == jit.opt)
--- status, on and off
emit(jit.status()) try(jit.off) emit(jit.status()) try(jit.on) emit(jit.status()) try(jit.flush) emit(jit.status())
try(jit.on, function() end) try(jit.on, 1) try(jit.off, false) try(jit.flush, "x") try(jit.on, nil) emit(select("#", jit.status()))
jit.off() jit.flush() emit((jit.status())) jit.on()
--- opt.start
try(jit.opt.start) try(jit.opt.start, "-fold") emit(jit.status()) try(jit.opt.start, "+fold") emit(jit.status())
try(jit.opt.start, "nocse", "noloop") emit(jit.status()) try(jit.opt.start, 3) emit(jit.status()) try(jit.opt.start, "0") emit(jit.status())
try(jit.opt.start, "1") emit(jit.status()) try(jit.opt.start, "2") emit(jit.status()) try(jit.opt.start, 3)
try(jit.opt.start, "bogus") try(jit.opt.start, "hotloop=10") try(jit.opt.start, "hotloop=x") try(jit.opt.start, "nosuch=1") try(jit.opt.start, {}) try(jit.opt.start, "-bogus")
try(jit.opt.start, "maxmcode=2048", "sizemcode=64") try(jit.opt.start, "4") try(jit.opt.start, "")
--- security attach prngstate
try(jit.security, "prng") try(jit.security, "strhash") try(jit.security) try(jit.security, "x")
try(jit.attach) try(jit.attach, print) try(jit.attach, print, "trace") try(jit.attach, 1)
local s = jit.prngstate() emit(#s, type(s[1]), select("#", jit.prngstate()))
try(jit.prngstate, "x") try(jit.prngstate, { 1, 2, 3, 4, 5, 6, 7, 8, 9 }) try(jit.prngstate, { "x" })
jit.prngstate({ 1, 2, 3, 4, 5, 6, 7, 8 }) local u = jit.prngstate() emit(u[1], u[2], u[8], #u)
jit.prngstate(5) u = jit.prngstate() emit(u[1], u[2], u[8], #u)
math.randomseed(42) u = jit.prngstate() emit(unpack(u))

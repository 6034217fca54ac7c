package runtime

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"math/rand/v2"
	"strconv"
	"time"

	"gresty/ngxshim"
	"gresty/runtime/config"
)

// set-misc-nginx-module's directives (which OpenResty bundles): rewrite
// statements that assign a variable, "set_unescape_uri $dst [src]" and
// friends. The one-value functions are ngxshim's (ndk.set_var shares them);
// the ones with more arguments are here.

func init() {
	for _, name := range ngxshim.SetMiscNames() {
		fn := ngxshim.SetMiscFunc(name)
		mustRegisterSetFunc(name, config.Args12, func(args []string) (string, string) { return fn(args[1]) })
	}
	mustRegisterSetFunc("set_if_empty", config.Args2, func(args []string) (string, string) {
		if args[0] != "" {
			return args[0], ""
		}
		return args[1], ""
	})
	mustRegisterSetFunc("set_hmac_sha1", config.Args3, func(args []string) (string, string) {
		m := hmac.New(sha1.New, []byte(args[1]))
		m.Write([]byte(args[2]))
		return string(m.Sum(nil)), ""
	})
	mustRegisterSetFunc("set_hmac_sha256", config.Args3, func(args []string) (string, string) {
		m := hmac.New(sha256.New, []byte(args[1]))
		m.Write([]byte(args[2]))
		return string(m.Sum(nil)), ""
	})
	mustRegisterSetFunc("set_local_today", config.Args1, func([]string) (string, string) {
		return time.Now().Format("2006-01-02"), ""
	})
	mustRegisterSetFunc("set_random", config.Args3, func(args []string) (string, string) {
		lo, err1 := strconv.Atoi(args[1])
		hi, err2 := strconv.Atoi(args[2])
		if err1 != nil || err2 != nil {
			return "", "set_random: bad \"from\"/\"to\" argument"
		}
		if lo > hi {
			lo, hi = hi, lo
		}
		return strconv.Itoa(lo + rand.IntN(hi-lo+1)), ""
	})
}

// mustRegisterSetFunc registers a set-misc directive.
func mustRegisterSetFunc(name string, args config.Arity, fn config.SetFunc) {
	if err := config.RegisterSetFunc(name, "set_misc", args, fn); err != nil {
		panic(err)
	}
}

package ffi

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
)

// OpenSSL's low-level digest API (MD5_Init/Update/Final and the SHA
// families) over Go's crypto packages, and the EVP_MD descriptors
// (EVP_md5() ...). The running hash is a Go object attached to the
// caller's context struct, so copying a context's bytes does not copy the
// hash state.

// evpMD is what an EVP_MD * points to.
type evpMD struct {
	name string
	size int
	new  func() hash.Hash
}

var digests = []struct {
	prefix string // low-level function prefix, "" when there is none
	evp    string
	md     *evpMD
}{
	{"MD5", "EVP_md5", &evpMD{"md5", md5.Size, md5.New}},
	{"SHA1", "EVP_sha1", &evpMD{"sha1", sha1.Size, sha1.New}},
	{"SHA224", "EVP_sha224", &evpMD{"sha224", sha256.Size224, sha256.New224}},
	{"SHA256", "EVP_sha256", &evpMD{"sha256", sha256.Size, sha256.New}},
	{"SHA384", "EVP_sha384", &evpMD{"sha384", sha512.Size384, sha512.New384}},
	{"SHA512", "EVP_sha512", &evpMD{"sha512", sha512.Size, sha512.New}},
}

func init() {
	for _, d := range digests {
		md := d.md
		mdPtr := NewStatic(md, 64)
		Register(d.evp, func(*Call) (Value, error) { return Ptr(mdPtr), nil })
		RegisterLib("crypto", d.evp, func(*Call) (Value, error) { return Ptr(mdPtr), nil })
		for name, fn := range map[string]Func{
			"_Init":   func(c *Call) (Value, error) { return digestInit(c, md) },
			"_Update": digestUpdate,
			"_Final":  func(c *Call) (Value, error) { return digestFinal(c, md) },
		} {
			Register(d.prefix+name, fn)
			RegisterLib("crypto", d.prefix+name, fn)
		}
	}
}

// digestInit is int XXX_Init(XXX_CTX *c).
func digestInit(c *Call, md *evpMD) (Value, error) {
	if err := c.Pointer(0).SetObject(md.new()); err != nil {
		return Void, err
	}
	return Int(1), nil
}

// digestUpdate is int XXX_Update(XXX_CTX *c, const void *data, size_t len).
func digestUpdate(c *Call) (Value, error) {
	h, ok := c.Pointer(0).Object().(hash.Hash)
	if !ok {
		return Int(0), nil
	}
	data, err := c.Pointer(1).Read(int(c.Uint(2)))
	if err != nil {
		return Void, err
	}
	h.Write(data)
	return Int(1), nil
}

// digestFinal is int XXX_Final(unsigned char *md, XXX_CTX *c); like
// OpenSSL it leaves the context unusable until the next Init.
func digestFinal(c *Call, md *evpMD) (Value, error) {
	ctx := c.Pointer(1)
	h, ok := ctx.Object().(hash.Hash)
	if !ok {
		return Int(0), nil
	}
	out, err := c.Pointer(0).Write(md.size)
	if err != nil {
		return Void, err
	}
	copy(out, h.Sum(nil))
	if err := ctx.SetObject(nil); err != nil {
		return Void, err
	}
	return Int(1), nil
}

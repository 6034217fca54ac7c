package ffi

import (
	"hash"
)

// OpenSSL's password-based key derivation for the EVP ciphers.

// bytesToKey is int EVP_BytesToKey(const EVP_CIPHER *type, const EVP_MD
// *md, const unsigned char *salt, const unsigned char *data, int datal,
// int count, unsigned char *key, unsigned char *iv): OpenSSL's key
// derivation D_i = md^count(D_(i-1) || data || salt), filling the key and
// then the IV; it returns the key length.
func bytesToKey(c *Call) (Value, error) {
	ci, ok := c.Pointer(0).Object().(*evpCipher)
	if !ok {
		return Int(0), nil
	}
	md, ok := c.Pointer(1).Object().(*evpMD)
	if !ok {
		return Int(0), nil
	}
	if c.Pointer(3).IsNull() {
		return Int(int64(ci.keyLen)), nil
	}
	var salt []byte
	if p := c.Pointer(2); !p.IsNull() {
		s, err := p.Read(8)
		if err != nil {
			return Void, err
		}
		salt = s
	}
	data, err := c.Pointer(3).Read(int(int32(c.Int(4))))
	if err != nil {
		return Void, err
	}
	count := int(int32(c.Int(5)))
	nkey, niv := ci.keyLen, ci.ivLen
	var key, iv []byte
	if p := c.Pointer(6); !p.IsNull() {
		if key, err = p.Write(nkey); err != nil {
			return Void, err
		}
	}
	if p := c.Pointer(7); !p.IsNull() && niv > 0 {
		if iv, err = p.Write(niv); err != nil {
			return Void, err
		}
	}
	var d []byte
	ki, ii := 0, 0
	for first := true; ki < nkey || ii < niv; first = false {
		h := md.new()
		if !first {
			h.Write(d)
		}
		h.Write(data)
		h.Write(salt)
		d = h.Sum(nil)
		for i := 1; i < count; i++ {
			d = rehash(md.new(), d)
		}
		j := 0
		for ; ki < nkey && j < len(d); ki, j = ki+1, j+1 {
			if key != nil {
				key[ki] = d[j]
			}
		}
		for ; ii < niv && j < len(d); ii, j = ii+1, j+1 {
			if iv != nil {
				iv[ii] = d[j]
			}
		}
	}
	return Int(int64(nkey)), nil
}

func rehash(h hash.Hash, d []byte) []byte {
	h.Write(d)
	return h.Sum(nil)
}

package ffi

import "crypto/rand"

// OpenSSL's RAND_bytes and RAND_pseudo_bytes over crypto/rand.

func init() {
	for _, name := range []string{"RAND_bytes", "RAND_pseudo_bytes", "RAND_priv_bytes"} {
		Register(name, randBytes)
		RegisterLib("crypto", name, randBytes)
	}
}

// randBytes is int RAND_bytes(unsigned char *buf, int num).
func randBytes(c *Call) (Value, error) {
	n := int(int32(c.Int(1)))
	if n < 0 {
		return Int(0), nil
	}
	buf, err := c.Pointer(0).Write(n)
	if err != nil {
		return Void, err
	}
	if _, err := rand.Read(buf); err != nil {
		return Int(0), nil
	}
	return Int(1), nil
}

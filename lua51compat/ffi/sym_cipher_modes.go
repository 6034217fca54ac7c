package ffi

import (
	"bytes"
	"crypto/cipher"
)

// The AES modes of the EVP cipher contexts, streaming as OpenSSL streams
// them: ECB and CBC over whole blocks with a partial block kept (and the
// last block held back when decrypting with padding), CFB-1/8/128, OFB,
// CTR and GCM keeping their keystream position across updates.

// process runs input through the mode and returns the output now due.
func (x *cipherCtx) process(in []byte) []byte {
	switch x.c.mode {
	case modeECB, modeCBC:
		return x.blocks(in)
	case modeGCM:
		x.text = append(x.text, in...)
		return x.counterStream(in, true)
	case modeCTR:
		return x.counterStream(in, false)
	case modeOFB:
		out := make([]byte, len(in))
		for i, v := range in {
			if x.num == 0 {
				x.b.Encrypt(x.reg, x.reg)
			}
			out[i] = v ^ x.reg[x.num]
			x.num = (x.num + 1) & 15
		}
		return out
	case modeCFB128:
		out := make([]byte, len(in))
		for i, v := range in {
			if x.num == 0 {
				x.b.Encrypt(x.reg, x.reg)
			}
			out[i] = v ^ x.reg[x.num]
			if x.enc {
				x.reg[x.num] = out[i]
			} else {
				x.reg[x.num] = v
			}
			x.num = (x.num + 1) & 15
		}
		return out
	case modeCFB8:
		out := make([]byte, len(in))
		for i, v := range in {
			x.b.Encrypt(x.ks, x.reg)
			out[i] = v ^ x.ks[0]
			c := out[i]
			if !x.enc {
				c = v
			}
			copy(x.reg, x.reg[1:])
			x.reg[15] = c
		}
		return out
	case modeCFB1:
		out := make([]byte, len(in))
		for i, v := range in {
			var o byte
			for bit := 7; bit >= 0; bit-- {
				x.b.Encrypt(x.ks, x.reg)
				ib := v >> uint(bit) & 1
				ob := ib ^ x.ks[0]>>7
				o |= ob << uint(bit)
				c := ob
				if !x.enc {
					c = ib
				}
				shiftLeft1(x.reg, c)
			}
			out[i] = o
		}
		return out
	}
	return nil
}

// shiftLeft1 shifts a 128-bit register left by one bit, shifting in b.
func shiftLeft1(r []byte, b byte) {
	for i := 0; i < len(r)-1; i++ {
		r[i] = r[i]<<1 | r[i+1]>>7
	}
	r[len(r)-1] = r[len(r)-1]<<1 | b
}

// counterStream XORs with the AES-CTR keystream; GCM increments only the
// low 32 bits of the counter.
func (x *cipherCtx) counterStream(in []byte, inc32 bool) []byte {
	out := make([]byte, len(in))
	for i, v := range in {
		if x.num == 0 {
			x.b.Encrypt(x.ks, x.ctr)
			n := len(x.ctr)
			stop := 0
			if inc32 {
				stop = n - 4
			}
			for j := n - 1; j >= stop; j-- {
				x.ctr[j]++
				if x.ctr[j] != 0 {
					break
				}
			}
		}
		out[i] = v ^ x.ks[x.num]
		x.num = (x.num + 1) & 15
	}
	return out
}

// blocks runs ECB or CBC over whole blocks, keeping a partial block and,
// when decrypting with padding, the last block for Final.
func (x *cipherCtx) blocks(in []byte) []byte {
	data := append(x.buf, in...)
	n := len(data) / 16 * 16
	x.buf = append([]byte(nil), data[n:]...)
	out := make([]byte, 0, len(x.held)+n)
	out = append(out, x.held...)
	x.held = nil
	for i := 0; i < n; i += 16 {
		out = append(out, x.block(data[i:i+16])...)
	}
	if !x.enc && x.padding && len(x.buf) == 0 && len(out) >= 16 {
		x.held = append([]byte(nil), out[len(out)-16:]...)
		out = out[:len(out)-16]
	}
	return out
}

// block encrypts or decrypts one block, chaining for CBC.
func (x *cipherCtx) block(in []byte) []byte {
	out := make([]byte, 16)
	switch {
	case x.c.mode == modeECB && x.enc:
		x.b.Encrypt(out, in)
	case x.c.mode == modeECB:
		x.b.Decrypt(out, in)
	case x.enc:
		for i := range out {
			out[i] = in[i] ^ x.reg[i]
		}
		x.b.Encrypt(out, out)
		copy(x.reg, out)
	default:
		x.b.Decrypt(out, in)
		for i := range out {
			out[i] ^= x.reg[i]
		}
		copy(x.reg, in)
	}
	return out
}

// final finishes the message: padding for block modes, the tag for GCM.
func (x *cipherCtx) final() ([]byte, bool) {
	switch x.c.mode {
	case modeECB, modeCBC:
		if x.enc {
			if !x.padding {
				return nil, len(x.buf) == 0
			}
			n := 16 - len(x.buf)
			last := append(x.buf, bytes.Repeat([]byte{byte(n)}, n)...)
			x.buf = nil
			return x.block(last), true
		}
		if !x.padding {
			return nil, len(x.buf) == 0
		}
		if len(x.buf) != 0 || len(x.held) != 16 {
			return nil, false
		}
		last := x.held
		x.held = nil
		n := int(last[15])
		if n == 0 || n > 16 {
			return nil, false
		}
		for _, v := range last[16-n:] {
			if int(v) != n {
				return nil, false
			}
		}
		return last[:16-n], true
	case modeGCM:
		g, err := cipher.NewGCM(x.b)
		if err != nil || len(x.oiv) != g.NonceSize() {
			return nil, false
		}
		if x.enc {
			sealed := g.Seal(nil, x.oiv, x.text, x.aad)
			x.tag = sealed[len(sealed)-g.Overhead():]
			return nil, true
		}
		if x.tag == nil {
			return nil, false
		}
		full := make([]byte, 16)
		copy(full, x.tag)
		if len(x.tag) != 16 {
			return nil, false
		}
		_, err = g.Open(nil, x.oiv, append(append([]byte(nil), x.text...), full...), x.aad)
		return nil, err == nil
	}
	return nil, true
}

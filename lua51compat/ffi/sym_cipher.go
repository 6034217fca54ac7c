package ffi

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
)

// OpenSSL's EVP cipher API for AES (EVP_aes_{128,192,256}_{ecb,cbc,cfb1,
// cfb8,cfb128,ofb,ctr,gcm}, EVP_CIPHER_CTX_*, EVP_Encrypt*/EVP_Decrypt*/
// EVP_Cipher*, EVP_BytesToKey) over crypto/aes, with OpenSSL's streaming
// behaviour: block modes buffer partial blocks and pad with PKCS#7 in
// Final, decryption holds back the last block until Final checks its
// padding, the other modes keep their keystream position across updates,
// and re-initializing with a NULL IV restarts from the original IV.

type cipherMode uint8

const (
	modeECB cipherMode = iota
	modeCBC
	modeCFB1
	modeCFB8
	modeCFB128
	modeOFB
	modeCTR
	modeGCM
)

// evpCipher is what an EVP_CIPHER * points to.
type evpCipher struct {
	name   string
	keyLen int
	ivLen  int
	block  int // EVP block size: 16 for ECB and CBC, 1 for the others
	mode   cipherMode
}

// EVP_CIPHER_CTX_ctrl commands for GCM.
const (
	ctrlGCMSetIVLen = 0x9
	ctrlGCMGetTag   = 0x10
	ctrlGCMSetTag   = 0x11
)

// cipherCtx is the state behind an EVP_CIPHER_CTX *.
type cipherCtx struct {
	c       *evpCipher
	enc     bool
	padding bool
	key     []byte
	oiv     []byte // IV given at initialization
	ivLen   int
	b       cipher.Block
	reg     []byte // CBC chaining value, CFB shift register, OFB state
	ctr     []byte // CTR and GCM counter block
	ks      []byte // current keystream block
	num     int    // position in the keystream block
	buf     []byte // partial block (ECB, CBC)
	held    []byte // decrypted last block awaiting Final (padding)
	aad     []byte // GCM additional data
	text    []byte // GCM input so far, for the tag
	tag     []byte // GCM tag: computed (encrypt) or expected (decrypt)
}

var errCipher = errors.New("cipher failure")

func init() {
	for _, bits := range []int{128, 192, 256} {
		for _, m := range []struct {
			name  string
			mode  cipherMode
			block int
			ivLen int
		}{
			{"ecb", modeECB, 16, 0}, {"cbc", modeCBC, 16, 16}, {"cfb1", modeCFB1, 1, 16},
			{"cfb8", modeCFB8, 1, 16}, {"cfb128", modeCFB128, 1, 16}, {"ofb", modeOFB, 1, 16},
			{"ctr", modeCTR, 1, 16}, {"gcm", modeGCM, 1, 12},
		} {
			ci := &evpCipher{name: "aes-" + itoa64(int64(bits)) + "-" + m.name, keyLen: bits / 8,
				ivLen: m.ivLen, block: m.block, mode: m.mode}
			p := NewStatic(ci, 64)
			registerCrypto("EVP_aes_"+itoa64(int64(bits))+"_"+m.name, func(*Call) (Value, error) { return Ptr(p), nil })
		}
	}
	for name, fn := range map[string]Func{
		"EVP_CIPHER_CTX_new":         cipherCtxNew,
		"EVP_CIPHER_CTX_free":        cipherCtxFree,
		"EVP_CIPHER_CTX_init":        cipherCtxInit,
		"EVP_CIPHER_CTX_reset":       cipherCtxInit,
		"EVP_CIPHER_CTX_cleanup":     cipherCtxCleanup,
		"EVP_CIPHER_CTX_set_padding": cipherCtxSetPadding,
		"EVP_CIPHER_CTX_ctrl":        cipherCtxCtrl,
		"EVP_EncryptInit_ex":         func(c *Call) (Value, error) { return cipherInit(c, 1) },
		"EVP_DecryptInit_ex":         func(c *Call) (Value, error) { return cipherInit(c, 0) },
		"EVP_CipherInit_ex":          func(c *Call) (Value, error) { return cipherInit(c, int(int32(c.Int(5)))) },
		"EVP_EncryptUpdate":          cipherUpdate,
		"EVP_DecryptUpdate":          cipherUpdate,
		"EVP_CipherUpdate":           cipherUpdate,
		"EVP_EncryptFinal_ex":        cipherFinal,
		"EVP_DecryptFinal_ex":        cipherFinal,
		"EVP_CipherFinal_ex":         cipherFinal,
		"EVP_BytesToKey":             bytesToKey,
		"EVP_CIPHER_key_length":      func(c *Call) (Value, error) { return cipherInfo(c, func(ci *evpCipher) int { return ci.keyLen }) },
		"EVP_CIPHER_iv_length":       func(c *Call) (Value, error) { return cipherInfo(c, func(ci *evpCipher) int { return ci.ivLen }) },
		"EVP_CIPHER_block_size":      func(c *Call) (Value, error) { return cipherInfo(c, func(ci *evpCipher) int { return ci.block }) },
		"EVP_MD_size":                mdSize,
	} {
		registerCrypto(name, fn)
	}
}

// registerCrypto registers an OpenSSL function in ffi.C (nginx links
// libcrypto) and in ffi.load("crypto").
func registerCrypto(name string, fn Func) {
	Register(name, fn)
	RegisterLib("crypto", name, fn)
}

func cipherInfo(c *Call, f func(*evpCipher) int) (Value, error) {
	ci, ok := c.Pointer(0).Object().(*evpCipher)
	if !ok {
		return Int(0), nil
	}
	return Int(int64(f(ci))), nil
}

func mdSize(c *Call) (Value, error) {
	md, ok := c.Pointer(0).Object().(*evpMD)
	if !ok {
		return Int(-1), nil
	}
	return Int(int64(md.size)), nil
}

func cipherCtxNew(*Call) (Value, error) {
	return Ptr(NewObject(&cipherCtx{padding: true}, 8)), nil
}

func cipherCtxFree(c *Call) (Value, error) {
	if p := c.Pointer(0); !p.IsNull() {
		if err := p.SetObject(nil); err != nil {
			return Void, err
		}
	}
	return Void, nil
}

func cipherCtxInit(c *Call) (Value, error) {
	if err := c.Pointer(0).SetObject(&cipherCtx{padding: true}); err != nil {
		return Void, err
	}
	return Int(1), nil
}

func cipherCtxCleanup(c *Call) (Value, error) {
	if err := c.Pointer(0).SetObject(nil); err != nil {
		return Void, err
	}
	return Int(1), nil
}

func ctxOf(c *Call) *cipherCtx {
	x, _ := c.Pointer(0).Object().(*cipherCtx)
	return x
}

func cipherCtxSetPadding(c *Call) (Value, error) {
	x := ctxOf(c)
	if x == nil {
		return Int(0), nil
	}
	x.padding = c.Int(1) != 0
	return Int(1), nil
}

// cipherCtxCtrl handles the GCM commands of EVP_CIPHER_CTX_ctrl(ctx,
// type, arg, ptr).
func cipherCtxCtrl(c *Call) (Value, error) {
	x := ctxOf(c)
	if x == nil || x.c == nil || x.c.mode != modeGCM {
		return Int(0), nil
	}
	n := int(int32(c.Int(2)))
	switch c.Int(1) {
	case ctrlGCMSetIVLen:
		if n != 12 {
			// Only the standard 96-bit nonce is supported.
			return Int(0), nil
		}
		x.ivLen = n
	case ctrlGCMGetTag:
		if !x.enc || x.tag == nil || n < 1 || n > 16 {
			return Int(0), nil
		}
		out, err := c.Pointer(3).Write(n)
		if err != nil {
			return Void, err
		}
		copy(out, x.tag)
	case ctrlGCMSetTag:
		if x.enc || n < 1 || n > 16 {
			return Int(0), nil
		}
		in, err := c.Pointer(3).Read(n)
		if err != nil {
			return Void, err
		}
		x.tag = append([]byte(nil), in...)
	default:
		return Int(0), nil
	}
	return Int(1), nil
}

// cipherInit is EVP_{En,De,}cryptInit_ex(ctx, cipher, impl, key, iv[, enc])
// with enc 1 to encrypt, 0 to decrypt, -1 to keep the direction.
func cipherInit(c *Call, enc int) (Value, error) {
	x := ctxOf(c)
	if x == nil {
		return Int(0), nil
	}
	if p := c.Pointer(1); !p.IsNull() {
		ci, ok := p.Object().(*evpCipher)
		if !ok {
			return Int(0), nil
		}
		*x = cipherCtx{c: ci, padding: true, ivLen: ci.ivLen}
	}
	if x.c == nil {
		return Int(0), nil
	}
	if enc >= 0 {
		x.enc = enc != 0
	}
	if p := c.Pointer(4); !p.IsNull() && x.ivLen > 0 {
		iv, err := p.Read(x.ivLen)
		if err != nil {
			return Void, err
		}
		x.oiv = append([]byte(nil), iv...)
	}
	if p := c.Pointer(3); !p.IsNull() {
		key, err := p.Read(x.c.keyLen)
		if err != nil {
			return Void, err
		}
		x.key = append([]byte(nil), key...)
		b, err := aes.NewCipher(x.key)
		if err != nil {
			return Int(0), nil
		}
		x.b = b
	}
	x.restart()
	return Int(1), nil
}

// restart resets the running state to the start of a message.
func (x *cipherCtx) restart() {
	iv := make([]byte, 16)
	copy(iv, x.oiv)
	x.reg, x.num, x.buf, x.held, x.aad, x.text = iv, 0, nil, nil, nil, nil
	if x.enc {
		x.tag = nil
	}
	x.ks = make([]byte, 16)
	x.ctr = append([]byte(nil), iv...)
	if x.c.mode == modeGCM {
		// The first data block uses J0 + 1, J0 being IV || 0^31 || 1.
		x.ctr = append(append([]byte(nil), x.oiv...), 0, 0, 0, 2)
	}
}

// cipherUpdate is int EVP_*Update(ctx, out, int *outl, in, int inl).
func cipherUpdate(c *Call) (Value, error) {
	x := ctxOf(c)
	if x == nil || x.c == nil || x.b == nil {
		return Int(0), nil
	}
	inl := int(int32(c.Int(4)))
	if inl < 0 {
		return Int(0), nil
	}
	in, err := c.Pointer(3).Read(inl)
	if err != nil {
		return Void, err
	}
	if x.c.mode == modeGCM && c.Pointer(1).IsNull() {
		// OpenSSL reports the additional data as processed.
		x.aad = append(x.aad, in...)
		return Int(1), writeInt(c.Pointer(2), len(in))
	}
	out := x.process(in)
	if len(out) > 0 {
		dst, err := c.Pointer(1).Write(len(out))
		if err != nil {
			return Void, err
		}
		copy(dst, out)
	}
	return Int(1), writeInt(c.Pointer(2), len(out))
}

// writeInt stores an int through an int * (outl).
func writeInt(p Pointer, n int) error {
	if p.IsNull() {
		return nil
	}
	b, err := p.Write(4)
	if err != nil {
		return err
	}
	storeUint(b, uint64(uint32(int32(n))))
	return nil
}

// cipherFinal is int EVP_*Final_ex(ctx, out, int *outl).
func cipherFinal(c *Call) (Value, error) {
	x := ctxOf(c)
	if x == nil || x.c == nil || x.b == nil {
		return Int(0), nil
	}
	out, ok := x.final()
	if !ok {
		return Int(0), writeInt(c.Pointer(2), 0)
	}
	if len(out) > 0 {
		dst, err := c.Pointer(1).Write(len(out))
		if err != nil {
			return Void, err
		}
		copy(dst, out)
	}
	return Int(1), writeInt(c.Pointer(2), len(out))
}

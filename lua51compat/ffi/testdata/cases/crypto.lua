--- digests through the low-level API
local ffi = require "ffi"
ffi.cdef[[
typedef unsigned char u_char;
typedef struct { unsigned int A, B, C, D, Nl, Nh, data[16], num; } MD5_CTX;
typedef struct { unsigned int h0, h1, h2, h3, h4, Nl, Nh, data[16], num; } SHA_CTX;
typedef struct { unsigned int h[8], Nl, Nh, data[16], num, md_len; } SHA256_CTX;
typedef struct { unsigned long long h[8], Nl, Nh; union { unsigned long long d[16]; unsigned char p[128]; } u; unsigned int num, md_len; } SHA512_CTX;
int MD5_Init(MD5_CTX *c); int MD5_Update(MD5_CTX *c, const void *data, size_t len); int MD5_Final(unsigned char *md, MD5_CTX *c);
int SHA1_Init(SHA_CTX *c); int SHA1_Update(SHA_CTX *c, const void *data, size_t len); int SHA1_Final(unsigned char *md, SHA_CTX *c);
int SHA224_Init(SHA256_CTX *c); int SHA224_Update(SHA256_CTX *c, const void *data, size_t len); int SHA224_Final(unsigned char *md, SHA256_CTX *c);
int SHA256_Init(SHA256_CTX *c); int SHA256_Update(SHA256_CTX *c, const void *data, size_t len); int SHA256_Final(unsigned char *md, SHA256_CTX *c);
int SHA384_Init(SHA512_CTX *c); int SHA384_Update(SHA512_CTX *c, const void *data, size_t len); int SHA384_Final(unsigned char *md, SHA512_CTX *c);
int SHA512_Init(SHA512_CTX *c); int SHA512_Update(SHA512_CTX *c, const void *data, size_t len); int SHA512_Final(unsigned char *md, SHA512_CTX *c);
u_char * ngx_hex_dump(u_char *dst, const u_char *src, size_t len);
]]
local function hex(s) local b = ffi.new("u_char[?]", #s * 2) ffi.C.ngx_hex_dump(b, s, #s) return ffi.string(b, #s * 2) end
local data = string.rep("The quick brown fox jumps over the lazy dog. ", 7)
for _, d in ipairs({{"MD5", "MD5_CTX", 16}, {"SHA1", "SHA_CTX", 20}, {"SHA224", "SHA256_CTX", 28}, {"SHA256", "SHA256_CTX", 32}, {"SHA384", "SHA512_CTX", 48}, {"SHA512", "SHA512_CTX", 64}}) do
  local C = ffi.C
  local ctx = ffi.new(d[2] .. "[1]")
  local out = ffi.new("unsigned char[64]")
  local r = {C[d[1] .. "_Init"](ctx)}
  for i = 1, #data, 37 do r[#r+1] = C[d[1] .. "_Update"](ctx, data:sub(i, i + 36), #data:sub(i, i + 36)) end
  r[#r+1] = C[d[1] .. "_Final"](out, ctx)
  emit(d[1], hex(ffi.string(out, d[3])), table.concat(r, ""))
  C[d[1] .. "_Init"](ctx)
  C[d[1] .. "_Final"](out, ctx)
  emit(d[1], "empty", hex(ffi.string(out, d[3])))
end
--- nginx helpers
local ffi = require "ffi"
ffi.cdef[[
typedef unsigned char u_char;
u_char * ngx_hex_dump(u_char *dst, const u_char *src, size_t len);
intptr_t ngx_atoi(const unsigned char *line, size_t n);
]]
local C = ffi.C
for _, s in ipairs({"", "0", "32", "007", "-1", "+1", "12a", " 1", "9223372036854775807", "9223372036854775808", "99999999999999999999"}) do
  emit(s, C.ngx_atoi(s, #s), tonumber(C.ngx_atoi(s, #s)))
end
local buf = ffi.new("u_char[8]")
local e = C.ngx_hex_dump(buf, "\0\255\16A", 4)
emit(ffi.string(buf, 8), e - buf, ffi.typeof(e))
--- random bytes
local ffi = require "ffi"
ffi.cdef[[
int RAND_bytes(unsigned char *buf, int num);
int RAND_pseudo_bytes(unsigned char *buf, int num);
]]
local b = ffi.new("unsigned char[64]")
emit(ffi.C.RAND_bytes(b, 64), ffi.C.RAND_pseudo_bytes(b, 16), ffi.C.RAND_bytes(b, 0))
local seen = {}
for i = 0, 63 do seen[b[i]] = true end
local n = 0 for _ in pairs(seen) do n = n + 1 end
emit(n > 8)
--- EVP ciphers
local ffi = require "ffi"
ffi.cdef[[
typedef unsigned char u_char;
typedef struct evp_cipher_st EVP_CIPHER;
typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct env_md_st EVP_MD;
typedef struct engine_st ENGINE;
const EVP_MD *EVP_md5(void); const EVP_MD *EVP_sha1(void); const EVP_MD *EVP_sha256(void); const EVP_MD *EVP_sha512(void);
EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void);
void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *a);
int EVP_CIPHER_CTX_set_padding(EVP_CIPHER_CTX *c, int pad);
int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl, const unsigned char *key, const unsigned char *iv);
int EVP_EncryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
int EVP_EncryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl);
int EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl, const unsigned char *key, const unsigned char *iv);
int EVP_DecryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
int EVP_DecryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *outm, int *outl);
const EVP_CIPHER *EVP_aes_128_ecb(void);
const EVP_CIPHER *EVP_aes_128_cbc(void);
const EVP_CIPHER *EVP_aes_128_cfb1(void);
const EVP_CIPHER *EVP_aes_128_cfb8(void);
const EVP_CIPHER *EVP_aes_128_cfb128(void);
const EVP_CIPHER *EVP_aes_128_ofb(void);
const EVP_CIPHER *EVP_aes_128_ctr(void);
const EVP_CIPHER *EVP_aes_192_ecb(void);
const EVP_CIPHER *EVP_aes_192_cbc(void);
const EVP_CIPHER *EVP_aes_192_cfb1(void);
const EVP_CIPHER *EVP_aes_192_cfb8(void);
const EVP_CIPHER *EVP_aes_192_cfb128(void);
const EVP_CIPHER *EVP_aes_192_ofb(void);
const EVP_CIPHER *EVP_aes_192_ctr(void);
const EVP_CIPHER *EVP_aes_256_ecb(void);
const EVP_CIPHER *EVP_aes_256_cbc(void);
const EVP_CIPHER *EVP_aes_256_cfb1(void);
const EVP_CIPHER *EVP_aes_256_cfb8(void);
const EVP_CIPHER *EVP_aes_256_cfb128(void);
const EVP_CIPHER *EVP_aes_256_ofb(void);
const EVP_CIPHER *EVP_aes_256_ctr(void);
int EVP_BytesToKey(const EVP_CIPHER *type, const EVP_MD *md, const unsigned char *salt, const unsigned char *data, int datal, int count, unsigned char *key, unsigned char *iv);
u_char * ngx_hex_dump(u_char *dst, const u_char *src, size_t len);
]]
local C = ffi.C
local function hex(s) local b = ffi.new("u_char[?]", #s * 2 + 1) C.ngx_hex_dump(b, s, #s) return ffi.string(b, #s * 2) end
local key = "0123456789abcdef0123456789abcdef"
local iv = "fedcba9876543210"
local msg = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod."
local function run(ctx, enc, cipher, input, chunk)
  local init = enc and C.EVP_EncryptInit_ex or C.EVP_DecryptInit_ex
  local update = enc and C.EVP_EncryptUpdate or C.EVP_DecryptUpdate
  local final = enc and C.EVP_EncryptFinal_ex or C.EVP_DecryptFinal_ex
  local out = ffi.new("unsigned char[?]", #input + 32)
  local n = ffi.new("int[1]")
  local r = {init(ctx, cipher, nil, key, iv)}
  local total = 0
  for i = 1, #input, chunk do
    local piece = input:sub(i, i + chunk - 1)
    r[#r+1] = update(ctx, out + total, n, piece, #piece)
    total = total + n[0]
  end
  r[#r+1] = final(ctx, out + total, n)
  total = total + n[0]
  return ffi.string(out, total), table.concat(r, "")
end
for _, bits in ipairs({128, 192, 256}) do
  for _, mode in ipairs({"ecb", "cbc", "cfb1", "cfb8", "cfb128", "ofb", "ctr"}) do
    local cipher = C["EVP_aes_" .. bits .. "_" .. mode]()
    local ctx = C.EVP_CIPHER_CTX_new()
    local ct, r1 = run(ctx, true, cipher, msg, 7)
    local ct2 = run(ctx, true, cipher, msg, 100)
    local pt, r2 = run(ctx, false, cipher, ct, 5)
    emit(bits, mode, #ct, hex(ct), r1, ct == ct2, pt == msg, r2)
    C.EVP_CIPHER_CTX_free(ctx)
  end
end
local ctx = C.EVP_CIPHER_CTX_new()
local cbc = C.EVP_aes_128_cbc()
local ct = run(ctx, true, cbc, msg, 16)
local bad = ct:sub(1, -2) .. string.char((ct:byte(-1) + 1) % 256)
local pt, r = run(ctx, false, cbc, bad, 16)
emit("bad padding", r, #pt)
pt, r = run(ctx, false, cbc, ct:sub(1, -2), 16)
emit("short input", r, #pt)
C.EVP_EncryptInit_ex(ctx, cbc, nil, key, iv)
emit("no padding", C.EVP_CIPHER_CTX_set_padding(ctx, 0))
ct, r = run(ctx, true, nil, string.rep("x", 32), 10)
emit(hex(ct), r)
ct, r = run(ctx, true, nil, string.rep("x", 33), 10)
emit(#ct, r)
for _, md in ipairs({"EVP_md5", "EVP_sha1", "EVP_sha256", "EVP_sha512"}) do
  for _, c in ipairs({"EVP_aes_128_cbc", "EVP_aes_256_ecb", "EVP_aes_192_ofb"}) do
    local k = ffi.new("unsigned char[64]")
    local v = ffi.new("unsigned char[16]")
    local n1 = C.EVP_BytesToKey(C[c](), C[md](), "saltsalt", "secret", 6, 3, k, v)
    local n2 = C.EVP_BytesToKey(C[c](), C[md](), nil, "", 0, 1, k + 16, nil)
    emit(md, c, n1, n2, hex(ffi.string(k, 32)), hex(ffi.string(v, 16)), C.EVP_BytesToKey(C[c](), C[md](), nil, nil, 0, 1, nil, nil))
  end
end
--- AES-GCM
local ffi = require "ffi"
ffi.cdef[[
typedef unsigned char u_char;
typedef struct evp_cipher_st EVP_CIPHER;
typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void);
int EVP_CIPHER_CTX_ctrl(EVP_CIPHER_CTX *ctx, int type, int arg, void *ptr);
int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, void *impl, const unsigned char *key, const unsigned char *iv);
int EVP_EncryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
int EVP_EncryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl);
int EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, void *impl, const unsigned char *key, const unsigned char *iv);
int EVP_DecryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
int EVP_DecryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *outm, int *outl);
const EVP_CIPHER *EVP_aes_128_gcm(void); const EVP_CIPHER *EVP_aes_256_gcm(void);
u_char * ngx_hex_dump(u_char *dst, const u_char *src, size_t len);
]]
local C = ffi.C
local function hex(s) local b = ffi.new("u_char[?]", #s * 2 + 1) C.ngx_hex_dump(b, s, #s) return ffi.string(b, #s * 2) end
local key = "0123456789abcdef0123456789abcdef"
local iv = "unique nonce"
local msg = "attack at dawn, bring snacks and a very long string of 48 bytes!!"
for _, c in ipairs({C.EVP_aes_128_gcm(), C.EVP_aes_256_gcm()}) do
  local ctx = C.EVP_CIPHER_CTX_new()
  local out = ffi.new("unsigned char[128]")
  local n = ffi.new("int[1]")
  local tag = ffi.new("unsigned char[16]")
  local r = {C.EVP_EncryptInit_ex(ctx, c, nil, key, iv)}
  r[#r+1] = C.EVP_EncryptUpdate(ctx, nil, n, "header", 6)
  r[#r+1] = n[0]
  r[#r+1] = C.EVP_EncryptUpdate(ctx, out, n, msg, 20)
  local total = n[0]
  r[#r+1] = C.EVP_EncryptUpdate(ctx, out + total, n, msg:sub(21), #msg - 20)
  total = total + n[0]
  r[#r+1] = C.EVP_EncryptFinal_ex(ctx, out + total, n)
  r[#r+1] = n[0]
  r[#r+1] = C.EVP_CIPHER_CTX_ctrl(ctx, 0x10, 16, tag)
  local ct = ffi.string(out, total)
  emit(hex(ct), hex(ffi.string(tag, 16)), table.concat(r, ","))
  for _, t in ipairs({ffi.string(tag, 16), "0123456789abcdef"}) do
    local d = {C.EVP_DecryptInit_ex(ctx, c, nil, key, iv)}
    d[#d+1] = C.EVP_DecryptUpdate(ctx, nil, n, "header", 6)
    d[#d+1] = C.EVP_DecryptUpdate(ctx, out, n, ct, #ct)
    local pt = ffi.string(out, n[0])
    d[#d+1] = C.EVP_CIPHER_CTX_ctrl(ctx, 0x11, 16, ffi.cast("void *", t))
    d[#d+1] = C.EVP_DecryptFinal_ex(ctx, out, n)
    emit(pt == msg, table.concat(d, ","))
  end
end

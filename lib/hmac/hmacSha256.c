// Batch HMAC-SHA-256 (RFC 2104 over FIPS 180-4 SHA-256) for wasm32 with SIMD128, no libc.
// Built by scripts/build/hmacWasm.sh into lib/hmac/hmacSha256Wasm.ts; driven by HmacSha256Batch.ts.
//
// Why: the replica readers hash masked columns while they write CSV. One call per value into
// node:crypto costs ~2.5 µs; hashing a batch here costs ~0.3 µs a value, because the key's two
// padded blocks are compressed once per key (midstates), short values go four at a time through
// the 4 lanes of an i32x4, and one call covers a whole batch.
//
// Memory protocol. The module owns no buffers: every address below is chosen by the caller
// anywhere from the exported global `__heap_base` up, and the caller grows the memory
// (`memory.grow`) before a call that needs more, so no value or batch size can overflow an area.
//   hmac_set_key(key, len)
//     key   len bytes of the HMAC key (any length; longer than 64 bytes is hashed first, RFC 2104
//           section 2). Only read during the call: the area may be reused afterwards.
//   hmac_batch(data, ends, count, out) -> first invalid UTF-8 index, or -1
//     data  the values' bytes back to back: value i is data[ends[i-1] .. ends[i]) (ends[-1] = 0).
//           At least 64 readable bytes must follow the start of every value (the SIMD path loads
//           whole 16-byte vectors and masks the bytes past the value's end); placing `ends` and
//           `out` after `data`, as the caller does, guarantees it since `out` alone is 64 bytes.
//     ends  count little-endian u32, non-decreasing, 4-byte aligned.
//     out   count * 64 bytes: value i's HMAC as lower-case hex at out + 64 * i.
//   Every value is hashed, valid UTF-8 or not; the return value says which first was not.
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// SHA-256 round constants and initial hash value (FIPS 180-4, sections 4.2.2 and 5.3.3).
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// The states after compressing K⊕ipad and K⊕opad: every message of this key starts from them, so
// a value of up to 55 bytes costs two compressions instead of four.
static uint32_t inner_midstate[8], outer_midstate[8];

// A value that fits the one block after the key block: its bytes, the 0x80 marker and the 8-byte
// bit length (64 + 55 + 1 + 8 = 128).
#define ONE_BLOCK_MAX 55

/* ------------------------------------------------------------------ UTF-8 check */

// A shift-based DFA for well-formed UTF-8 (The Unicode Standard, Table 3-7; RFC 3629 section 4):
// each state is a bit offset and utf8_row[byte] packs the next state of every state into 6-bit
// fields, so a byte costs one load and one shift. Overlong forms (C0, C1, E0 80..9F, F0 80..8F),
// surrogates (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..FF) all reach REJECT.
enum {
  S_ACCEPT = 0,
  S_REJECT = 6,
  S_CONT1 = 12, // one continuation byte (80..BF) left
  S_CONT2 = 18,
  S_CONT3 = 24,
  S_AFTER_E0 = 30, // next byte A0..BF (shorter is overlong)
  S_AFTER_ED = 36, // next byte 80..9F (above is a surrogate)
  S_AFTER_F0 = 42, // next byte 90..BF (shorter is overlong)
  S_AFTER_F4 = 48, // next byte 80..8F (above is past U+10FFFF)
};
static uint64_t utf8_row[256];

static uint32_t in(uint32_t byte, uint32_t low, uint32_t high) { return byte >= low && byte <= high; }

static uint32_t utf8_next(uint32_t state, uint32_t byte) {
  switch (state) {
  case S_ACCEPT:
    if (byte < 0x80) return S_ACCEPT;
    if (in(byte, 0xC2, 0xDF)) return S_CONT1;
    if (byte == 0xE0) return S_AFTER_E0;
    if (byte == 0xED) return S_AFTER_ED;
    if (in(byte, 0xE1, 0xEF)) return S_CONT2;
    if (byte == 0xF0) return S_AFTER_F0;
    if (in(byte, 0xF1, 0xF3)) return S_CONT3;
    if (byte == 0xF4) return S_AFTER_F4;
    return S_REJECT;
  case S_CONT1: return in(byte, 0x80, 0xBF) ? S_ACCEPT : S_REJECT;
  case S_CONT2: return in(byte, 0x80, 0xBF) ? S_CONT1 : S_REJECT;
  case S_CONT3: return in(byte, 0x80, 0xBF) ? S_CONT2 : S_REJECT;
  case S_AFTER_E0: return in(byte, 0xA0, 0xBF) ? S_CONT1 : S_REJECT;
  case S_AFTER_ED: return in(byte, 0x80, 0x9F) ? S_CONT1 : S_REJECT;
  case S_AFTER_F0: return in(byte, 0x90, 0xBF) ? S_CONT2 : S_REJECT;
  case S_AFTER_F4: return in(byte, 0x80, 0x8F) ? S_CONT2 : S_REJECT;
  default: return S_REJECT;
  }
}

static void utf8_init(void) {
  for (uint32_t byte = 0; byte < 256; byte++) {
    uint64_t row = 0;
    for (uint32_t state = S_ACCEPT; state <= S_AFTER_F4; state += 6)
      row |= (uint64_t)utf8_next(state, byte) << state;
    utf8_row[byte] = row;
  }
}

static int utf8_valid(const uint8_t *p, uint32_t len) {
  uint64_t state = S_ACCEPT;
  uint32_t i = 0;
  // Eight bytes at a time: an all-ASCII word between characters needs no DFA step (most hashed
  // columns are e-mails, ids and names, mostly ASCII).
  for (; i + 8 <= len; i += 8) {
    uint64_t word;
    __builtin_memcpy(&word, p + i, 8);
    if ((state & 63) == S_ACCEPT && (word & 0x8080808080808080ull) == 0) continue;
    for (int j = 0; j < 8; j++) state = utf8_row[p[i + j]] >> (state & 63);
    if ((state & 63) == S_REJECT) return 0;
  }
  for (; i < len; i++) state = utf8_row[p[i]] >> (state & 63);
  return (state & 63) == S_ACCEPT;
}

/* ------------------------------------------------------------------ scalar SHA-256 */

static inline uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static inline uint32_t load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

// One compression of the block whose first 16 schedule words are W[0..15] (W[16..63] is scratch).
static void compress_words(uint32_t state[8], uint32_t W[64]) {
  for (int t = 16; t < 64; t++) {
    uint32_t s0 = ror(W[t - 15], 7) ^ ror(W[t - 15], 18) ^ (W[t - 15] >> 3);
    uint32_t s1 = ror(W[t - 2], 17) ^ ror(W[t - 2], 19) ^ (W[t - 2] >> 10);
    W[t] = W[t - 16] + s0 + W[t - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; t++) {
    uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t];
    uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  state[0] += a; state[1] += b; state[2] += c; state[3] += d;
  state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

static void compress_block(uint32_t state[8], const uint8_t *block) {
  uint32_t W[64];
  for (int t = 0; t < 16; t++) W[t] = load_be32(block + 4 * t);
  compress_words(state, W);
}

// Hashes msg into state and pads it (FIPS 180-4 section 5.1.1); `prefix` bytes were hashed before
// (the 64-byte key block for HMAC), so the length field counts them too.
static void sha256_finish(uint32_t state[8], const uint8_t *msg, uint32_t len, uint64_t prefix) {
  uint32_t rest = len;
  for (; rest >= 64; rest -= 64, msg += 64) compress_block(state, msg);
  uint8_t block[128];
  for (uint32_t i = 0; i < rest; i++) block[i] = msg[i];
  block[rest] = 0x80;
  uint32_t total = rest <= ONE_BLOCK_MAX ? 64 : 128;
  for (uint32_t i = rest + 1; i < total - 8; i++) block[i] = 0;
  uint64_t bits = (prefix + len) * 8;
  for (int i = 0; i < 8; i++) block[total - 1 - i] = (uint8_t)(bits >> (8 * i));
  compress_block(state, block);
  if (total == 128) compress_block(state, block + 64);
}

static const char HEX[16] = "0123456789abcdef";

static void write_hex(uint8_t *dst, const uint32_t state[8]) {
  for (int i = 0; i < 8; i++)
    for (int j = 0; j < 8; j++) dst[8 * i + j] = HEX[(state[i] >> (28 - 4 * j)) & 15];
}

// HMAC of one value of any length, from the key's midstates.
static void hmac_one(uint8_t *dst, const uint8_t *msg, uint32_t len) {
  uint32_t state[8], W[64];
  for (int i = 0; i < 8; i++) state[i] = inner_midstate[i];
  sha256_finish(state, msg, len, 64);
  // The outer message is the 32-byte inner digest: one block, padding and length known.
  for (int i = 0; i < 8; i++) W[i] = state[i];
  W[8] = 0x80000000u;
  for (int i = 9; i < 15; i++) W[i] = 0;
  W[15] = (64 + 32) * 8;
  for (int i = 0; i < 8; i++) state[i] = outer_midstate[i];
  compress_words(state, W);
  write_hex(dst, state);
}

EXPORT(hmac_set_key) void hmac_set_key(const uint8_t *key, uint32_t len) {
  utf8_init(); // every instance sets its key once before its first batch
  uint8_t block[64];
  for (int i = 0; i < 64; i++) block[i] = 0;
  if (len > 64) {
    uint32_t state[8];
    for (int i = 0; i < 8; i++) state[i] = IV[i];
    sha256_finish(state, key, len, 0);
    for (int i = 0; i < 8; i++)
      for (int j = 0; j < 4; j++) block[4 * i + j] = (uint8_t)(state[i] >> (24 - 8 * j));
  } else {
    for (uint32_t i = 0; i < len; i++) block[i] = key[i];
  }
  uint8_t pad[64];
  for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x36;
  for (int i = 0; i < 8; i++) inner_midstate[i] = IV[i];
  compress_block(inner_midstate, pad);
  for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x5c;
  for (int i = 0; i < 8; i++) outer_midstate[i] = IV[i];
  compress_block(outer_midstate, pad);
}

/* ------------------------------------------------------------------ SIMD, 4 values at once */

// Lane l of every vector belongs to value l: the same SHA-256 rounds on four messages, so the
// only extra work is transposing the blocks in and the digests out.
#define ROR4(x, n) wasm_v128_or(wasm_u32x4_shr(x, n), wasm_i32x4_shl(x, 32 - (n)))
#define ADD4 wasm_i32x4_add
#define XOR4 wasm_v128_xor

static void compress4(v128_t state[8], v128_t W[64]) {
  for (int t = 16; t < 64; t++) {
    v128_t x = W[t - 15], y = W[t - 2];
    v128_t s0 = XOR4(XOR4(ROR4(x, 7), ROR4(x, 18)), wasm_u32x4_shr(x, 3));
    v128_t s1 = XOR4(XOR4(ROR4(y, 17), ROR4(y, 19)), wasm_u32x4_shr(y, 10));
    W[t] = ADD4(ADD4(W[t - 16], s0), ADD4(W[t - 7], s1));
  }
  v128_t a = state[0], b = state[1], c = state[2], d = state[3];
  v128_t e = state[4], f = state[5], g = state[6], h = state[7];
#pragma clang loop unroll(full)
  for (int t = 0; t < 64; t++) {
    v128_t s1 = XOR4(XOR4(ROR4(e, 6), ROR4(e, 11)), ROR4(e, 25));
    v128_t ch = wasm_v128_bitselect(f, g, e);
    v128_t t1 = ADD4(ADD4(ADD4(h, s1), ADD4(ch, wasm_i32x4_splat((int32_t)K[t]))), W[t]);
    v128_t s0 = XOR4(XOR4(ROR4(a, 2), ROR4(a, 13)), ROR4(a, 22));
    v128_t maj = wasm_v128_bitselect(a, c, XOR4(b, c)); // where b and c differ a decides, else c
    v128_t t2 = ADD4(s0, maj);
    h = g; g = f; f = e; e = ADD4(d, t1); d = c; c = b; b = a; a = ADD4(t1, t2);
  }
  state[0] = ADD4(state[0], a); state[1] = ADD4(state[1], b);
  state[2] = ADD4(state[2], c); state[3] = ADD4(state[3], d);
  state[4] = ADD4(state[4], e); state[5] = ADD4(state[5], f);
  state[6] = ADD4(state[6], g); state[7] = ADD4(state[7], h);
}

#define BSWAP32X4(v) wasm_i8x16_shuffle(v, v, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12)
// Rows r0..r3 of four u32 become its columns.
#define TRANSPOSE4(r0, r1, r2, r3)                                                                   \
  do {                                                                                             \
    v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);                                            \
    v128_t t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);                                            \
    v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);                                            \
    v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);                                            \
    r0 = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5);                                                   \
    r1 = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);                                                   \
    r2 = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5);                                                   \
    r3 = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);                                                   \
  } while (0)

// Bytes 16*chunk .. 16*chunk+15 of the padded block of a value of len <= 55 bytes, as big-endian
// words: the value's bytes (whole vectors are loaded, the protocol leaves 64 readable bytes), zero
// past its end, 0x80 right after it, and the bit length (64 + len) * 8 in the block's last bytes.
static v128_t padded_chunk(const uint8_t *msg, uint32_t len, int chunk) {
  const v128_t offsets = wasm_i8x16_make(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  v128_t position = wasm_i8x16_add(offsets, wasm_i8x16_splat((int8_t)(16 * chunk)));
  v128_t end = wasm_i8x16_splat((int8_t)len);
  v128_t bytes = wasm_v128_and(wasm_v128_load(msg + 16 * chunk), wasm_u8x16_lt(position, end));
  bytes = wasm_v128_or(bytes, wasm_v128_and(wasm_i8x16_eq(position, end), wasm_i8x16_splat((int8_t)0x80)));
  if (chunk == 3) {
    uint32_t bits = (64 + len) * 8; // at most 952: two bytes
    bytes = wasm_v128_or(bytes, wasm_i8x16_make(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                 (int8_t)(bits >> 8), (int8_t)bits));
  }
  return BSWAP32X4(bytes);
}

static void hmac4_one_block(uint8_t *const dst[4], const uint8_t *const msg[4], const uint32_t len[4]) {
  v128_t W[64];
  for (int c = 0; c < 4; c++) {
    v128_t r0 = padded_chunk(msg[0], len[0], c), r1 = padded_chunk(msg[1], len[1], c);
    v128_t r2 = padded_chunk(msg[2], len[2], c), r3 = padded_chunk(msg[3], len[3], c);
    TRANSPOSE4(r0, r1, r2, r3); // W[4c + k] holds word k of this chunk, one lane per value
    W[4 * c] = r0; W[4 * c + 1] = r1; W[4 * c + 2] = r2; W[4 * c + 3] = r3;
  }
  v128_t state[8];
  for (int i = 0; i < 8; i++) state[i] = wasm_i32x4_splat((int32_t)inner_midstate[i]);
  compress4(state, W);
  for (int i = 0; i < 8; i++) W[i] = state[i];
  W[8] = wasm_i32x4_splat((int32_t)0x80000000u);
  for (int i = 9; i < 15; i++) W[i] = wasm_i32x4_splat(0);
  W[15] = wasm_i32x4_splat((64 + 32) * 8);
  for (int i = 0; i < 8; i++) state[i] = wasm_i32x4_splat((int32_t)outer_midstate[i]);
  compress4(state, W);

  v128_t a0 = state[0], a1 = state[1], a2 = state[2], a3 = state[3];
  v128_t b0 = state[4], b1 = state[5], b2 = state[6], b3 = state[7];
  TRANSPOSE4(a0, a1, a2, a3); // a_l: digest words 0..3 of value l
  TRANSPOSE4(b0, b1, b2, b3); // b_l: digest words 4..7 of value l
  const v128_t low[4] = {a0, a1, a2, a3}, high[4] = {b0, b1, b2, b3};
  const v128_t digits = wasm_i8x16_make('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
  const v128_t nibble = wasm_i8x16_splat(15);
  for (int l = 0; l < 4; l++) {
    for (int half = 0; half < 2; half++) {
      v128_t v = BSWAP32X4(half ? high[l] : low[l]); // 16 digest bytes in output order
      v128_t hi = wasm_i8x16_swizzle(digits, wasm_v128_and(wasm_u8x16_shr(v, 4), nibble));
      v128_t lo = wasm_i8x16_swizzle(digits, wasm_v128_and(v, nibble));
      wasm_v128_store(dst[l] + 32 * half,
                      wasm_i8x16_shuffle(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
      wasm_v128_store(dst[l] + 32 * half + 16,
                      wasm_i8x16_shuffle(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    }
  }
}

EXPORT(hmac_batch) int32_t hmac_batch(const uint8_t *data, const uint32_t *ends, uint32_t count, uint8_t *out) {
  int32_t first_invalid = -1;
  // Short values wait here until four are ready; longer ones go through the scalar path at once.
  uint8_t *pending_dst[4];
  const uint8_t *pending_msg[4];
  uint32_t pending_len[4];
  int pending = 0;
  uint32_t start = 0;
  for (uint32_t i = 0; i < count; i++) {
    const uint8_t *msg = data + start;
    uint32_t len = ends[i] - start;
    start = ends[i];
    if (first_invalid < 0 && !utf8_valid(msg, len)) first_invalid = (int32_t)i;
    if (len <= ONE_BLOCK_MAX) {
      pending_dst[pending] = out + 64 * i;
      pending_msg[pending] = msg;
      pending_len[pending] = len;
      if (++pending == 4) {
        hmac4_one_block(pending_dst, pending_msg, pending_len);
        pending = 0;
      }
    } else {
      hmac_one(out + 64 * i, msg, len);
    }
  }
  for (int j = 0; j < pending; j++) hmac_one(pending_dst[j], pending_msg[j], pending_len[j]);
  return first_invalid;
}

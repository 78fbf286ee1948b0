#include "kernels.h"

#include <string.h>

// WebP lossless's LZ77 and token writing (Encoding's `VP8LEncoder`): the same steps as its Swift
// loops, in C, where Swift's bounds, overflow and exclusivity checks on every step were most of
// the encoder's time.

enum { VP8L_CHAIN_BITS = 20, VP8L_RING = 1 << VP8L_CHAIN_BITS, VP8L_CHAIN_MASK = VP8L_RING - 1,
       VP8L_MAX_DISTANCE = VP8L_RING - 120, VP8L_LONGEST = 4096 };

/// Bytes equal at `a` and `b` (b < a) going forward, at most `limit`: 32 at a time, then 8, then one.
static inline long vp8l_match(const uint8_t *p, long a, long b, long limit) {
    long k = 0;
    while (k + 32 <= limit) {
        uint64_t x[4], y[4];
        memcpy(x, p + a + k, 32);
        memcpy(y, p + b + k, 32);
        uint64_t d0 = x[0] ^ y[0], d1 = x[1] ^ y[1], d2 = x[2] ^ y[2], d3 = x[3] ^ y[3];
        if ((d0 | d1 | d2 | d3) != 0) {   // little-endian: the first differing byte is the lowest set
            if (d0) return k + (__builtin_ctzll(d0) >> 3);
            if (d1) return k + 8 + (__builtin_ctzll(d1) >> 3);
            if (d2) return k + 16 + (__builtin_ctzll(d2) >> 3);
            return k + 24 + (__builtin_ctzll(d3) >> 3);
        }
        k += 32;
    }
    while (k + 8 <= limit) {
        uint64_t x, y;
        memcpy(&x, p + a + k, 8);
        memcpy(&y, p + b + k, 8);
        if (x != y) return k + (__builtin_ctzll(x ^ y) >> 3);
        k += 8;
    }
    while (k < limit && p[a + k] == p[b + k]) k++;
    return k;
}

static inline long vp8l_hash(const uint8_t *p, long i, unsigned shift) {
    uint32_t word;
    memcpy(&word, p + i, 4);
    return (long)((uint32_t)(word * 0x9E3779B1u) >> shift);
}

/// `VP8LEncoder.distanceCode`: a 2-D code when the place `distance` back is in the table's
/// neighbourhood (`neighbourCodes`, 17 × 8), else distance + 120.
static inline uint32_t vp8l_distance_code(long distance, long width, const uint8_t *neighbourCodes) {
    long y = distance / width, x = distance - y * width;
    if (y < 8 && x <= 8) { uint8_t code = neighbourCodes[y * 17 + 8 - x]; if (code > 0) return code; }
    if (y + 1 < 8 && width - x <= 8) { uint8_t code = neighbourCodes[(y + 1) * 17 + 8 + (width - x)]; if (code > 0) return code; }
    return (uint32_t)(distance + 120);
}

/// `VP8LEncoder.prefix`: the LZ77 prefix symbol of `value` (≥ 1), its extra bits' count and value.
static inline int vp8l_prefix(long value, int *extraBits, uint32_t *extra) {
    if (value <= 4) { *extraBits = 0; *extra = 0; return (int)value - 1; }
    long d = value - 1;
    int high = 63 - __builtin_clzll((unsigned long long)d);
    int second = (int)((d >> (high - 1)) & 1);
    *extraBits = high - 1;
    *extra = (uint32_t)(d & ((1L << (high - 1)) - 1));
    return 2 * high + second;
}

typedef struct {
    const uint8_t *p;
    long count, width, chainLength, entries;
    int32_t *head, *chain;
    unsigned hashShift;
    uint32_t runCode, aboveCode;
    const uint8_t *neighbourCodes;
} vp8l_state;

static inline void vp8l_insert(vp8l_state *s, long i) {
    if (i + 4 > s->count) return;
    long h = vp8l_hash(s->p, i, s->hashShift), slot = 2 * (s->entries & VP8L_CHAIN_MASK);
    s->chain[slot] = (int32_t)i;
    s->chain[slot + 1] = s->head[h];
    s->head[h] = (int32_t)s->entries;
    s->entries++;
}

/// The longest copy for position `i`: its length, and its distance code in *code.
static inline long vp8l_longest(const vp8l_state *s, long i, uint32_t *code) {
    const uint8_t *p = s->p;
    long limit = s->count - i < VP8L_LONGEST ? s->count - i : VP8L_LONGEST;
    long best = 0;
    uint32_t bestCode = 0;
    if (i >= 1) {
        best = vp8l_match(p, i, i - 1, limit);
        bestCode = s->runCode;
    }
    if (i >= s->width && s->width > 1 && best < limit) {
        long length = vp8l_match(p, i, i - s->width, limit);
        if (length > best) { best = length; bestCode = s->aboveCode; }
    }
    if (best < limit && i + 4 <= s->count) {
        long entry = s->head[vp8l_hash(p, i, s->hashShift)], steps = s->chainLength;
        // An entry overwritten in the ring was more than 2^20 positions back.
        while (entry >= 0 && steps > 0 && s->entries - entry <= VP8L_RING) {
            long slot = 2 * (entry & VP8L_CHAIN_MASK), candidate = s->chain[slot], next = s->chain[slot + 1];
            long d = i - candidate;
            if (d > VP8L_MAX_DISTANCE) break;
            if (p[candidate + best] == p[i + best]) {
                long length = vp8l_match(p, i, candidate, limit);
                if (length > best + 1 || (length > best && d <= 8 * s->width)) {
                    best = length;
                    bestCode = vp8l_distance_code(d, s->width, s->neighbourCodes);
                    if (length == limit) break;
                }
            }
            entry = next;
            steps--;
        }
    }
    *code = bestCode;
    return best;
}

size_t flipbook_vp8l_backward_references(const uint8_t *p, size_t count, size_t width, long chainLength, int lazyMatching,
                                         int32_t *head, int hashBits, int32_t *chain, long *entries,
                                         const uint8_t *neighbourCodes, uint32_t *tokens, uint32_t *green, uint32_t *distance) {
    vp8l_state s = { p, (long)count, (long)width, chainLength, 0, head, chain, (unsigned)(32 - hashBits), 0, 0, neighbourCodes };
    memset(head, 0xFF, sizeof(int32_t) << hashBits);   // -1: no entry
    s.aboveCode = vp8l_distance_code((long)width, (long)width, neighbourCodes);
    s.runCode = vp8l_distance_code(1, (long)width, neighbourCodes);
    long i = 0, n = 0, total = (long)count;
    while (i < total) {
        uint32_t bestCode, ignored;
        long best = vp8l_longest(&s, i, &bestCode);
        // One step of lazy matching: a short copy gives way to a literal when the next position
        // starts a longer one.
        // (Not tried when no copy at i + 1 could be that long: its limit is min(4096, count − i − 1).)
        long nextLimit = total - i - 1 < VP8L_LONGEST ? total - i - 1 : VP8L_LONGEST;
        if (lazyMatching && best >= 3 && i + 1 < total && nextLimit > best + 1 && vp8l_longest(&s, i + 1, &ignored) > best + 1) best = 0;
        if (best >= 3) {
            tokens[n] = 0x80000000u | (uint32_t)best;
            tokens[n + 1] = bestCode;
            n += 2;
            int bits;
            uint32_t extra;
            green[256 + vp8l_prefix(best, &bits, &extra)]++;
            distance[vp8l_prefix((long)bestCode, &bits, &extra)]++;
            // Positions inside a long copy are mostly not worth remembering.
            vp8l_insert(&s, i);
            if (best <= 32) { for (long k = 1; k < best; k++) vp8l_insert(&s, i + k); } else vp8l_insert(&s, i + best - 1);
            i += best;
        } else {
            uint8_t byte = p[i];
            tokens[n] = byte;
            n++;
            green[byte]++;
            vp8l_insert(&s, i);
            i++;
        }
    }
    *entries = s.entries;
    return (size_t)n;
}

size_t flipbook_vp8l_write_tokens(const uint32_t *tokens, size_t count, const uint32_t *greenCodes, const uint8_t *greenBits,
                                  const uint32_t *distanceCodes, const uint8_t *distanceBits,
                                  uint8_t *out, size_t used, uint64_t *accumulator, long *bitCount) {
    uint64_t acc = *accumulator;
    long bits = *bitCount;
#define PUT(value, n)                                                   \
    do {                                                                \
        acc |= (uint64_t)(value) << bits;                               \
        bits += (n);                                                    \
        if (bits >= 32) {                                               \
            uint32_t word = (uint32_t)acc;                              \
            memcpy(out + used, &word, 4);                               \
            used += 4;                                                  \
            acc >>= 32;                                                 \
            bits -= 32;                                                 \
        }                                                               \
    } while (0)
    size_t k = 0;
    while (k < count) {
        uint32_t token = tokens[k];
        if (token < 0x80000000u) {
            PUT(greenCodes[token], greenBits[token]);
            k++;
        } else {
            int extraBits;
            uint32_t extra;
            int symbol = 256 + vp8l_prefix((long)(token & 0xFFFF), &extraBits, &extra);
            PUT(greenCodes[symbol], greenBits[symbol]);
            PUT(extra, extraBits);
            symbol = vp8l_prefix((long)tokens[k + 1], &extraBits, &extra);
            PUT(distanceCodes[symbol], distanceBits[symbol]);
            PUT(extra, extraBits);
            k += 2;
        }
    }
#undef PUT
    *accumulator = acc;
    *bitCount = bits;
    return used;
}

/// Whether a block of 32 bytes at `p` is all `pattern`'s byte (`pattern` that byte repeated 8 times).
static inline int vp8l_uniform32(const uint8_t *p, uint64_t pattern) {
    uint64_t w[4];
    memcpy(w, p, 32);
    return ((w[0] ^ pattern) | (w[1] ^ pattern) | (w[2] ^ pattern) | (w[3] ^ pattern)) == 0;
}

void flipbook_vp8l_used_indices(const uint8_t *indices, size_t count, uint8_t *used) {
    size_t k = 0;
    uint64_t pattern = 0x0101010101010101ull * indices[0];
    used[indices[0]] = 1;
    // Blocks of the index last seen (a frame's unchanged pixels are long runs of the transparent
    // index) are passed over: they mark nothing new.
    while (k + 32 <= count) {
        if (!vp8l_uniform32(indices + k, pattern)) {
            for (size_t j = 0; j < 32; j++) used[indices[k + j]] = 1;
            pattern = 0x0101010101010101ull * indices[k + 31];
        }
        k += 32;
    }
    for (; k < count; k++) used[indices[k]] = 1;
}

void flipbook_vp8l_pack(const uint8_t *indices, uint8_t *out, size_t width, size_t height, const uint8_t *local,
                        int widthBits, size_t packedWidth) {
    if (widthBits == 0) {
        size_t total = width * height, k = 0;
        while (k + 32 <= total) {
            uint8_t first = indices[k];
            if (vp8l_uniform32(indices + k, 0x0101010101010101ull * first)) {
                memset(out + k, local[first], 32);
            } else {
                for (size_t j = 0; j < 32; j++) out[k + j] = local[indices[k + j]];
            }
            k += 32;
        }
        for (; k < total; k++) out[k] = local[indices[k]];
        return;
    }
    size_t perByte = (size_t)1 << widthBits;
    unsigned bitsEach = 8u >> widthBits;
    for (size_t y = 0; y < height; y++) {
        const uint8_t *row = indices + y * width;
        uint8_t *target = out + y * packedWidth;
        size_t x = 0, p = 0;
        while (p < packedWidth) {
            // Eight whole bytes' worth of one index make eight equal bytes (written only over
            // indices already read, as out may be indices); otherwise up to eight bytes one by one.
            size_t slow = 8;
            if (x + 8 * perByte <= width) {
                uint8_t first = row[x];
                size_t j = 1;
                while (j < 8 * perByte && row[x + j] == first) j++;
                if (j == 8 * perByte) {
                    uint8_t byte = 0;
                    for (unsigned shift = 0; shift < 8; shift += bitsEach) byte |= (uint8_t)(local[first] << shift);
                    memset(target + p, byte, 8);
                    p += 8;
                    x += 8 * perByte;
                    continue;
                }
            }
            for (; slow > 0 && p < packedWidth; slow--, p++) {
                uint8_t byte = 0;
                size_t end = x + perByte < width ? x + perByte : width;
                unsigned shift = 0;
                while (x < end) {
                    byte |= (uint8_t)(local[row[x]] << shift);
                    shift += bitsEach;
                    x++;
                }
                target[p] = byte;
            }
        }
    }
}

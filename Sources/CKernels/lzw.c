#include "kernels.h"

#include <stdint.h>
#include <string.h>

// GIF's LZW coder (Encoding's `LZWEncoder`): the same algorithm, step for step, in C, where
// Swift's overflow and bounds checks on every step were a third of its time.

enum { LZW_SLOTS = 1 << 13, LZW_CODES = 4096, LZW_CLEAR = 256, LZW_END = 257 };

/// The slot where `key` is, or the empty slot where it would go (linear probing).
static inline size_t lzw_slot(uint32_t key, const uint32_t *table) {
    size_t index = (uint32_t)(key * 2654435761u) >> 19;
    for (;;) {
        uint32_t entry = table[index];
        if (entry == 0 || entry >> 12 == key) return index;
        index = (index + 1) & (LZW_SLOTS - 1);
    }
}

typedef size_t (*lzw_zeros_fn)(const uint8_t *, size_t);

/// How many of the first `limit` bytes at `start` are 0 before the first that is not.
static size_t lzw_zeros(const uint8_t *start, size_t limit) {
    size_t count = 0;
    while (count + 8 <= limit) {
        uint64_t word;
        memcpy(&word, start + count, 8);
        if (word != 0) return count + (size_t)__builtin_ctzll(word) / 8;   // little-endian
        count += 8;
    }
    while (count < limit && start[count] == 0) count++;
    return count;
}

#if defined(__x86_64__)
#include <immintrin.h>

/// `lzw_zeros`, 32 bytes at a time.
__attribute__((target("avx2"))) static size_t lzw_zeros_avx2(const uint8_t *start, size_t limit) {
    size_t count = 0;
    const __m256i zero = _mm256_setzero_si256();
    while (count + 32 <= limit) {
        __m256i bytes = _mm256_loadu_si256((const __m256i *)(start + count));
        unsigned nonzero = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(bytes, zero));
        if (nonzero) return count + (size_t)__builtin_ctz(nonzero);
        count += 32;
    }
    return count + lzw_zeros(start + count, limit - count);
}
#endif

/// How many of the `reach` pixels from `at` are 0 before the first that is not, reading only
/// inside the stretches (pairs [start, end), from `*stretch` to `last`): the gaps between them
/// are 0 by the caller's word. `*stretch` moves on to the first stretch ending past what was read.
static inline size_t lzw_run(const uint8_t *pixels, size_t at, size_t reach, const size_t **stretch, const size_t *last,
                             lzw_zeros_fn zeros) {
    size_t count = 0;
    const size_t *s = *stretch;
    while (count < reach) {
        size_t here = at + count;
        while (s < last && s[1] <= here) s += 2;
        if (s == last) { count = reach; break; }
        if (here < s[0]) {
            size_t gap = s[0] - here;
            if (gap >= reach - count) { count = reach; break; }
            count += gap;
            here = s[0];
        }
        size_t limit = s[1] - here;
        if (limit > reach - count) limit = reach - count;
        size_t run = zeros(pixels + here, limit);
        count += run;
        if (run < limit) break;
    }
    *stretch = s;
    return count;
}

size_t flipbook_lzw_encode_stretches(const uint8_t *pixels, size_t count, const size_t *stretches, size_t stretchCount,
                                     uint32_t *table, uint16_t *zeroNext, uint16_t *runCodes, uint8_t *out) {
    lzw_zeros_fn zeros = lzw_zeros;
#if defined(__x86_64__)
    if (flipbook_uses_avx2()) zeros = lzw_zeros_avx2;
#endif
    const size_t *stretch = stretches, *lastStretch = stretches + 2 * stretchCount;
    size_t length = 0;
    uint64_t bitBuffer = 0;
    int bitCount = 0, width = 9;
#define EMIT(code)                                              \
    do {                                                        \
        bitBuffer |= (uint64_t)(code) << bitCount;              \
        bitCount += width;                                      \
        while (bitCount >= 8) {                                 \
            out[length++] = (uint8_t)bitBuffer;                 \
            bitBuffer >>= 8;                                    \
            bitCount -= 8;                                      \
        }                                                       \
    } while (0)
#define CLEAR()                                                 \
    do {                                                        \
        EMIT(LZW_CLEAR);                                        \
        memset(table, 0, sizeof(uint32_t) * LZW_SLOTS);         \
        memset(zeroNext, 0, sizeof(uint16_t) * LZW_CODES);      \
        width = 9;                                              \
        next = LZW_END + 1;                                     \
        longestRun = 1;                                         \
    } while (0)
    memset(table, 0, sizeof(uint32_t) * LZW_SLOTS);
    memset(zeroNext, 0, sizeof(uint16_t) * LZW_CODES);
    EMIT(LZW_CLEAR);
    if (count == 0) {
        EMIT(LZW_END);
    } else {
        long next = LZW_END + 1;
        long prefix = pixels[0];
        // Runs of the transparent index: runCodes[k] is the code of k of them, k ≤ longestRun;
        // prefixRun is the run the prefix stands for (0 when it is not a run).
        runCodes[1] = 0;
        long longestRun = 1;
        long prefixRun = prefix == 0 ? 1 : 0;
        size_t i = 1;
        while (i < count) {
            long byte = pixels[i];
            if (byte == 0) {
                if (prefixRun > 0 && prefixRun < longestRun) {
                    // A run followed whole through the codes of shorter runs.
                    size_t reach = (size_t)(longestRun - prefixRun);
                    if (reach > count - i) reach = count - i;
                    size_t run = lzw_run(pixels, i, reach, &stretch, lastStretch, zeros);
                    prefixRun += (long)run;
                    prefix = runCodes[prefixRun];
                    i += run;
                    continue;
                }
                // (prefix, 0) looked up directly: a string followed by 0 is the commonest step.
                long code = zeroNext[prefix];
                i++;
                if (code != 0) {
                    prefix = code;
                    if (prefixRun > 0) prefixRun++;
                    continue;
                }
                EMIT(prefix);
                if (next < LZW_CODES) {
                    zeroNext[prefix] = (uint16_t)next;
                    if (prefixRun == longestRun) runCodes[++longestRun] = (uint16_t)next;
                    // The decoder widens its codes once the table reaches 2^width entries.
                    if (next == 1L << width && width < 12) width += 1;
                    next += 1;
                } else {
                    CLEAR();
                }
                prefix = 0;
                prefixRun = 1;
                continue;
            }
            uint32_t key = (uint32_t)(prefix << 8 | byte);
            size_t index = lzw_slot(key, table);
            uint32_t entry = table[index];
            i++;
            prefixRun = 0;
            if (entry != 0) {
                prefix = entry & 0xFFF;
                continue;
            }
            EMIT(prefix);
            if (next < LZW_CODES) {
                table[index] = key << 12 | (uint32_t)next;
                if (next == 1L << width && width < 12) width += 1;
                next += 1;
            } else {
                CLEAR();
            }
            prefix = byte;
        }
        EMIT(prefix);
        EMIT(LZW_END);
    }
    if (bitCount > 0) out[length++] = (uint8_t)bitBuffer;
#undef CLEAR
#undef EMIT
    return length;
}

// MARK: - Frame differences

#if defined(__x86_64__)
#include <stdatomic.h>


__attribute__((target("avx2"))) static long row_first_difference_avx2(const uint8_t *a, const uint8_t *b, size_t count) {
    size_t x = 0;
    for (; x + 32 <= count; x += 32) {
        __m256i equal = _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(a + x)), _mm256_loadu_si256((const __m256i *)(b + x)));
        unsigned differ = ~(unsigned)_mm256_movemask_epi8(equal);
        if (differ) return (long)(x + (size_t)__builtin_ctz(differ));
    }
    for (; x < count; x++) if (a[x] != b[x]) return (long)x;
    return -1;
}

__attribute__((target("avx2"))) static long row_last_difference_avx2(const uint8_t *a, const uint8_t *b, size_t count) {
    size_t end = count;
    for (; end >= 32; end -= 32) {
        __m256i equal = _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(a + end - 32)),
                                          _mm256_loadu_si256((const __m256i *)(b + end - 32)));
        unsigned differ = ~(unsigned)_mm256_movemask_epi8(equal);
        if (differ) return (long)(end - 1 - (size_t)__builtin_clz(differ));
    }
    while (end > 0) { end--; if (a[end] != b[end]) return (long)end; }
    return -1;
}

__attribute__((target("avx2"))) static void cut_row_avx2(uint8_t *target, const uint8_t *source, const uint8_t *before, size_t count,
                                                         uint8_t transparent) {
    const __m256i mark = _mm256_set1_epi8((char)transparent);
    size_t x = 0;
    for (; x + 32 <= count; x += 32) {
        __m256i now = _mm256_loadu_si256((const __m256i *)(source + x));
        __m256i same = _mm256_cmpeq_epi8(now, _mm256_loadu_si256((const __m256i *)(before + x)));
        _mm256_storeu_si256((__m256i *)(target + x), _mm256_blendv_epi8(now, mark, same));
    }
    for (; x < count; x++) target[x] = source[x] == before[x] ? transparent : source[x];
}
#endif

static long row_first_difference(const uint8_t *a, const uint8_t *b, size_t count) {
#if defined(__x86_64__)
    if (flipbook_uses_avx2()) return row_first_difference_avx2(a, b, count);
#endif
    for (size_t x = 0; x < count; x++) if (a[x] != b[x]) return (long)x;
    return -1;
}

static long row_last_difference(const uint8_t *a, const uint8_t *b, size_t count) {
#if defined(__x86_64__)
    if (flipbook_uses_avx2()) return row_last_difference_avx2(a, b, count);
#endif
    for (size_t end = count; end > 0; end--) if (a[end - 1] != b[end - 1]) return (long)end - 1;
    return -1;
}

int flipbook_changed_spans(const uint8_t *a, const uint8_t *b, size_t width, size_t height, long *spans, long *rect) {
    long minX = (long)width, maxX = -1, minY = -1, maxY = -1;
    for (size_t y = 0; y < height; y++) {
        const uint8_t *ra = a + y * width, *rb = b + y * width;
        long first = row_first_difference(ra, rb, width);
        if (first < 0) {
            spans[2 * y] = spans[2 * y + 1] = -1;
            continue;
        }
        long last = row_last_difference(ra + first, rb + first, width - (size_t)first) + first;
        spans[2 * y] = first;
        spans[2 * y + 1] = last;
        if (minY < 0) minY = (long)y;
        maxY = (long)y;
        if (first < minX) minX = first;
        if (last > maxX) maxX = last;
    }
    if (maxY < 0) return 0;
    rect[0] = minX; rect[1] = minY; rect[2] = maxX - minX + 1; rect[3] = maxY - minY + 1;
    return 1;
}

void flipbook_cut_row(uint8_t *target, const uint8_t *source, const uint8_t *before, size_t count, uint8_t transparent) {
#if defined(__x86_64__)
    if (flipbook_uses_avx2()) { cut_row_avx2(target, source, before, count, transparent); return; }
#endif
    for (size_t x = 0; x < count; x++) target[x] = source[x] == before[x] ? transparent : source[x];
}

void flipbook_cut_spans(uint8_t *patch, const uint8_t *frame, const uint8_t *before, size_t width, const long *rect,
                        const long *spans, uint8_t transparent) {
    size_t x = (size_t)rect[0], rectWidth = (size_t)rect[2];
    for (size_t row = 0; row < (size_t)rect[3]; row++) {
        size_t y = (size_t)rect[1] + row;
        uint8_t *target = patch + row * rectWidth;
        // A row that did not change is all transparent; one that did is cut whole (cheaper than
        // cutting its span and filling either side, on the demo's frames).
        if (spans[2 * y] < 0) memset(target, transparent, rectWidth);
        else flipbook_cut_row(target, frame + y * width + x, before + y * width + x, rectWidth, transparent);
    }
}

#include "kernels.h"

#include <stdint.h>
#include <string.h>

// GIF's LZW coder (Encoding's `LZWEncoder`): the same algorithm, step for step, in C, where
// Swift's overflow and bounds checks on every step were a third of its time.

enum { LZW_SLOTS = 1 << 13, LZW_CLEAR = 256, LZW_END = 257 };

/// The slot where `key` is, or the empty slot where it would go (linear probing).
static inline size_t lzw_slot(uint32_t key, const uint32_t *table) {
    size_t index = (uint32_t)(key * 2654435761u) >> 19;
    for (;;) {
        uint32_t entry = table[index];
        if (entry == 0 || entry >> 12 == key) return index;
        index = (index + 1) & (LZW_SLOTS - 1);
    }
}

/// How many of the first `limit` bytes at `start` are 0 before the first that is not.
static inline size_t lzw_zeros(const uint8_t *start, size_t limit) {
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

size_t flipbook_lzw_encode(const uint8_t *pixels, size_t count, uint32_t *table, long *runCodes, uint8_t *out) {
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
    memset(table, 0, sizeof(uint32_t) * LZW_SLOTS);
    EMIT(LZW_CLEAR);
    if (count == 0) {
        EMIT(LZW_END);
    } else {
        long next = LZW_END + 1;
        long prefix = pixels[0];
        // Runs of the transparent index: runCodes[k] is the code of k of them, k ≤ longestRun;
        // prefixRun is the run the prefix stands for (0 when it is not a run).
        memset(runCodes, 0, sizeof(long) * 4097);
        long longestRun = 1;
        long prefixRun = prefix == 0 ? 1 : 0;
        size_t i = 1;
        while (i < count) {
            if (prefixRun > 0 && pixels[i] == 0 && prefixRun < longestRun) {
                size_t reach = (size_t)(longestRun - prefixRun);
                if (reach > count - i) reach = count - i;
                size_t zeros = lzw_zeros(pixels + i, reach);
                prefixRun += (long)zeros;
                prefix = runCodes[prefixRun];
                i += zeros;
                continue;
            }
            long byte = pixels[i];
            uint32_t key = (uint32_t)(prefix << 8 | byte);
            size_t index = lzw_slot(key, table);
            uint32_t entry = table[index];
            i++;
            if (entry != 0) {
                prefix = entry & 0xFFF;
                prefixRun = prefixRun > 0 && byte == 0 ? prefixRun + 1 : 0;
                continue;
            }
            EMIT(prefix);
            if (next < 4096) {
                table[index] = key << 12 | (uint32_t)next;
                if (prefixRun == longestRun && byte == 0) {
                    longestRun += 1;
                    runCodes[longestRun] = next;
                }
                // The decoder widens its codes once the table reaches 2^width entries.
                if (next == 1L << width && width < 12) width += 1;
                next += 1;
            } else {
                EMIT(LZW_CLEAR);
                memset(table, 0, sizeof(uint32_t) * LZW_SLOTS);
                width = 9;
                next = LZW_END + 1;
                longestRun = 1;
            }
            prefix = byte;
            prefixRun = byte == 0 ? 1 : 0;
        }
        EMIT(prefix);
        EMIT(LZW_END);
    }
    if (bitCount > 0) out[length++] = (uint8_t)bitBuffer;
#undef EMIT
    return length;
}

// MARK: - Frame differences

#if defined(__x86_64__)
#include <immintrin.h>
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

int flipbook_changed_rect(const uint8_t *a, const uint8_t *b, size_t width, size_t height, long *rect) {
    long minX = -1, maxX = -1, minY = -1, maxY = -1;
    for (size_t y = 0; y < height; y++) {
        const uint8_t *ra = a + y * width, *rb = b + y * width;
        // Only the part outside what is known to differ needs looking at: left of minX, right of maxX.
        long first = row_first_difference(ra, rb, minY < 0 ? width : (size_t)minX);
        long last;
        if (minY < 0) {
            if (first < 0) continue;
            last = row_last_difference(ra + first, rb + first, width - (size_t)first) + first;
        } else {
            long right = row_last_difference(ra + maxX + 1, rb + maxX + 1, width - (size_t)maxX - 1);
            last = right < 0 ? -1 : right + maxX + 1;
            if (first < 0 && last < 0) {
                // Nothing outside [minX, maxX]: the row changed only if something inside did.
                if (memcmp(ra + minX, rb + minX, (size_t)(maxX - minX + 1)) == 0) continue;
            }
        }
        if (minY < 0) { minY = (long)y; minX = first; maxX = last; }
        if (first >= 0 && first < minX) minX = first;
        if (last > maxX) maxX = last;
        maxY = (long)y;
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

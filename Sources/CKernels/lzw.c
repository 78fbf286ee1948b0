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

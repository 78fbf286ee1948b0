// The weight gradient xᵀδ of a layer whose input x is mostly exact zeros (image pixels: about
// half of Fashion-MNIST's, four fifths of MNIST's), skipping the zeros.
//
// Two columns of x (two rows of the result) are taken at a time: the rows r where either column
// is non-zero are listed once with both values, and each listed row of δ, loaded once, feeds both
// result rows: 6 loads and 12 fused multiply-adds into registers per listed row, the shape of a
// BLAS micro-kernel. δ is first copied into column tiles of 48 (then 32, 16, 8) floats so that a
// tile's rows sit next to each other in L1 (δ's own rows are n floats apart, which for n = 256
// maps them onto a few cache sets), and long lists are walked in blocks of 64 rows of δ.
//
// Every result is the sum over the listed rows in increasing order, started from zero or from the
// value already there; a row listed for the other column of its pair adds an exact 0·δ. So the
// bits do not depend on how columns are paired or cut into blocks for different threads.
#include "kernels.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2_FMA __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

static int cpu_has_avx2_fma;
/// For each 8-bit mask, the lanes whose bit is set, in order, then zeros: a left-packing shuffle.
static int32_t packing[256][8];

static void prepare(void) {
    __builtin_cpu_init();
    cpu_has_avx2_fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    for (int mask = 0; mask < 256; mask++) {
        int next = 0;
        for (int lane = 0; lane < 8; lane++)
            if (mask >> lane & 1) packing[mask][next++] = lane;
        while (next < 8) packing[mask][next++] = 0;
    }
}

static int ready(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, prepare);
    return cpu_has_avx2_fma;
}

/// Lists the rows where column `first` or column `second` (second < 0: none) of the m-row matrix
/// `a` is non-zero, with both values. Returns how many; needs m + 8 slots.
AVX2_FMA static size_t list_column_pair(const float *a, size_t lda, size_t m, size_t first, long second,
                                        int32_t *positions, float *xs, float *ys) {
    const __m256 zero = _mm256_setzero_ps();
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i offsets = _mm256_mullo_epi32(lanes, _mm256_set1_epi32((int)lda));
    size_t count = 0, r = 0;
    for (; r + 8 <= m; r += 8) {
        __m256 x = _mm256_i32gather_ps(a + r * lda + first, offsets, 4);
        __m256 y = second >= 0 ? _mm256_i32gather_ps(a + r * lda + second, offsets, 4) : zero;
        int mask = _mm256_movemask_ps(_mm256_or_ps(_mm256_cmp_ps(x, zero, _CMP_NEQ_UQ), _mm256_cmp_ps(y, zero, _CMP_NEQ_UQ)));
        __m256i shuffle = _mm256_loadu_si256((const __m256i *)packing[mask]);
        _mm256_storeu_si256((__m256i *)(positions + count), _mm256_add_epi32(_mm256_permutevar8x32_epi32(lanes, shuffle), _mm256_set1_epi32((int)r)));
        _mm256_storeu_ps(xs + count, _mm256_permutevar8x32_ps(x, shuffle));
        _mm256_storeu_ps(ys + count, _mm256_permutevar8x32_ps(y, shuffle));
        count += (size_t)__builtin_popcount((unsigned)mask);
    }
    for (; r < m; r++) {
        float x = a[r * lda + first], y = second >= 0 ? a[r * lda + second] : 0;
        positions[count] = (int32_t)r;
        xs[count] = x;
        ys[count] = y;
        count += (x != 0) | (y != 0);
    }
    return count;
}

/// One column tile of `vectors` × 8 floats of result rows `top` and `bottom` (NULL: none): adds
/// the listed positions from `*next` up to (not including) position `end`, each picking a row of
/// the packed tile of the right factor, to what the rows hold (`load`) or to zero.
INLINE void pair_tile(int vectors, size_t *next, size_t count, size_t end, const int32_t *positions,
                      const float *xs, const float *ys, const float *tile, float *top, float *bottom, int load) AVX2_FMA;
INLINE void pair_tile(int vectors, size_t *next, size_t count, size_t end, const int32_t *positions,
                      const float *xs, const float *ys, const float *tile, float *top, float *bottom, int load) {
    __m256 upper[6], lower[6];
    for (int v = 0; v < vectors; v++) {
        upper[v] = load ? _mm256_loadu_ps(top + 8 * v) : _mm256_setzero_ps();
        lower[v] = load && bottom ? _mm256_loadu_ps(bottom + 8 * v) : _mm256_setzero_ps();
    }
    size_t i = *next;
    for (; i < count && (size_t)positions[i] < end; i++) {
        const __m256 x = _mm256_broadcast_ss(xs + i), y = _mm256_broadcast_ss(ys + i);
        const float *row = tile + (size_t)positions[i] * (size_t)(8 * vectors);
        for (int v = 0; v < vectors; v++) {
            const __m256 w = _mm256_load_ps(row + 8 * v);
            upper[v] = _mm256_fmadd_ps(x, w, upper[v]);
            lower[v] = _mm256_fmadd_ps(y, w, lower[v]);
        }
    }
    *next = i;
    for (int v = 0; v < vectors; v++) {
        _mm256_storeu_ps(top + 8 * v, upper[v]);
        if (bottom) _mm256_storeu_ps(bottom + 8 * v, lower[v]);
    }
}

/// The widest tile (in vectors of 8) that fits the `remaining` columns.
static int tile_vectors(size_t remaining) {
    return remaining >= 48 ? 6 : remaining >= 32 ? 4 : remaining >= 16 ? 2 : 1;
}

enum {
    /// Pairs listed at once (their lists take 32 × 12 bytes per position of the inner dimension).
    chunk_pairs = 32,
    /// Positions of the inner dimension per pass over a chunk: 64 rows of a 48-float tile are
    /// 12 KB, which stay in L1 while every pair of the chunk uses them.
    block_positions = 64,
};

/// Rows start..<end of aᵀb (row `start` at c), two at a time; a and b have `inner` rows.
AVX2_FMA static int transposed_product_avx2(const float *a, size_t lda, size_t start, size_t end,
                                            size_t inner, size_t n, const float *b, size_t ldb, float *c, size_t ldc,
                                            int accumulate) {
    // One workspace per thread, kept between calls (a step makes several of the same sizes):
    // b's tiles, then per pair of a chunk its positions, values and count.
    static __thread float *workspace;
    static __thread size_t capacity;
    size_t slots = inner + 8;
    size_t needed = inner * n + chunk_pairs * 3 * slots;
    if (needed > capacity) {
        float *larger = aligned_alloc(32, (needed * sizeof(float) + 31) / 32 * 32);
        if (!larger) return 0;
        free(workspace);
        workspace = larger;
        capacity = needed;
    }
    float *tiles = workspace, *values = tiles + inner * n;
    int32_t *positions = (int32_t *)(values + chunk_pairs * 2 * slots);
    size_t counts[chunk_pairs], next[chunk_pairs];
    // b's column tiles, each inner × width, one after another.
    for (size_t column = 0, offset = 0; column < n;) {
        size_t width = 8 * (size_t)tile_vectors(n - column);
        for (size_t r = 0; r < inner; r++) memcpy(tiles + offset + r * width, b + r * ldb + column, width * sizeof(float));
        offset += inner * width;
        column += width;
    }
    for (size_t chunk = start; chunk < end; chunk += 2 * chunk_pairs) {
        size_t chunk_end = chunk + 2 * chunk_pairs < end ? chunk + 2 * chunk_pairs : end;
        size_t pairs = (chunk_end - chunk + 1) / 2;
        for (size_t p = 0; p < pairs; p++) {
            size_t first = chunk + 2 * p;
            long second = first + 1 < chunk_end ? (long)(first + 1) : -1;
            counts[p] = list_column_pair(a, lda, inner, first, second, positions + p * slots, values + 2 * p * slots, values + (2 * p + 1) * slots);
        }
        for (size_t column = 0, offset = 0; column < n;) {
            int vectors = tile_vectors(n - column);
            const float *tile = tiles + offset;
            for (size_t p = 0; p < pairs; p++) next[p] = 0;
            for (size_t block = 0; block < inner; block += block_positions) {
                for (size_t p = 0; p < pairs; p++) {
                    size_t first = chunk + 2 * p;
                    float *top = c + (first - start) * ldc + column;
                    float *bottom = first + 1 < chunk_end ? top + ldc : NULL;
                    const int32_t *at = positions + p * slots;
                    const float *xs = values + 2 * p * slots, *ys = values + (2 * p + 1) * slots;
                    int load = block > 0 || accumulate;
                    size_t stop = block + block_positions;
                    switch (vectors) {
                    case 6: pair_tile(6, &next[p], counts[p], stop, at, xs, ys, tile, top, bottom, load); break;
                    case 4: pair_tile(4, &next[p], counts[p], stop, at, xs, ys, tile, top, bottom, load); break;
                    case 2: pair_tile(2, &next[p], counts[p], stop, at, xs, ys, tile, top, bottom, load); break;
                    default: pair_tile(1, &next[p], counts[p], stop, at, xs, ys, tile, top, bottom, load); break;
                    }
                }
            }
            offset += inner * 8 * (size_t)vectors;
            column += 8 * (size_t)vectors;
        }
    }
    return 1;
}

/// Non-zero cells of column pairs (0, 1), (2, 3), … of an m × k matrix, a last lone column
/// counting as a pair.
AVX2_FMA static size_t column_pair_cells_avx2(size_t m, size_t k, const float *a, size_t lda) {
    const __m256 zero = _mm256_setzero_ps();
    size_t listed = 0;
    for (size_t r = 0; r < m; r++) {
        const float *row = a + r * lda;
        size_t j = 0;
        for (; j + 8 <= k; j += 8) {
            unsigned nonzero = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(row + j), zero, _CMP_NEQ_UQ));
            listed += (size_t)__builtin_popcount((nonzero | nonzero >> 1) & 0x55);
        }
        for (; j < k; j += 2) listed += row[j] != 0 || (j + 1 < k && row[j + 1] != 0);
    }
    return listed;
}

#endif

int flipbook_sparse_transposed_product_f32(size_t m, size_t n, size_t k0, size_t k1, const float *a, size_t lda,
                                           const float *b, size_t ldb, float *c, size_t ldc, int accumulate) {
#if defined(__x86_64__)
    if (ready() && n % 8 == 0 && m > 0 && m <= INT32_MAX / 2 && lda <= INT32_MAX / 8 && k0 < k1)
        return transposed_product_avx2(a, lda, k0, k1, m, n, b, ldb, c, ldc, accumulate);
#endif
    return 0;
}

int flipbook_sparse_product_available(void) {
#if defined(__x86_64__)
    return ready();
#else
    return 0;
#endif
}

double flipbook_pair_density_f32(size_t m, size_t k, const float *a, size_t lda) {
#if defined(__x86_64__)
    if (ready() && m > 0 && k > 0) return (double)column_pair_cells_avx2(m, k, a, lda) / (double)(m * ((k + 1) / 2));
#endif
    return 1;
}

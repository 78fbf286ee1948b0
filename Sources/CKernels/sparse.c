// The weight gradient xᵀδ of a layer whose input x is mostly exact zeros (image pixels: about
// half of Fashion-MNIST's, four fifths of MNIST's), skipping the zeros.
//
// Two columns of x (two rows of the result) are taken at a time: the rows r where either column
// is non-zero are listed once with both values, and each listed row of δ, loaded once, feeds
// both result rows: per listed row 6 loads of δ and 12 fused multiply-adds into registers, the
// shape of a BLAS micro-kernel. δ is first copied into column tiles of 48 (then 32, 16, 8) floats
// so that a tile's rows sit next to each other in L1 (δ's own rows are n floats apart, which for
// n = 256 maps them all onto a few cache sets).
//
// Every result is the sum over the listed rows in increasing order, started from zero or from the
// value already there; a row listed for the other column of its pair adds an exact 0·δ. So the
// bits do not depend on how the columns are paired or cut into blocks for different threads.
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

/// Columns `first` and `second` (second < 0: none) of the m × ? matrix `a`: lists the rows where
/// either is non-zero, with both values, and returns how many. The lists need m + 8 slots.
AVX2_FMA static size_t list_pair(size_t m, const float *a, size_t lda, size_t first, long second,
                                 int32_t *rows, float *xs, float *ys) {
    const __m256 zero = _mm256_setzero_ps();
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i offsets = _mm256_mullo_epi32(lanes, _mm256_set1_epi32((int)lda));
    size_t count = 0, r = 0;
    for (; r + 8 <= m; r += 8) {
        const float *base = a + r * lda + first;
        __m256 x = _mm256_i32gather_ps(base, offsets, 4);
        __m256 y = second >= 0 ? _mm256_i32gather_ps(a + r * lda + second, offsets, 4) : zero;
        int mask = _mm256_movemask_ps(_mm256_or_ps(_mm256_cmp_ps(x, zero, _CMP_NEQ_UQ), _mm256_cmp_ps(y, zero, _CMP_NEQ_UQ)));
        __m256i shuffle = _mm256_loadu_si256((const __m256i *)packing[mask]);
        _mm256_storeu_si256((__m256i *)(rows + count), _mm256_add_epi32(_mm256_permutevar8x32_epi32(lanes, shuffle), _mm256_set1_epi32((int)r)));
        _mm256_storeu_ps(xs + count, _mm256_permutevar8x32_ps(x, shuffle));
        _mm256_storeu_ps(ys + count, _mm256_permutevar8x32_ps(y, shuffle));
        count += (size_t)__builtin_popcount((unsigned)mask);
    }
    for (; r < m; r++) {
        float x = a[r * lda + first], y = second >= 0 ? a[r * lda + second] : 0;
        rows[count] = (int32_t)r;
        xs[count] = x;
        ys[count] = y;
        count += (x != 0) | (y != 0);
    }
    return count;
}

/// One column tile of `vectors` × 8 floats: result rows `top` and `bottom` (NULL: none) over the
/// listed rows of the packed δ tile.
INLINE void pair_tile(int vectors, size_t count, const int32_t *rows, const float *xs, const float *ys,
                      const float *tile, float *top, float *bottom, int accumulate) AVX2_FMA;
INLINE void pair_tile(int vectors, size_t count, const int32_t *rows, const float *xs, const float *ys,
                      const float *tile, float *top, float *bottom, int accumulate) {
    __m256 upper[6], lower[6];
    for (int v = 0; v < vectors; v++) {
        upper[v] = accumulate ? _mm256_loadu_ps(top + 8 * v) : _mm256_setzero_ps();
        lower[v] = accumulate && bottom ? _mm256_loadu_ps(bottom + 8 * v) : _mm256_setzero_ps();
    }
    for (size_t i = 0; i < count; i++) {
        const __m256 x = _mm256_broadcast_ss(xs + i), y = _mm256_broadcast_ss(ys + i);
        const float *delta = tile + (size_t)rows[i] * (size_t)(8 * vectors);
        for (int v = 0; v < vectors; v++) {
            const __m256 d = _mm256_load_ps(delta + 8 * v);
            upper[v] = _mm256_fmadd_ps(x, d, upper[v]);
            lower[v] = _mm256_fmadd_ps(y, d, lower[v]);
        }
    }
    for (int v = 0; v < vectors; v++) {
        _mm256_storeu_ps(top + 8 * v, upper[v]);
        if (bottom) _mm256_storeu_ps(bottom + 8 * v, lower[v]);
    }
}

/// The widest tile (in vectors of 8) that fits the `remaining` columns.
static int tile_vectors(size_t remaining) {
    return remaining >= 48 ? 6 : remaining >= 32 ? 4 : remaining >= 16 ? 2 : 1;
}

AVX2_FMA static int transposed_product_avx2(size_t m, size_t n, size_t k0, size_t k1, const float *a, size_t lda,
                                            const float *b, size_t ldb, float *c, size_t ldc, int accumulate) {
    // One workspace per thread, kept between calls (a step makes several with the same sizes).
    static __thread float *workspace;
    static __thread size_t capacity;
    size_t needed = m * n + 3 * (m + 8);
    if (needed > capacity) {
        float *larger = aligned_alloc(32, (needed * sizeof(float) + 31) / 32 * 32);
        if (!larger) return 0;
        free(workspace);
        workspace = larger;
        capacity = needed;
    }
    float *tiles = workspace, *xs = tiles + m * n, *ys = xs + m + 8;
    int32_t *rows = (int32_t *)(ys + m + 8);
    // δ's column tiles, each m × width, one after another.
    for (size_t column = 0, offset = 0; column < n;) {
        size_t width = 8 * (size_t)tile_vectors(n - column);
        for (size_t r = 0; r < m; r++) memcpy(tiles + offset + r * width, b + r * ldb + column, width * sizeof(float));
        offset += m * width;
        column += width;
    }
    for (size_t first = k0; first < k1; first += 2) {
        long second = first + 1 < k1 ? (long)(first + 1) : -1;
        size_t count = list_pair(m, a, lda, first, second, rows, xs, ys);
        float *top = c + (first - k0) * ldc, *bottom = second >= 0 ? top + ldc : NULL;
        for (size_t column = 0, offset = 0; column < n;) {
            int vectors = tile_vectors(n - column);
            const float *tile = tiles + offset;
            float *upper = top + column, *lower = bottom ? bottom + column : NULL;
            switch (vectors) {
            case 6: pair_tile(6, count, rows, xs, ys, tile, upper, lower, accumulate); break;
            case 4: pair_tile(4, count, rows, xs, ys, tile, upper, lower, accumulate); break;
            case 2: pair_tile(2, count, rows, xs, ys, tile, upper, lower, accumulate); break;
            default: pair_tile(1, count, rows, xs, ys, tile, upper, lower, accumulate); break;
            }
            offset += m * 8 * (size_t)vectors;
            column += 8 * (size_t)vectors;
        }
    }
    return 1;
}

AVX2_FMA static double pair_density_avx2(size_t m, size_t k, const float *a, size_t lda) {
    const __m256 zero = _mm256_setzero_ps();
    size_t listed = 0;
    for (size_t r = 0; r < m; r++) {
        const float *row = a + r * lda;
        size_t j = 0;
        for (; j + 8 <= k; j += 8) {
            unsigned nonzero = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(row + j), zero, _CMP_NEQ_UQ));
            listed += (size_t)__builtin_popcount((nonzero | nonzero >> 1) & 0x55);   // pairs (j, j+1), …
        }
        for (; j < k; j += 2) listed += row[j] != 0 || (j + 1 < k && row[j + 1] != 0);
    }
    return (double)listed / (double)(m * ((k + 1) / 2));
}
#endif

int flipbook_sparse_transposed_product_f32(size_t m, size_t n, size_t k0, size_t k1, const float *a, size_t lda,
                                           const float *b, size_t ldb, float *c, size_t ldc, int accumulate) {
#if defined(__x86_64__)
    if (ready() && n % 8 == 0 && m > 0 && m <= INT32_MAX / 2 && lda <= INT32_MAX / 8 && k0 < k1)
        return transposed_product_avx2(m, n, k0, k1, a, lda, b, ldb, c, ldc, accumulate);
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
    if (m == 0 || k == 0) return 0;
#if defined(__x86_64__)
    if (ready()) return pair_density_avx2(m, k, a, lda);
#endif
    size_t listed = 0;
    for (size_t r = 0; r < m; r++)
        for (size_t j = 0; j < k; j += 2)
            listed += a[r * lda + j] != 0 || (j + 1 < k && a[r * lda + j + 1] != 0);
    return (double)listed / (double)(m * ((k + 1) / 2));
}

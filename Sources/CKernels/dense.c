// The three products of a small dense layer's training step, without a BLAS: the forward pass
// z = x·W + b (then ReLU), the input gradient δ·Wᵀ (then ReLU's mask), and the parameter
// gradients xᵀδ and Σδ. At the shapes of a small network (800 × 2 · 2 × 16, 800 × 16 · 16 × 1)
// a BLAS call spends most of its time packing and dispatching, and its micro-kernel's tile is
// mostly empty; these loops go straight through.
//
// Every result is a plain sum in a fixed order — over the inner index from its first term for
// the products with W, over the rows from the first for the gradients — of products rounded on
// their own (no fused multiply-adds), so the AVX2 variant and the plain loops give the same bits
// on every CPU. A BLAS sums in its own order with FMAs: the two paths agree to float32 rounding.
#include "kernels.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define DENSE_X86 1

#define AVX2 __attribute__((target("avx2")))
#endif

size_t flipbook_small_dense_maximum_weights(void) { return FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS; }

// MARK: - Plain loops (every CPU; the reference order)

/// Σ a[i]·b[i] for i < n in the order the AVX2 variant sums: for n ≥ 8, eight partial sums
/// (lane l takes i ≡ l mod 8 below the last whole block of 8, in order), added as
/// ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7)), then the remaining terms one by one; below
/// 8 terms, one by one from the first.
static float dot_plain(const float *a, const float *b, size_t n) {
    if (n < 8) {
        float sum = a[0] * b[0];
        for (size_t i = 1; i < n; i++) sum += a[i] * b[i];
        return sum;
    }
    float p[8];
    for (int l = 0; l < 8; l++) p[l] = a[l] * b[l];
    size_t i = 8;
    for (; i + 8 <= n; i += 8)
        for (int l = 0; l < 8; l++) p[l] += a[i + l] * b[i + l];
    float q[4], r[2];
    for (int l = 0; l < 4; l++) q[l] = p[l] + p[l + 4];
    for (int l = 0; l < 2; l++) r[l] = q[l] + q[l + 2];
    float sum = r[0] + r[1];
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static void forward_plain(size_t rows, size_t in, size_t out, const float *x, const float *w, const float *b,
                          int relu, float *z) {
    if (out < 8 && in >= 8) {      // a dot product per output, against a column of W
        float wt[FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS];
        for (size_t k = 0; k < in; k++)
            for (size_t j = 0; j < out; j++) wt[j * in + k] = w[k * out + j];
        for (size_t r = 0; r < rows; r++)
            for (size_t j = 0; j < out; j++) {
                float value = dot_plain(x + r * in, wt + j * in, in) + b[j];
                z[r * out + j] = relu && value < 0 ? 0 : value;
            }
        return;
    }
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * in;
        float *zr = z + r * out;
        for (size_t j = 0; j < out; j++) {
            float sum = xr[0] * w[j];
            for (size_t k = 1; k < in; k++) sum += xr[k] * w[k * out + j];
            float value = sum + b[j];
            zr[j] = relu && value < 0 ? 0 : value;
        }
    }
}

static void input_gradient_plain(size_t rows, size_t in, size_t out, const float *delta, const float *w,
                                 const float *mask, float *g) {
    if (in < 8 && out >= 8) {      // a dot product per input, against a row of W
        for (size_t r = 0; r < rows; r++)
            for (size_t k = 0; k < in; k++) {
                float sum = dot_plain(delta + r * out, w + k * out, out);
                g[r * in + k] = mask && !(mask[r * in + k] > 0) ? 0 : sum;
            }
        return;
    }
    for (size_t r = 0; r < rows; r++) {
        const float *dr = delta + r * out;
        float *gr = g + r * in;
        for (size_t k = 0; k < in; k++) {
            float sum = dr[0] * w[k * out];
            for (size_t j = 1; j < out; j++) sum += dr[j] * w[k * out + j];
            gr[k] = mask && !(mask[r * in + k] > 0) ? 0 : sum;
        }
    }
}

static void parameter_gradients_plain(size_t rows, size_t in, size_t out, const float *x, const float *delta,
                                      float *dw, float *db) {
    memset(dw, 0, in * out * sizeof *dw);
    memset(db, 0, out * sizeof *db);
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * in, *dr = delta + r * out;
        for (size_t k = 0; k < in; k++)
            for (size_t j = 0; j < out; j++) dw[k * out + j] += xr[k] * dr[j];
        for (size_t j = 0; j < out; j++) db[j] += dr[j];
    }
}

// MARK: - AVX2 (8 outputs, or 8 rows, at a time; the same sums in the same order)

#if DENSE_X86
/// `dot_plain` with the eight partial sums in one register.
AVX2 static inline float dot_avx2(const float *a, const float *b, size_t n) {
    if (n < 8) return dot_plain(a, b, n);
    __m256 p = _mm256_mul_ps(_mm256_loadu_ps(a), _mm256_loadu_ps(b));
    size_t i = 8;
    for (; i + 8 <= n; i += 8) p = _mm256_add_ps(p, _mm256_mul_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
    __m128 q = _mm_add_ps(_mm256_castps256_ps128(p), _mm256_extractf128_ps(p, 1));     // p[l] + p[l + 4]
    __m128 r = _mm_add_ps(q, _mm_movehl_ps(q, q));                                     // q[l] + q[l + 2]
    float sum = _mm_cvtss_f32(_mm_add_ss(r, _mm_movehdup_ps(r)));                        // r[0] + r[1]
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

/// Outputs in blocks of 8 (out ≥ 8): a row's block accumulates over k in one register.
AVX2 static void forward_avx2(size_t rows, size_t in, size_t out, const float *x, const float *w, const float *b,
                              int relu, float *z) {
    const __m256 zero = _mm256_setzero_ps();
    if (out >= 8) {
        for (size_t r = 0; r < rows; r++) {
            const float *xr = x + r * in;
            float *zr = z + r * out;
            size_t j = 0;
            for (; j + 16 <= out; j += 16) {
                __m256 x0 = _mm256_set1_ps(xr[0]);
                __m256 s0 = _mm256_mul_ps(x0, _mm256_loadu_ps(w + j)), s1 = _mm256_mul_ps(x0, _mm256_loadu_ps(w + j + 8));
                for (size_t k = 1; k < in; k++) {
                    __m256 xk = _mm256_set1_ps(xr[k]);
                    s0 = _mm256_add_ps(s0, _mm256_mul_ps(xk, _mm256_loadu_ps(w + k * out + j)));
                    s1 = _mm256_add_ps(s1, _mm256_mul_ps(xk, _mm256_loadu_ps(w + k * out + j + 8)));
                }
                s0 = _mm256_add_ps(s0, _mm256_loadu_ps(b + j));
                s1 = _mm256_add_ps(s1, _mm256_loadu_ps(b + j + 8));
                if (relu) { s0 = _mm256_max_ps(zero, s0); s1 = _mm256_max_ps(zero, s1); }   // NaN stays NaN
                _mm256_storeu_ps(zr + j, s0);
                _mm256_storeu_ps(zr + j + 8, s1);
            }
            for (; j + 8 <= out; j += 8) {
                __m256 s = _mm256_mul_ps(_mm256_set1_ps(xr[0]), _mm256_loadu_ps(w + j));
                for (size_t k = 1; k < in; k++)
                    s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_set1_ps(xr[k]), _mm256_loadu_ps(w + k * out + j)));
                s = _mm256_add_ps(s, _mm256_loadu_ps(b + j));
                if (relu) s = _mm256_max_ps(zero, s);
                _mm256_storeu_ps(zr + j, s);
            }
            for (; j < out; j++) {
                float sum = xr[0] * w[j];
                for (size_t k = 1; k < in; k++) sum += xr[k] * w[k * out + j];
                float value = sum + b[j];
                zr[j] = relu && value < 0 ? 0 : value;
            }
        }
        return;
    }
    if (in >= 8) {                  // a dot product per output, against a column of W
        float wt[FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS];
        for (size_t k = 0; k < in; k++)
            for (size_t j = 0; j < out; j++) wt[j * in + k] = w[k * out + j];
        for (size_t r = 0; r < rows; r++)
            for (size_t j = 0; j < out; j++) {
                float value = dot_avx2(x + r * in, wt + j * in, in) + b[j];
                z[r * out + j] = relu && value < 0 ? 0 : value;
            }
        return;
    }
    forward_plain(rows, in, out, x, w, b, relu, z);     // a handful of weights: plain loops
}

/// Inputs in blocks of 8 (in ≥ 8) against Wᵀ, copied first; else a dot product per input.
AVX2 static void input_gradient_avx2(size_t rows, size_t in, size_t out, const float *delta, const float *w,
                                     const float *mask, float *g) {
    const __m256 zero = _mm256_setzero_ps();
    if (in >= 8) {
        float wt[FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS];
        for (size_t k = 0; k < in; k++)
            for (size_t j = 0; j < out; j++) wt[j * in + k] = w[k * out + j];
        for (size_t r = 0; r < rows; r++) {
            const float *dr = delta + r * out;
            float *gr = g + r * in;
            const float *mr = mask ? mask + r * in : NULL;
            size_t k = 0;
            for (; k + 8 <= in; k += 8) {
                __m256 s = _mm256_mul_ps(_mm256_set1_ps(dr[0]), _mm256_loadu_ps(wt + k));
                for (size_t j = 1; j < out; j++)
                    s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_set1_ps(dr[j]), _mm256_loadu_ps(wt + j * in + k)));
                if (mr) s = _mm256_and_ps(s, _mm256_cmp_ps(_mm256_loadu_ps(mr + k), zero, _CMP_GT_OQ));
                _mm256_storeu_ps(gr + k, s);
            }
            for (; k < in; k++) {
                float sum = dr[0] * w[k * out];
                for (size_t j = 1; j < out; j++) sum += dr[j] * w[k * out + j];
                gr[k] = mr && !(mr[k] > 0) ? 0 : sum;
            }
        }
        return;
    }
    if (out >= 8) {                 // a dot product per input, against a row of W
        for (size_t r = 0; r < rows; r++)
            for (size_t k = 0; k < in; k++) {
                float sum = dot_avx2(delta + r * out, w + k * out, out);
                g[r * in + k] = mask && !(mask[r * in + k] > 0) ? 0 : sum;
            }
        return;
    }
    input_gradient_plain(rows, in, out, delta, w, mask, g);
}

/// Adds, for each of `n` blocks, Σ_rows coefficient · 8 values into `sums` (each block's sum over
/// the rows in order, from 0): block i reads its 8 values at along[i] (then `alongStride` further
/// on per row) and its coefficient at across[i] (`acrossStride[i]` further on; 0 for the biases,
/// whose coefficient is an exact 1). Inlined with n constant, so the sums stay in registers.
AVX2 static inline __attribute__((always_inline))
void sum_blocks(int n, size_t rows, const float *const *along, size_t alongStride, const float *const *across,
                const size_t *acrossStride, __m256 *sums) {
    __m256 s[6];
    const float *a[6], *c[6];
    for (int i = 0; i < n; i++) { s[i] = _mm256_setzero_ps(); a[i] = along[i]; c[i] = across[i]; }
    for (size_t r = 0; r < rows; r++)
        for (int i = 0; i < n; i++) {
            s[i] = _mm256_add_ps(s[i], _mm256_mul_ps(_mm256_set1_ps(*c[i]), _mm256_loadu_ps(a[i])));
            a[i] += alongStride;
            c[i] += acrossStride[i];
        }
    for (int i = 0; i < n; i++) sums[i] = s[i];
}

/// Blocks of 8 gradient cells summed over every row in order, up to 6 at a time in registers (as
/// many chains of additions side by side): blocks of 8 outputs for one input (out ≥ 8) or of 8
/// inputs for one output (stored transposed), then blocks of 8 biases (δ times an exact 1). The
/// cells past the last whole block, and the biases past the last block of 8, are plain sums.
AVX2 static void parameter_gradients_avx2(size_t rows, size_t in, size_t out, const float *x, const float *delta,
                                          float *dw, float *db) {
    static const float one = 1;
    int byOutputs = out >= 8;
    size_t wide = byOutputs ? out : in, narrow = byOutputs ? in : out;    // weight blocks run along `wide`
    size_t blocksPerLine = wide / 8, weightBlocks = blocksPerLine * narrow, biasBlocks = out / 8;
    size_t blocks = weightBlocks + biasBlocks;
    const float *along = byOutputs ? delta : x, *across = byOutputs ? x : delta;
    for (size_t first = 0; first < blocks; first += 6) {
        size_t count = blocks - first < 6 ? blocks - first : 6;
        const float *alongAt[6], *acrossAt[6];
        size_t acrossStride[6], line[6], offset[6];
        int bias[6];
        for (size_t i = 0; i < count; i++) {
            size_t block = first + i;
            bias[i] = block >= weightBlocks;
            if (!bias[i]) {
                line[i] = block / blocksPerLine;
                offset[i] = block % blocksPerLine * 8;
                alongAt[i] = along + offset[i];
                acrossAt[i] = across + line[i];
                acrossStride[i] = narrow;
            } else {
                line[i] = 0;
                offset[i] = (block - weightBlocks) * 8;
                alongAt[i] = delta + offset[i];     // byOutputs: `along` is δ, its stride is out
                acrossAt[i] = &one;
                acrossStride[i] = 0;
            }
        }
        __m256 sums[6];
        switch (count) {
        case 1: sum_blocks(1, rows, alongAt, wide, acrossAt, acrossStride, sums); break;
        case 2: sum_blocks(2, rows, alongAt, wide, acrossAt, acrossStride, sums); break;
        case 3: sum_blocks(3, rows, alongAt, wide, acrossAt, acrossStride, sums); break;
        case 4: sum_blocks(4, rows, alongAt, wide, acrossAt, acrossStride, sums); break;
        case 5: sum_blocks(5, rows, alongAt, wide, acrossAt, acrossStride, sums); break;
        default: sum_blocks(6, rows, alongAt, wide, acrossAt, acrossStride, sums); break;
        }
        for (size_t i = 0; i < count; i++) {
            if (bias[i]) { _mm256_storeu_ps(db + offset[i], sums[i]); continue; }
            float lanes[8];
            _mm256_storeu_ps(lanes, sums[i]);
            for (int l = 0; l < 8; l++) {
                size_t w = offset[i] + l, n = line[i];          // position along `wide`, and the line
                if (byOutputs) dw[n * out + w] = lanes[l]; else dw[w * out + n] = lanes[l];
            }
        }
    }
    for (size_t j = biasBlocks * 8; j < out; j++) {
        float sum = 0;
        for (size_t r = 0; r < rows; r++) sum += delta[r * out + j];
        db[j] = sum;
    }
    // The weight cells past the last whole block of each line: plain sums over the rows.
    for (size_t n = 0; n < narrow; n++)
        for (size_t w = blocksPerLine * 8; w < wide; w++) {
            size_t k = byOutputs ? n : w, j = byOutputs ? w : n;
            float sum = 0;
            for (size_t r = 0; r < rows; r++) sum += x[r * in + k] * delta[r * out + j];
            dw[k * out + j] = sum;
        }
}
#endif

// MARK: - Entry points

int flipbook_small_dense_forward_f32(size_t rows, size_t in, size_t out, const float *x, const float *w,
                                     const float *b, int relu, float *z) {
    if (in == 0 || out == 0 || in * out > FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS) return 0;
#if DENSE_X86
    if (flipbook_uses_avx2()) { forward_avx2(rows, in, out, x, w, b, relu, z); return 1; }
#endif
    forward_plain(rows, in, out, x, w, b, relu, z);
    return 1;
}

int flipbook_small_dense_input_gradient_f32(size_t rows, size_t in, size_t out, const float *delta, const float *w,
                                            const float *mask, float *g) {
    if (in == 0 || out == 0 || in * out > FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS) return 0;
#if DENSE_X86
    if (flipbook_uses_avx2()) { input_gradient_avx2(rows, in, out, delta, w, mask, g); return 1; }
#endif
    input_gradient_plain(rows, in, out, delta, w, mask, g);
    return 1;
}

int flipbook_small_dense_parameter_gradients_f32(size_t rows, size_t in, size_t out, const float *x, const float *delta,
                                                 float *dw, float *db) {
    if (in == 0 || out == 0 || in * out > FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS) return 0;
#if DENSE_X86
    if (flipbook_uses_avx2()) { parameter_gradients_avx2(rows, in, out, x, delta, dw, db); return 1; }
#endif
    parameter_gradients_plain(rows, in, out, x, delta, dw, db);
    return 1;
}

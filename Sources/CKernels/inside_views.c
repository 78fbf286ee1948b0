// The views inside the network: the survey's peaks (Flipbook's `RunSurvey`: each unit's largest
// |activation| over the grid) and the hidden space's projection of a pass's rows (`LayerProbe`).

#include "kernels.h"

#include <float.h>
#include <math.h>
#include <string.h>

// No fused multiply-adds: the projection rounds as Swift's loop does.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define FLIPBOOK_X86 1
#define AVX2 __attribute__((target("avx2")))
#endif

// |v| when finite, else 0 (NaN and infinities are not peaks).
static inline float finite_magnitude(float v) {
    float a = fabsf(v);
    return a <= FLT_MAX ? a : 0;
}

#if FLIPBOOK_X86
// Eight columns at a time down the rows; a maximum is exact, so the order does not matter.
AVX2 static void column_peaks_f32_avx2(const float *values, size_t rows, size_t columns, float *peaks) {
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256 largest = _mm256_set1_ps(FLT_MAX);
    size_t c = 0;
    for (; c + 8 <= columns; c += 8) {
        __m256 peak = _mm256_loadu_ps(peaks + c);
        for (size_t r = 0; r < rows; r++) {
            __m256 a = _mm256_and_ps(_mm256_loadu_ps(values + r * columns + c), magnitude);
            a = _mm256_and_ps(a, _mm256_cmp_ps(a, largest, _CMP_LE_OQ));   // NaN, ±inf → 0
            peak = _mm256_max_ps(peak, a);
        }
        _mm256_storeu_ps(peaks + c, peak);
    }
    for (; c < columns; c++) {
        float peak = peaks[c];
        for (size_t r = 0; r < rows; r++) {
            float a = finite_magnitude(values[r * columns + c]);
            peak = a > peak ? a : peak;
        }
        peaks[c] = peak;
    }
}
#endif

void flipbook_column_peaks_f32(const float *values, size_t rows, size_t columns, float *peaks) {
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) { column_peaks_f32_avx2(values, rows, columns, peaks); return; }
#endif
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < columns; c++) {
            float a = finite_magnitude(values[r * columns + c]);
            peaks[c] = a > peaks[c] ? a : peaks[c];
        }
    }
}

// One row's projection, as `Projection.project` computes it: the sums in order from unit 0.
static inline void project_row(const float *row, size_t columns, const double *mean, const double *first, const double *second,
                               double *point, uint8_t *allZero) {
    double x = 0, y = 0;
    int zero = 1;
    for (size_t i = 0; i < columns; i++) {
        const double centred = (double)row[i] - mean[i];
        x += centred * first[i];
        y += centred * second[i];
        zero &= row[i] == 0;
    }
    point[0] = x;
    point[1] = y;
    *allZero = (uint8_t)zero;
}

#if FLIPBOOK_X86
// Four rows at once, a row a lane: each lane's sums in order from unit 0, as `project_row`'s
// (a multiply then an add, no fused step). Four units of the four rows are one 4 × 4 transpose.
AVX2 static size_t project_rows_f32_avx2(const float *values, size_t columns, const long *rows, size_t count,
                                         const double *mean, const double *first, const double *second, double *points,
                                         uint8_t *allZero) {
    size_t k = 0;
    for (; k + 4 <= count; k += 4) {
        const float *r[4];
        for (int j = 0; j < 4; j++) r[j] = values + (size_t)(rows ? rows[k + j] : (long)(k + j)) * columns;
        __m256d x = _mm256_setzero_pd(), y = _mm256_setzero_pd();
        __m256d nonzero = _mm256_setzero_pd();
        const __m256d zero = _mm256_setzero_pd();
        size_t i = 0;
        for (; i + 4 <= columns; i += 4) {
            __m128 a0 = _mm_loadu_ps(r[0] + i), a1 = _mm_loadu_ps(r[1] + i), a2 = _mm_loadu_ps(r[2] + i), a3 = _mm_loadu_ps(r[3] + i);
            _MM_TRANSPOSE4_PS(a0, a1, a2, a3);
            const __m128 unit[4] = {a0, a1, a2, a3};
            for (int q = 0; q < 4; q++) {
                const __m256d v = _mm256_cvtps_pd(unit[q]);
                const __m256d centred = _mm256_sub_pd(v, _mm256_broadcast_sd(mean + i + q));
                x = _mm256_add_pd(x, _mm256_mul_pd(centred, _mm256_broadcast_sd(first + i + q)));
                y = _mm256_add_pd(y, _mm256_mul_pd(centred, _mm256_broadcast_sd(second + i + q)));
                nonzero = _mm256_or_pd(nonzero, _mm256_cmp_pd(v, zero, _CMP_NEQ_UQ));
            }
        }
        for (; i < columns; i++) {
            const __m256d v = _mm256_setr_pd((double)r[0][i], (double)r[1][i], (double)r[2][i], (double)r[3][i]);
            const __m256d centred = _mm256_sub_pd(v, _mm256_broadcast_sd(mean + i));
            x = _mm256_add_pd(x, _mm256_mul_pd(centred, _mm256_broadcast_sd(first + i)));
            y = _mm256_add_pd(y, _mm256_mul_pd(centred, _mm256_broadcast_sd(second + i)));
            nonzero = _mm256_or_pd(nonzero, _mm256_cmp_pd(v, zero, _CMP_NEQ_UQ));
        }
        // (x0, y0, x1, y1, …): the two sums interleaved a row at a time.
        const __m256d low = _mm256_unpacklo_pd(x, y), high = _mm256_unpackhi_pd(x, y);
        _mm256_storeu_pd(points + 2 * k, _mm256_permute2f128_pd(low, high, 0x20));
        _mm256_storeu_pd(points + 2 * k + 4, _mm256_permute2f128_pd(low, high, 0x31));
        const int mask = _mm256_movemask_pd(nonzero);
        for (int j = 0; j < 4; j++) allZero[k + j] = (uint8_t)!((mask >> j) & 1);
    }
    return k;
}
#endif

void flipbook_project_rows_f32(const float *values, size_t columns, const long *rows, size_t count,
                               const double *mean, const double *first, const double *second, double *points, uint8_t *allZero) {
    size_t k = 0;
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) k = project_rows_f32_avx2(values, columns, rows, count, mean, first, second, points, allZero);
#endif
    // Four rows at a time: each row's sums stay in order, and the four chains overlap.
    for (; k + 4 <= count; k += 4) {
        const float *r[4];
        for (int j = 0; j < 4; j++) r[j] = values + (size_t)(rows ? rows[k + j] : (long)(k + j)) * columns;
        double x[4] = {0, 0, 0, 0}, y[4] = {0, 0, 0, 0};
        int zero[4] = {1, 1, 1, 1};
        for (size_t i = 0; i < columns; i++) {
            const double m = mean[i], a = first[i], b = second[i];
            for (int j = 0; j < 4; j++) {
                const double centred = (double)r[j][i] - m;
                x[j] += centred * a;
                y[j] += centred * b;
                zero[j] &= r[j][i] == 0;
            }
        }
        for (int j = 0; j < 4; j++) {
            points[2 * (k + j)] = x[j];
            points[2 * (k + j) + 1] = y[j];
            allZero[k + j] = (uint8_t)zero[j];
        }
    }
    for (; k < count; k++) {
        project_row(values + (size_t)(rows ? rows[k] : (long)k) * columns, columns, mean, first, second, points + 2 * k, allZero + k);
    }
}

// MARK: - A layer's unit maps from its row-major block

#include "unit_map_pixels.h"

// Unit `column`'s map, a pixel at a time.
static void layer_map_one(const float *values, size_t stride, size_t column, size_t gridColumns, const int32_t *xi, const float *xw,
                          size_t width, const int32_t *yi, const float *yw, size_t height, float center, float limit,
                          const uint8_t *colors, uint8_t background, uint8_t *out) {
    for (size_t r = 0; r < height; r++) {
        const float *upper = values + (size_t)yi[r] * gridColumns * stride + column, *lower = upper + gridColumns * stride;
        for (size_t x = 0; x < width; x++) {
            const size_t i = (size_t)xi[x] * stride;
            out[r * width + x] = unit_map_color(unit_map_bilinear(upper[i], upper[i + stride], lower[i], lower[i + stride], xw[x], yw[r]),
                                                center, limit, colors, background);
        }
    }
}

#if FLIPBOOK_X86
// `groups` × 8 consecutive units' maps at once (1 or 2): each grid point's units are one load per
// eight, the lanes the units. Sixteen at a time read each grid point's line once, not twice.
AVX2 static void layer_maps_avx2(const float *values, size_t stride, size_t first, int groups, size_t gridColumns, const int32_t *xi,
                                 const float *xw, size_t width, const int32_t *yi, const float *yw, size_t height,
                                 float center, float limit, const uint8_t *colors, uint8_t background, uint8_t *out) {
    const __m256 vcenter = _mm256_set1_ps(center), vlimit = _mm256_set1_ps(limit);
    const size_t plane = width * height;
    for (size_t r = 0; r < height; r++) {
        const float *upper = values + (size_t)yi[r] * gridColumns * stride + first, *lower = upper + gridColumns * stride;
        const __m256 wy = _mm256_set1_ps(yw[r]);
        uint8_t *row = out + r * width;
        for (size_t x = 0; x < width; x++) {
            const size_t i = (size_t)xi[x] * stride;
            const __m256 wx = _mm256_set1_ps(xw[x]);
            for (int g = 0; g < groups; g++) {
                const size_t o = i + 8 * (size_t)g;
                const __m256 value = unit_map_bilinear_lanes(_mm256_loadu_ps(upper + o), _mm256_loadu_ps(upper + o + stride),
                                                    _mm256_loadu_ps(lower + o), _mm256_loadu_ps(lower + o + stride), wx, wy);
                unit_map_color_lanes(value, vcenter, vlimit, colors, background, row + 8 * (size_t)g * plane + x, plane);
            }
        }
    }
}
#endif

void flipbook_layer_unit_maps_f32(const float *values, size_t stride, const long *units, size_t count, size_t gridColumns,
                                  const int32_t *xi, const float *xw, size_t width, const int32_t *yi, const float *yw, size_t height,
                                  float center, float limit, const uint8_t *colors, uint8_t background, uint8_t *out) {
    const size_t plane = width * height;
    size_t k = 0;
    while (k < count) {
#if FLIPBOOK_X86
        if (k + 8 <= count && flipbook_uses_avx2()) {
            // The run of consecutive units from k: sixteen, or eight, at a time.
            size_t run = 1;
            while (run < 16 && k + run < count && units[k + run] == units[k] + (long)run) run++;
            if (run >= 8) {
                const int groups = run == 16 ? 2 : 1;
                layer_maps_avx2(values, stride, (size_t)units[k], groups, gridColumns, xi, xw, width, yi, yw, height, center, limit, colors,
                                background, out + k * plane);
                k += 8 * (size_t)groups;
                continue;
            }
        }
#endif
        layer_map_one(values, stride, (size_t)units[k], gridColumns, xi, xw, width, yi, yw, height, center, limit, colors, background,
                      out + k * plane);
        k++;
    }
}

void flipbook_columns_nonzero_f32(const float *values, size_t rows, size_t stride, const long *columns, size_t count, uint8_t *nonzero) {
    for (size_t k = 0; k < count; k++) nonzero[k] = 0;
    size_t left = count;
    // A few hundred rows at a time, stopping once every column has shown a value that is not ±0.
    for (size_t from = 0; from < rows && left > 0; from += 256) {
        const size_t to = from + 256 < rows ? from + 256 : rows;
        for (size_t k = 0; k < count; k++) {
            if (nonzero[k]) continue;
            const float *v = values + from * stride + (size_t)columns[k];
            uint32_t bits = 0;
            for (size_t r = from; r < to; r++, v += stride) {
                uint32_t b;
                memcpy(&b, v, sizeof b);
                bits |= b & 0x7fffffffu;
            }
            if (bits != 0) { nonzero[k] = 1; left--; }
        }
    }
}

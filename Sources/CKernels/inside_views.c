// The views inside the network: the survey's peaks (Flipbook's `RunSurvey`: each unit's largest
// |activation| over the grid) and the hidden space's projection of a pass's rows (`LayerProbe`).

#include "kernels.h"

#include <float.h>
#include <math.h>

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

void flipbook_project_rows_f32(const float *values, size_t columns, const long *rows, size_t count,
                               const double *mean, const double *first, const double *second, double *points, uint8_t *allZero) {
    size_t k = 0;
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

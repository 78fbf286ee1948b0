// The inside views' survey (Flipbook's `RunSurvey`): each unit's largest |activation| over the grid.

#include "kernels.h"

#include <float.h>
#include <math.h>

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

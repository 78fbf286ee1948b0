// A unit map's pixel, shared by the unit maps drawn one at a time (drawing.c) and a layer's maps
// painted together (inside_views.c): the bilinear value of four grid points, horizontally first,
// then down; its fraction of the scale clamped to ±1, times 256, rounded half away from zero
// (through double: |x| + ½ is exact there), as an index into the 513 colours; NaN the background.
// Included after `FLIPBOOK_X86` and `AVX2` are defined, in a file compiled with
// FP_CONTRACT OFF (no fused multiply-adds: every variant rounds like Swift's loop).

#ifndef FLIPBOOK_UNIT_MAP_PIXELS_H
#define FLIPBOOK_UNIT_MAP_PIXELS_H

#include <math.h>
#include <stdint.h>

/// The value between grid values a (top left), b (top right), c (bottom left) and d at (wx, wy).
static inline float unit_map_bilinear(float a, float b, float c, float d, float wx, float wy) {
    float top = a + (b - a) * wx;
    float bottom = c + (d - c) * wx;
    return top + (bottom - top) * wy;
}

/// The colour of `value` on the scale `center` ± `limit`.
static inline uint8_t unit_map_color(float value, float center, float limit, const uint8_t *colors, uint8_t background) {
    float t = (value - center) / limit;
    if (t != t) return background;
    float clamped = -1 >= t ? -1 : t;          // Swift's max(t, -1)
    clamped = 1 < clamped ? 1 : clamped;       // Swift's min(_, 1)
    float x = clamped * 256.0f;
    long magnitude = (long)((double)fabsf(x) + 0.5);
    long index = signbit(x) ? -magnitude : magnitude;
    return colors[index + 256];
}

#if FLIPBOOK_X86
/// `unit_map_bilinear` of eight lanes.
AVX2 static inline __m256 unit_map_bilinear_lanes(__m256 a, __m256 b, __m256 c, __m256 d, __m256 wx, __m256 wy) {
    __m256 top = _mm256_add_ps(a, _mm256_mul_ps(_mm256_sub_ps(b, a), wx));
    __m256 bottom = _mm256_add_ps(c, _mm256_mul_ps(_mm256_sub_ps(d, c), wx));
    return _mm256_add_ps(top, _mm256_mul_ps(_mm256_sub_ps(bottom, top), wy));
}

/// `unit_map_color` of eight lanes: lane k's colour to out[k · step].
AVX2 static inline void unit_map_color_lanes(__m256 value, __m256 center, __m256 limit, const uint8_t *colors, uint8_t background,
                                             uint8_t *out, size_t step) {
    const __m256 one = _mm256_set1_ps(1), minusOne = _mm256_set1_ps(-1), scale = _mm256_set1_ps(256);
    const __m256d half = _mm256_set1_pd(0.5), signless = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
    __m256 t = _mm256_div_ps(_mm256_sub_ps(value, center), limit);
    int nan = _mm256_movemask_ps(_mm256_cmp_ps(t, t, _CMP_UNORD_Q));
    // max(t, -1) then min(_, 1): for numbers (NaN is handled below) as Swift's are.
    __m256 clamped = _mm256_min_ps(_mm256_max_ps(t, minusOne), one);
    __m256 scaled = _mm256_mul_ps(clamped, scale);
    __m256d low = _mm256_add_pd(_mm256_and_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(scaled)), signless), half);
    __m256d high = _mm256_add_pd(_mm256_and_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(scaled, 1)), signless), half);
    __m256i magnitude = _mm256_set_m128i(_mm256_cvttpd_epi32(high), _mm256_cvttpd_epi32(low));
    // Negated where the sign bit is set (−0 stays 0).
    __m256i negative = _mm256_srai_epi32(_mm256_castps_si256(scaled), 31);
    __m256i index = _mm256_add_epi32(_mm256_sub_epi32(_mm256_xor_si256(magnitude, negative), negative), _mm256_set1_epi32(256));
    int32_t lanes[8];
    _mm256_storeu_si256((__m256i *)lanes, index);
    if (nan == 0) {
        for (int k = 0; k < 8; k++) out[k * step] = colors[lanes[k]];
    } else {
        for (int k = 0; k < 8; k++) out[k * step] = (nan >> k) & 1 ? background : colors[lanes[k]];
    }
}
#endif

#endif

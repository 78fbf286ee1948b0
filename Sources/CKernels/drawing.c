#include "kernels.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>

// No fused multiply-adds: every variant rounds exactly like the Swift loop it replaces.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define FLIPBOOK_X86 1

static int drawing_has_avx2(void) {
    static atomic_int answer = -1;
    int known = atomic_load_explicit(&answer, memory_order_relaxed);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") != 0;
        atomic_store_explicit(&answer, known, memory_order_relaxed);
    }
    return known;
}
#define AVX2 __attribute__((target("avx2")))
#endif

// MARK: - Unit maps

/// One pixel: the bilinear value of the four grid points, its fraction of the scale clamped to
/// ±1, times 256, rounded half away from zero (through Double: |x| + ½ is exact there), as an
/// index into the 513 colours; NaN is the background.
static inline uint8_t unit_map_pixel(const float *upper, const float *lower, int32_t i, float wx, float wy,
                                     float center, float limit, const uint8_t *colors, uint8_t background) {
    float top = upper[i] + (upper[i + 1] - upper[i]) * wx;
    float bottom = lower[i] + (lower[i + 1] - lower[i]) * wx;
    float value = top + (bottom - top) * wy;
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
AVX2 static void unit_map_avx2(const float *values, size_t columns, const int32_t *xi, const float *xw, size_t width,
                               const int32_t *yi, const float *yw, size_t height, float center, float limit,
                               const uint8_t *colors, uint8_t background, uint8_t *const *rows, size_t x0) {
    const __m256 vcenter = _mm256_set1_ps(center), vlimit = _mm256_set1_ps(limit);
    const __m256 one = _mm256_set1_ps(1), minusOne = _mm256_set1_ps(-1), scale = _mm256_set1_ps(256);
    const __m256d half = _mm256_set1_pd(0.5), signless = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
    const __m256i offset = _mm256_set1_epi32(256);
    for (size_t r = 0; r < height; r++) {
        const float *upper = values + (size_t)yi[r] * columns, *lower = upper + columns;
        const float wy = yw[r];
        const __m256 vwy = _mm256_set1_ps(wy);
        uint8_t *out = rows[r] + x0;
        size_t x = 0;
        for (; x + 8 <= width; x += 8) {
            // Lane by lane, not with vgatherdps: slower than plain loads on some CPUs (AMD Zen 3).
            const int32_t *i = xi + x;
#define LANES(p, o) _mm256_setr_ps(p[i[0] + o], p[i[1] + o], p[i[2] + o], p[i[3] + o], p[i[4] + o], p[i[5] + o], p[i[6] + o], p[i[7] + o])
            __m256 a = LANES(upper, 0), b = LANES(upper, 1), c = LANES(lower, 0), d = LANES(lower, 1);
#undef LANES
            __m256 wx = _mm256_loadu_ps(xw + x);
            __m256 top = _mm256_add_ps(a, _mm256_mul_ps(_mm256_sub_ps(b, a), wx));
            __m256 bottom = _mm256_add_ps(c, _mm256_mul_ps(_mm256_sub_ps(d, c), wx));
            __m256 value = _mm256_add_ps(top, _mm256_mul_ps(_mm256_sub_ps(bottom, top), vwy));
            __m256 t = _mm256_div_ps(_mm256_sub_ps(value, vcenter), vlimit);
            int nan = _mm256_movemask_ps(_mm256_cmp_ps(t, t, _CMP_UNORD_Q));
            // max(t, -1) then min(_, 1): for numbers (NaN is handled below) as Swift's are.
            __m256 clamped = _mm256_min_ps(_mm256_max_ps(t, minusOne), one);
            __m256 scaled = _mm256_mul_ps(clamped, scale);
            __m256d low = _mm256_add_pd(_mm256_and_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(scaled)), signless), half);
            __m256d high = _mm256_add_pd(_mm256_and_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(scaled, 1)), signless), half);
            __m256i magnitude = _mm256_set_m128i(_mm256_cvttpd_epi32(high), _mm256_cvttpd_epi32(low));
            // Negated where the sign bit is set (−0 stays 0).
            __m256i negative = _mm256_srai_epi32(_mm256_castps_si256(scaled), 31);
            __m256i index = _mm256_add_epi32(_mm256_sub_epi32(_mm256_xor_si256(magnitude, negative), negative), offset);
            int32_t lanes[8];
            _mm256_storeu_si256((__m256i *)lanes, index);
            if (nan == 0) {
                for (int k = 0; k < 8; k++) out[x + k] = colors[lanes[k]];
            } else {
                for (int k = 0; k < 8; k++) out[x + k] = (nan >> k) & 1 ? background : colors[lanes[k]];
            }
        }
        for (; x < width; x++) out[x] = unit_map_pixel(upper, lower, xi[x], xw[x], wy, center, limit, colors, background);
    }
}
#endif

void flipbook_unit_map(const float *values, size_t columns, const int32_t *xi, const float *xw, size_t width,
                       const int32_t *yi, const float *yw, size_t height, float center, float limit,
                       const uint8_t *colors, uint8_t background, uint8_t *const *rows, size_t x0) {
#if FLIPBOOK_X86
    if (drawing_has_avx2()) {
        unit_map_avx2(values, columns, xi, xw, width, yi, yw, height, center, limit, colors, background, rows, x0);
        return;
    }
#endif
    for (size_t r = 0; r < height; r++) {
        const float *upper = values + (size_t)yi[r] * columns, *lower = upper + columns;
        uint8_t *out = rows[r] + x0;
        for (size_t x = 0; x < width; x++)
            out[x] = unit_map_pixel(upper, lower, xi[x], xw[x], yw[r], center, limit, colors, background);
    }
}

// MARK: - Segments

static inline double clamp_like_swift(double value, double lower, double upper) {
    double raised = lower >= value ? lower : value;     // Swift's max(value, lower)
    return upper < raised ? upper : raised;             // Swift's min(_, upper)
}

static inline long floor_pixel(double value) {
    long whole = (long)value;
    return (double)whole > value ? whole - 1 : whole;
}

static inline long ceiling_pixel(double value) {
    long whole = (long)value;
    return (double)whole < value ? whole + 1 : whole;
}

void flipbook_stroke_segment(uint8_t *const *rows, int steep, long majorFrom, long majorTo, long minorLow, long minorHigh,
                             double px, double py, double dMajor, double dMinor, double inverseLength, double cosine,
                             double endZone, double half, double covered, double top, const uint8_t *table) {
    const int degenerate = fabs(dMajor) < 1e-12;
    for (long major = majorFrom; major <= majorTo; major++) {
        double m = (double)major + 0.5;
        double along = degenerate ? 0 : clamp_like_swift((m - px) / dMajor, 0, 1);
        double centre = py + along * dMinor;
        double alongMajor = (m - px) * dMajor;
        int interior = along > endZone && along < 1 - endZone;
        long low = floor_pixel(centre - covered), high = ceiling_pixel(centre + covered);
        long from = low > minorLow ? low : minorLow, to = high < minorHigh ? high : minorHigh;
        if (from > to) continue;
        uint8_t *column = steep ? rows[major] : NULL;
        for (long minor = from; minor <= to; minor++) {
            double n = (double)minor + 0.5;
            double distance;
            if (interior) {
                distance = fabs(n - centre) * cosine;
            } else {
                double t = clamp_like_swift((alongMajor + (n - py) * dMinor) * inverseLength, 0, 1);
                double ex = m - (px + t * dMajor), ey = n - (py + t * dMinor);
                distance = sqrt(ex * ex + ey * ey);
            }
            double coverage = clamp_like_swift(half + 0.5 - distance, 0, 1);
            long level = (long)(coverage * top + 0.5);
            if (level <= 0) continue;
            uint8_t *pixel = column ? column + minor : rows[minor] + major;
            *pixel = table[level << 8 | *pixel];
        }
    }
}

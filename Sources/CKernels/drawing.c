#include "kernels.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>

// No fused multiply-adds: every variant rounds exactly like the Swift loop it replaces.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define FLIPBOOK_X86 1

#define AVX2 __attribute__((target("avx2")))
#endif

// MARK: - Unit maps

#include "unit_map_pixels.h"

/// One pixel from the grid rows above and below it (`unit_map_pixels.h`).
static inline uint8_t unit_map_pixel(const float *upper, const float *lower, int32_t i, float wx, float wy,
                                     float center, float limit, const uint8_t *colors, uint8_t background) {
    return unit_map_color(unit_map_bilinear(upper[i], upper[i + 1], lower[i], lower[i + 1], wx, wy), center, limit, colors, background);
}

#if FLIPBOOK_X86
AVX2 static void unit_map_avx2(const float *values, size_t columns, const int32_t *xi, const float *xw, size_t width,
                               const int32_t *yi, const float *yw, size_t height, float center, float limit,
                               const uint8_t *colors, uint8_t background, uint8_t *const *rows, size_t x0) {
    const __m256 vcenter = _mm256_set1_ps(center), vlimit = _mm256_set1_ps(limit);
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
            __m256 value = unit_map_bilinear_lanes(LANES(upper, 0), LANES(upper, 1), LANES(lower, 0), LANES(lower, 1), _mm256_loadu_ps(xw + x), vwy);
#undef LANES
            unit_map_color_lanes(value, vcenter, vlimit, colors, background, out + x, 1);
        }
        for (; x < width; x++) out[x] = unit_map_pixel(upper, lower, xi[x], xw[x], wy, center, limit, colors, background);
    }
}
#endif

void flipbook_unit_map(const float *values, size_t columns, const int32_t *xi, const float *xw, size_t width,
                       const int32_t *yi, const float *yw, size_t height, float center, float limit,
                       const uint8_t *colors, uint8_t background, uint8_t *const *rows, size_t x0) {
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) {
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

/// One column (row when steep) of a segment, scalar, visiting only the pixels that can change
/// (Render's `Canvas.forEachLevel`, the definition): nearer than `changingMinor` along the minor
/// axis to the centre, and near the ends, with a squared distance of at most `changingSquared`
/// (no square root beyond).
static inline void stroke_major(uint8_t *const *rows, int steep, long majorOrigin, long minorOrigin, long major, long minorLow,
                                      long minorHigh, double px, double py, double dMajor, double dMinor, double inverseLength,
                                      double cosine, double endZone, double half, double changingMinor, double changingSquared, double top,
                                      const uint8_t *table, int degenerate) {
    double m = (double)major + 0.5;
    double along = degenerate ? 0 : clamp_like_swift((m - px) / dMajor, 0, 1);
    double centre = py + along * dMinor;
    double alongMajor = (m - px) * dMajor;
    int interior = along > endZone && along < 1 - endZone;
    long low = ceiling_pixel(centre - changingMinor - 0.5), high = floor_pixel(centre + changingMinor - 0.5);
    long from = low > minorLow ? low : minorLow, to = high < minorHigh ? high : minorHigh;
    uint8_t *column = steep ? rows[major + majorOrigin] : NULL;
    for (long minor = from; minor <= to; minor++) {
        double n = (double)minor + 0.5;
        double distance;
        if (interior) {
            distance = fabs(n - centre) * cosine;
        } else {
            double t = clamp_like_swift((alongMajor + (n - py) * dMinor) * inverseLength, 0, 1);
            double ex = m - (px + t * dMajor), ey = n - (py + t * dMinor);
            double squared = ex * ex + ey * ey;
            if (!(squared <= changingSquared)) continue;
            distance = sqrt(squared);
        }
        double coverage = clamp_like_swift(half + 0.5 - distance, 0, 1);
        long level = (long)(coverage * top + 0.5);
        if (level <= 0) continue;
        uint8_t *pixel = column ? column + (minor + minorOrigin) : rows[minor + minorOrigin] + (major + majorOrigin);
        *pixel = table[level << 8 | *pixel];
    }
}

#if FLIPBOOK_X86
/// `flipbook_stroke_segment` four columns at a time, a lane each: their centres, and then, pixel
/// by pixel across them, each lane's next pixel's level (the distance is the minor offset times
/// cos θ away from the ends, and every operation rounds as `stroke_major`'s), blended without a
/// branch (level 0's entries leave a pixel as it is). Only the pixels that can change are visited
/// (nearer than `changing` to the line, as in Render's `Canvas.forEachLevel`, the definition);
/// a lane with fewer than the most pixels blends its last one again at level 0. Columns near an
/// end, and the last few, go one by one (`stroke_major`).
AVX2 static inline __attribute__((always_inline)) void
stroke_columns_avx2(uint8_t *const *rows, const int steep, long majorOrigin, long minorOrigin, long majorFrom, long majorTo,
                    long minorLow, long minorHigh, double px, double py, double dMajor, double dMinor, double inverseLength,
                    double cosine, double endZone, double half, double changingDistance, double top, const uint8_t *table) {
    const int degenerate = fabs(dMajor) < 1e-12;
    const double changingSquared = changingDistance * changingDistance, changing = changingDistance / cosine;
    const __m256d signless = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
    const __m256d vcosine = _mm256_set1_pd(cosine), reach = _mm256_set1_pd(half + 0.5);
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1), vtop = _mm256_set1_pd(top), halfUnit = _mm256_set1_pd(0.5);
    const __m256d steps = _mm256_setr_pd(0.5, 1.5, 2.5, 3.5);
    const __m256d vpx = _mm256_set1_pd(px), vpy = _mm256_set1_pd(py), vdMajor = _mm256_set1_pd(dMajor), vdMinor = _mm256_set1_pd(dMinor);
    const __m256d vendZone = _mm256_set1_pd(endZone), vfarZone = _mm256_set1_pd(1 - endZone);
    const __m256d vchanging = _mm256_set1_pd(changing);
    const __m256d vlow = _mm256_set1_pd((double)minorLow), vhigh = _mm256_set1_pd((double)minorHigh);
    const __m128i vzero = _mm_setzero_si128();
    long major = majorFrom;
    for (; major + 3 <= majorTo; major += 4) {
        __m256d m = _mm256_add_pd(_mm256_set1_pd((double)major), steps);
        __m256d along = degenerate ? zero : _mm256_min_pd(_mm256_max_pd(_mm256_div_pd(_mm256_sub_pd(m, vpx), vdMajor), zero), one);
        __m256d centre = _mm256_add_pd(vpy, _mm256_mul_pd(along, vdMinor));
        __m256d interior = _mm256_and_pd(_mm256_cmp_pd(along, vendZone, _CMP_GT_OQ), _mm256_cmp_pd(along, vfarZone, _CMP_LT_OQ));
        if (_mm256_movemask_pd(interior) != 15) {
            for (int k = 0; k < 4; k++)
                stroke_major(rows, steep, majorOrigin, minorOrigin, major + k, minorLow, minorHigh, px, py, dMajor, dMinor,
                                   inverseLength, cosine, endZone, half, changing, changingSquared, top, table, degenerate);
            continue;
        }
        // ⌈c − changing − ½⌉ … ⌊c + changing − ½⌋, inside the area.
        __m256d from = _mm256_max_pd(_mm256_ceil_pd(_mm256_sub_pd(_mm256_sub_pd(centre, vchanging), halfUnit)), vlow);
        __m256d to = _mm256_min_pd(_mm256_floor_pd(_mm256_sub_pd(_mm256_add_pd(centre, vchanging), halfUnit)), vhigh);
        __m128i first = _mm256_cvttpd_epi32(from);
        __m128i count = _mm_sub_epi32(_mm256_cvttpd_epi32(to), _mm_sub_epi32(first, _mm_set1_epi32(1)));
        __m128i most = _mm_max_epi32(count, _mm_shuffle_epi32(count, 0x4E));
        most = _mm_max_epi32(most, _mm_shuffle_epi32(most, 0xB1));
        const int width = _mm_cvtsi128_si32(most);
        if (width <= 0) continue;
        // A lane without pixels blends (at level 0) the area's first pixel of its column.
        __m128i some = _mm_cmpgt_epi32(count, vzero);
        first = _mm_blendv_epi8(_mm_set1_epi32((int)minorLow), first, some);
        __m128i last = _mm_max_epi32(_mm_sub_epi32(count, _mm_set1_epi32(1)), vzero);
        int32_t start[4];
        _mm_storeu_si128((__m128i *)start, first);
        // Steep: each lane's first pixel in its row; else each lane's first row, and its column.
        uint8_t *base[4] = {0};
        uint8_t *const *line[4] = {0};
        long column[4];
        for (int k = 0; k < 4; k++) {
            column[k] = major + k + majorOrigin;
            if (steep) base[k] = rows[column[k]] + minorOrigin + start[k];
            else line[k] = rows + minorOrigin + start[k];
        }
        for (int j = 0; j < width; j++) {
            __m256d n = _mm256_add_pd(_mm256_add_pd(from, _mm256_set1_pd((double)j)), halfUnit);   // exact: whole numbers plus ½
            __m256d distance = _mm256_mul_pd(_mm256_and_pd(_mm256_sub_pd(n, centre), signless), vcosine);
            __m256d coverage = _mm256_min_pd(_mm256_max_pd(_mm256_sub_pd(reach, distance), zero), one);
            __m128i levels = _mm256_cvttpd_epi32(_mm256_add_pd(_mm256_mul_pd(coverage, vtop), halfUnit));
            __m128i step = _mm_set1_epi32(j);
            // Level 0 past a lane's last pixel, whose place it takes.
            __m128i offsets = _mm_slli_epi32(_mm_and_si128(levels, _mm_cmpgt_epi32(count, step)), 8);
            __m128i places = _mm_min_epi32(step, last);
            int32_t o[4], q[4];
            _mm_storeu_si128((__m128i *)o, offsets);
            _mm_storeu_si128((__m128i *)q, places);
            for (int k = 0; k < 4; k++) {
                uint8_t *pixel = steep ? base[k] + q[k] : line[k][q[k]] + column[k];
                *pixel = table[o[k] | *pixel];
            }
        }
    }
    for (; major <= majorTo; major++)
        stroke_major(rows, steep, majorOrigin, minorOrigin, major, minorLow, minorHigh, px, py, dMajor, dMinor, inverseLength,
                           cosine, endZone, half, changing, changingSquared, top, table, degenerate);
}

/// `stroke_columns_avx2` made twice, for steep and for shallow segments.
AVX2 static void stroke_segment_avx2(uint8_t *const *rows, int steep, long majorOrigin, long minorOrigin,
                                     long majorFrom, long majorTo, long minorLow, long minorHigh,
                                     double px, double py, double dMajor, double dMinor, double inverseLength, double cosine,
                                     double endZone, double half, double changingDistance, double top, const uint8_t *table) {
    if (steep)
        stroke_columns_avx2(rows, 1, majorOrigin, minorOrigin, majorFrom, majorTo, minorLow, minorHigh, px, py, dMajor, dMinor,
                            inverseLength, cosine, endZone, half, changingDistance, top, table);
    else
        stroke_columns_avx2(rows, 0, majorOrigin, minorOrigin, majorFrom, majorTo, minorLow, minorHigh, px, py, dMajor, dMinor,
                            inverseLength, cosine, endZone, half, changingDistance, top, table);
}
#endif

void flipbook_stroke_segment(uint8_t *const *rows, int steep, long majorOrigin, long minorOrigin,
                             long majorFrom, long majorTo, long minorLow, long minorHigh,
                             double px, double py, double dMajor, double dMinor, double inverseLength, double cosine,
                             double endZone, double half, double top, const uint8_t *table) {
    // A pixel changes only at a level of at least 1, a coverage of at least ½ / top: nearer than
    // this to the line (with a margin far above rounding; `Canvas.forEachLevel`'s `changing`).
    const double changingDistance = half + 0.5 - 0.5 / top + 1e-6;
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) {
        stroke_segment_avx2(rows, steep, majorOrigin, minorOrigin, majorFrom, majorTo, minorLow, minorHigh, px, py, dMajor, dMinor,
                            inverseLength, cosine, endZone, half, changingDistance, top, table);
        return;
    }
#endif
    const int degenerate = fabs(dMajor) < 1e-12;
    for (long major = majorFrom; major <= majorTo; major++)
        stroke_major(rows, steep, majorOrigin, minorOrigin, major, minorLow, minorHigh, px, py, dMajor, dMinor, inverseLength, cosine,
                     endZone, half, changingDistance / cosine, changingDistance * changingDistance, top, table, degenerate);
}

// MARK: - Columns of a row-major block

#if FLIPBOOK_X86
/// dst[k][r] = src[r · stride + first + k] for k < 8 and r < rows: 8 × 8 transposes.
AVX2 static void gather_eight_columns_avx2(const float *src, size_t rows, size_t stride, size_t first, float *const *dst) {
    size_t r = 0;
    for (; r + 8 <= rows; r += 8) {
        const float *s = src + r * stride + first;
        __m256 a0 = _mm256_loadu_ps(s), a1 = _mm256_loadu_ps(s + stride), a2 = _mm256_loadu_ps(s + 2 * stride);
        __m256 a3 = _mm256_loadu_ps(s + 3 * stride), a4 = _mm256_loadu_ps(s + 4 * stride), a5 = _mm256_loadu_ps(s + 5 * stride);
        __m256 a6 = _mm256_loadu_ps(s + 6 * stride), a7 = _mm256_loadu_ps(s + 7 * stride);
        __m256 t0 = _mm256_unpacklo_ps(a0, a1), t1 = _mm256_unpackhi_ps(a0, a1), t2 = _mm256_unpacklo_ps(a2, a3);
        __m256 t3 = _mm256_unpackhi_ps(a2, a3), t4 = _mm256_unpacklo_ps(a4, a5), t5 = _mm256_unpackhi_ps(a4, a5);
        __m256 t6 = _mm256_unpacklo_ps(a6, a7), t7 = _mm256_unpackhi_ps(a6, a7);
        __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE), u2 = _mm256_shuffle_ps(t1, t3, 0x44);
        __m256 u3 = _mm256_shuffle_ps(t1, t3, 0xEE), u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
        __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
        _mm256_storeu_ps(dst[0] + r, _mm256_permute2f128_ps(u0, u4, 0x20));
        _mm256_storeu_ps(dst[1] + r, _mm256_permute2f128_ps(u1, u5, 0x20));
        _mm256_storeu_ps(dst[2] + r, _mm256_permute2f128_ps(u2, u6, 0x20));
        _mm256_storeu_ps(dst[3] + r, _mm256_permute2f128_ps(u3, u7, 0x20));
        _mm256_storeu_ps(dst[4] + r, _mm256_permute2f128_ps(u0, u4, 0x31));
        _mm256_storeu_ps(dst[5] + r, _mm256_permute2f128_ps(u1, u5, 0x31));
        _mm256_storeu_ps(dst[6] + r, _mm256_permute2f128_ps(u2, u6, 0x31));
        _mm256_storeu_ps(dst[7] + r, _mm256_permute2f128_ps(u3, u7, 0x31));
    }
    for (; r < rows; r++)
        for (size_t k = 0; k < 8; k++) dst[k][r] = src[r * stride + first + k];
}
#endif

void flipbook_gather_columns_f32(const float *src, size_t rows, size_t stride, const long *columns, size_t count, float *const *dst) {
    size_t k = 0;
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) {
        while (k + 8 <= count) {
            int consecutive = 1;
            for (size_t j = 1; j < 8; j++) consecutive &= columns[k + j] == columns[k] + (long)j;
            if (!consecutive) break;
            gather_eight_columns_avx2(src, rows, stride, (size_t)columns[k], dst + k);
            k += 8;
        }
    }
#endif
    // The rest a few hundred rows at a time (in the first-level cache), a column at a time.
    const size_t chunk = 256;
    for (size_t from = 0; from < rows; from += chunk) {
        size_t to = from + chunk < rows ? from + chunk : rows;
        for (size_t j = k; j < count; j++) {
            const float *s = src + from * stride + columns[j];
            float *d = dst[j];
            for (size_t r = from; r < to; r++, s += stride) d[r] = *s;
        }
    }
}

// MARK: - session 14 hidden space

size_t flipbook_stroke_kept_segments(uint8_t *const *rows, long x0, long y0, long x1, long y1, const int32_t *points, size_t count,
                                     const flipbook_segment_level *levels, const int32_t *starts, const int16_t *boxes, long longest,
                                     const uint8_t *table) {
    const long side = 2 * longest + 1;
    size_t k = 0;
    for (; k + 1 < count; k++) {
        const long ax = points[2 * k], ay = points[2 * k + 1], bx = points[2 * k + 2], by = points[2 * k + 3];
        if (ax == INT32_MIN || bx == INT32_MIN) break;
        const long run = bx - ax, rise = by - ay;
        if (run < -longest || run > longest || rise < -longest || rise > longest) break;
        const long i = (rise + longest) * side + run + longest;
        const flipbook_segment_level *level = levels + starts[i], *end = levels + starts[i + 1];
        const int16_t *box = boxes + 4 * i;
        if (ax + box[0] >= x0 && ax + box[1] < x1 && ay + box[2] >= y0 && ay + box[3] < y1) {
            // Wholly inside: no pixel to check.
            for (; level < end; level++) {
                uint8_t *pixel = rows[ay + level->dy] + (ax + level->dx);
                *pixel = table[(long)level->level << 8 | *pixel];
            }
        } else {
            for (; level < end; level++) {
                const long x = ax + level->dx, y = ay + level->dy;
                if (x < x0 || x >= x1 || y < y0 || y >= y1) continue;
                uint8_t *pixel = rows[y] + x;
                *pixel = table[(long)level->level << 8 | *pixel];
            }
        }
    }
    return k;
}

// Element-wise kernels of the training step, in C so that they run 8 (Float) or 4 (Double) lanes
// at a time with AVX2 where the CPU has it, whatever the Swift code is compiled for.
//
// Swift's own loops are built for baseline x86-64 (SSE2), and two of the hot ones do not
// vectorise there at all: Adam's square root (Swift's `squareRoot()` keeps a libm call for
// errno on Linux) and ReLU's backward select (compiled as a data-dependent branch). Each kernel
// picks its AVX2 variant at run time and falls back to a plain loop elsewhere; both variants
// round every operation the same way (no fused multiply-adds), so results do not depend on the
// CPU. NaN passes through every kernel as it did through the Swift loops (divergence checks
// depend on it).
#ifndef FLIPBOOK_KERNELS_H
#define FLIPBOOK_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// One Adam step over `count` parameters, in place:
///   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²  (moments below `flush` in magnitude become 0),
///   θ ← θ − stepSize · m / (√(v · inverseCorrection2) + ε).
void flipbook_adam_f32(size_t count, float *theta, float *m, float *v, const float *g,
                       float beta1, float beta2, float stepSize, float inverseCorrection2,
                       float epsilon, float flush);
void flipbook_adam_f64(size_t count, double *theta, double *m, double *v, const double *g,
                       double beta1, double beta2, double stepSize, double inverseCorrection2,
                       double epsilon, double flush);

/// ReLU's backward pass in place: delta[i] ← output[i] > 0 ? delta[i] : 0.
void flipbook_relu_backward_f32(size_t count, float *delta, const float *output);
void flipbook_relu_backward_f64(size_t count, double *delta, const double *output);

/// A dense layer's epilogue in place on a `rows × columns` row-major block:
/// z[r][c] ← z[r][c] + bias[c], then negative values become 0 when `relu` is non-zero.
void flipbook_add_bias_f32(size_t rows, size_t columns, float *z, const float *bias, int relu);
void flipbook_add_bias_f64(size_t rows, size_t columns, double *z, const double *bias, int relu);

/// Rows k0..<k1 of aᵀb into c (row k0 at `c`, rows `ldc` apart), added to what c holds when
/// `accumulate` is non-zero: a is m × ? (rows `lda` apart), b is m × n (rows `ldb` apart). Skips
/// a's zeros (see sparse.c); uses fused multiply-adds, so its last bits differ from a BLAS's, as
/// two BLASes' do. Returns 0, leaving c alone, where it does not run: without AVX2 and FMA, when
/// n is not a multiple of 8, or when k0 ≥ k1.
int flipbook_sparse_transposed_product_f32(size_t m, size_t n, size_t k0, size_t k1, const float *a, size_t lda,
                                           const float *b, size_t ldb, float *c, size_t ldc, int accumulate);

/// Whether `flipbook_sparse_transposed_product_f32` runs on this CPU (AVX2 and FMA).
int flipbook_sparse_product_available(void);

/// The share of the (row, column pair) cells of an m × k matrix — pairs (0, 1), (2, 3), … and a
/// lone last column — that hold a non-zero: the sparse product's work relative to a dense one.
/// 1 where `flipbook_sparse_transposed_product_f32` does not run, or for an empty matrix.
double flipbook_pair_density_f32(size_t m, size_t k, const float *a, size_t lda);

/// Who made this CPU, its family and model (as BLIS 0.9.0 computes them) and the vector
/// instructions it and the operating system support (`FLIPBOOK_CPU_…` bits).
struct flipbook_cpu {
    int vendor;
    unsigned family, model, features;
};
enum { FLIPBOOK_CPU_OTHER = 0, FLIPBOOK_CPU_INTEL = 1, FLIPBOOK_CPU_AMD = 2 };
enum {
    FLIPBOOK_CPU_SSE3 = 1 << 0, FLIPBOOK_CPU_SSSE3 = 1 << 1, FLIPBOOK_CPU_AVX = 1 << 2, FLIPBOOK_CPU_FMA = 1 << 3,
    FLIPBOOK_CPU_AVX2 = 1 << 4, FLIPBOOK_CPU_AVX512F = 1 << 5, FLIPBOOK_CPU_AVX512DQ = 1 << 6,
    FLIPBOOK_CPU_AVX512BW = 1 << 7, FLIPBOOK_CPU_AVX512VL = 1 << 8, FLIPBOOK_CPU_AVX512PF = 1 << 9,
    FLIPBOOK_CPU_FMA4 = 1 << 10,
};

/// Keeps freed buffers of up to 32 MiB in glibc's heap for reuse (up to 256 MiB of it kept)
/// instead of giving each back to the system (Sources/Flipbook/Allocator.swift).
void flipbook_keep_large_buffers(void);

/// Fills `cpu` with this CPU's identity (CPUID).
void flipbook_cpu_identify(struct flipbook_cpu *cpu);

/// Whether the AVX2 variants of the kernels run: the CPU has AVX2 and they are allowed. Every
/// kernel with an AVX2 variant asks this (cpu.c), so one switch chooses for all of them.
int flipbook_uses_avx2(void);

/// Allows (non-zero, the default) or forbids the vector variants: tests run the plain loops
/// with them forbidden and check both give the same bits.
void flipbook_allow_vector_kernels(int allowed);
/// Whether the vector variants are allowed (1) or forbidden (0).
int flipbook_vector_kernels_allowed(void);

/// The most weights (fan-in × fan-out) of a layer the small dense kernels below take: the
/// AVX2 input gradient keeps Wᵀ on the stack.
#define FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS 4096
size_t flipbook_small_dense_maximum_weights(void);

/// A dense layer's forward pass without a BLAS (dense.c), `rows` × `in` inputs x, `in` × `out`
/// weights w, `out` biases b, all row-major and packed: z ← x·w + b, then negative values
/// become 0 when `relu` is non-zero. Returns 0, writing nothing, for more weights than
/// FLIPBOOK_SMALL_DENSE_MAXIMUM_WEIGHTS or an empty layer.
int flipbook_small_dense_forward_f32(size_t rows, size_t in, size_t out, const float *x, const float *w,
                                     const float *b, int relu, float *z);

/// g ← δ·wᵀ (`rows` × `in`) for δ `rows` × `out`; where `mask` (`rows` × `in`, or NULL) is not
/// above 0, g is 0 (ReLU's backward pass for the layer below). Returns 0 as the forward pass does.
int flipbook_small_dense_input_gradient_f32(size_t rows, size_t in, size_t out, const float *delta, const float *w,
                                            const float *mask, float *g);

/// dw ← xᵀ·δ (`in` × `out`) and db ← the column sums of δ (`out`), each a sum over the rows in
/// order from 0. Returns 0 as the forward pass does.
int flipbook_small_dense_parameter_gradients_f32(size_t rows, size_t in, size_t out, const float *x, const float *delta,
                                                 float *dw, float *db);

/// A unit map (Render's `UnitMap`): for each of `height` rows r and `width` columns x, the value
/// of the row-major grid `values` (`columns` across) interpolated between grid rows yi[r] and
/// yi[r] + 1 (weight yw[r]) and grid columns xi[x] and xi[x] + 1 (weight xw[x]), horizontally
/// first; its fraction t = (value − center) / limit clamped to ±1 picks colours[round(256 t) + 256]
/// (half away from zero), NaN the background; written to rows[r][x0 + x]. Every variant rounds
/// as the scalar loop does.
void flipbook_unit_map(const float *values, size_t columns, const int32_t *xi, const float *xw, size_t width,
                       const int32_t *yi, const float *yw, size_t height, float center, float limit,
                       const uint8_t *colors, uint8_t background, uint8_t *const *rows, size_t x0);

/// The pixels of one anti-aliased segment (Render's `Canvas.strokeSegment`, whose set-up computes
/// every argument), in coordinates relative to the pixel (majorOrigin, minorOrigin) of the canvas
/// (the segment's first whole pixel, so a segment moved by whole pixels gives the same levels):
/// for each `major` in majorFrom…majorTo (rows when `steep`, else columns) and
/// each `minor` near enough to change (as `Canvas.forEachLevel` decides) and within minorLow…minorHigh, the coverage of the pixel by the
/// band `half` wide around the segment from (px, py) along (dMajor, dMinor) picks a level
/// (coverage × top, rounded) and the pixel becomes table[level << 8 | pixel]; level 0 leaves it.
/// Every operation rounds as the Swift loop it replaces did (no fused multiply-adds).
void flipbook_stroke_segment(uint8_t *const *rows, int steep, long majorOrigin, long minorOrigin,
                             long majorFrom, long majorTo, long minorLow, long minorHigh,
                             double px, double py, double dMajor, double dMinor, double inverseLength, double cosine,
                             double endZone, double half, double top, const uint8_t *table);

/// Columns of a row-major block: dst[k][r] = src[r · stride + columns[k]] for k < count and
/// r < rows (eight consecutive columns at a time by 8 × 8 transposes with AVX2).
void flipbook_gather_columns_f32(const float *src, size_t rows, size_t stride, const long *columns, size_t count, float *const *dst);

/// target[x] = source[x] == before[x] ? transparent : source[x] for x < count.
void flipbook_cut_row(uint8_t *target, const uint8_t *source, const uint8_t *before, size_t count, uint8_t transparent);

/// WebP lossless's LZ77 (Encoding's `VP8LEncoder.backwardReferences`, whose Swift loop it replaces
/// step for step) over the `count` coded bytes of `p`, `width` to a row: tokens into `tokens`
/// (room for `count`; a literal is its byte, a copy `0x80000000 | length` then its distance
/// code); returns how many. Adds each token's symbol to `green` (280 counts: literals, then
/// length symbols) and `distance` (40). `head` (2^hashBits entries, cleared here) and `chain`
/// (2 · min(count, 2^20) entries, a ring) are the hash chain, `*entries` set to the entries made;
/// `neighbourCodes` is the 17 × 8 table of 2-D distance codes (`VP8LEncoder.neighbourCodes`).
size_t flipbook_vp8l_backward_references(const uint8_t *p, size_t count, size_t width, long chainLength, int lazyMatching,
                                         int32_t *head, int hashBits, int32_t *chain, long *entries,
                                         const uint8_t *neighbourCodes, uint32_t *tokens, uint32_t *green, uint32_t *distance);

/// The prefix-coded `tokens` (as `flipbook_vp8l_backward_references` makes them) appended to a
/// bit writer's state (Encoding's `BitWriter`): bits least significant first into *accumulator
/// (*bitCount of them pending), 32 at a time stored at out + used (room for 4 bytes a token and
/// 8 more); returns the new `used`.
size_t flipbook_vp8l_write_tokens(const uint32_t *tokens, size_t count, const uint32_t *greenCodes, const uint8_t *greenBits,
                                  const uint32_t *distanceCodes, const uint8_t *distanceBits,
                                  uint8_t *out, size_t used, uint64_t *accumulator, long *bitCount);

/// used[v] = 1 for each index v among the `count` (≥ 1) `indices` (Encoding's `VP8LEncoder`: the
/// colours a frame uses); other entries untouched.
void flipbook_vp8l_used_indices(const uint8_t *indices, size_t count, uint8_t *used);

/// `VP8LEncoder.pack`: the `width × height` indices mapped through `local` into `out`, bundled
/// 2^widthBits to a byte (the first pixel in the low bits) in rows of `packedWidth` bytes; `out`
/// may be `indices` (each byte is written over indices already read).
void flipbook_vp8l_pack(const uint8_t *indices, uint8_t *out, size_t width, size_t height, const uint8_t *local,
                        int widthBits, size_t packedWidth);

// s13-enc
/// GIF's LZW compression of `count` palette indices (Encoding's `LZWEncoder`): the codes, 9 to 12
/// bits, packed little-endian into `out` (room for 2 · count + 16 bytes), clear code first and
/// end code last; returns the bytes written. Every pixel outside the `stretchCount` stretches
/// (pairs [start, end) of offsets in `stretches`, increasing, disjoint) must be 0, and runs of 0
/// are not read there. `table` (8192 slots), `zeroNext` (4096) and `runCodes` (4097) are scratch.
size_t flipbook_lzw_encode_stretches(const uint8_t *pixels, size_t count, const size_t *stretches, size_t stretchCount,
                                     uint32_t *table, uint16_t *zeroNext, uint16_t *runCodes, uint8_t *out);

/// Where two frames of palette indices (`width × height`, row after row) differ: for each row y,
/// spans[2y] and spans[2y + 1] its first and last differing columns (both -1 when it has none),
/// and the smallest rectangle holding them as rect[0…3] = x, y, width, height; returns 0 (rect
/// untouched) when the frames are identical. Encoding's `changedSpans`.
int flipbook_changed_spans(const uint8_t *a, const uint8_t *b, size_t width, size_t height, long *spans, long *rect);

/// The `rect` (x, y, width, height, holding every span) of `frame` into `patch` (row after row),
/// each pixel equal to `before`'s as `transparent`, rows without a span (`spans` as
/// `flipbook_changed_spans` gives them) all `transparent`.
void flipbook_cut_spans(uint8_t *patch, const uint8_t *frame, const uint8_t *before, size_t width, const long *rect,
                        const long *spans, uint8_t transparent);

#endif

// s13-hid
/// Each column's largest finite |value| of a `rows × columns` row-major block, into `peaks`
/// (`columns` of them): peaks[c] ← max(peaks[c], |values[r · columns + c]|) over the rows r whose
/// value is finite (NaN and infinities are skipped). Every variant gives the same bits.
void flipbook_column_peaks_f32(const float *values, size_t rows, size_t columns, float *peaks);

/// The hidden space's projection (Flipbook's `Projection.project`, principal components) of
/// `count` rows of a row-major block `columns` wide: rows[k] (or row k when `rows` is NULL) to
/// points[2k…2k+1] = (Σᵢ (v[i] − mean[i]) · first[i], the same with second), each sum in order
/// from i = 0 in doubles, no fused multiply-adds; allZero[k] = 1 when every v[i] == 0, else 0.
void flipbook_project_rows_f32(const float *values, size_t columns, const long *rows, size_t count,
                               const double *mean, const double *first, const double *second, double *points, uint8_t *allZero);

// MARK: - session 14 network view

/// The unit maps of `count` units of one layer straight from its row-major block (grid point p's
/// unit u at values[p · stride + u], the grid `gridColumns` across): map k (of unit units[k]) is
/// `width` × `height` pixels at out + k · width · height, row-major, each pixel as
/// `flipbook_unit_map` computes it from that unit's grid (eight consecutive units at a time with
/// AVX2, one load a grid point).
void flipbook_layer_unit_maps_f32(const float *values, size_t stride, const long *units, size_t count, size_t gridColumns,
                                  const int32_t *xi, const float *xw, size_t width, const int32_t *yi, const float *yw, size_t height,
                                  float center, float limit, const uint8_t *colors, uint8_t background, uint8_t *out);

/// nonzero[k] = 1 when some values[r · stride + columns[k]] (r < rows) is not ±0 (NaN counts), else 0.
void flipbook_columns_nonzero_f32(const float *values, size_t rows, size_t stride, const long *columns, size_t count, uint8_t *nonzero);

// MARK: - session 14 hidden space
#ifndef FLIPBOOK_KERNELS_S14_HIDDEN_H
#define FLIPBOOK_KERNELS_S14_HIDDEN_H
/// One pixel of a kept segment (Render's `SegmentStamps.Level`): its column and row relative to
/// the segment's start, and its blending level (1…31 of a `BlendTable` table).
typedef struct flipbook_segment_level {
    int16_t dx, dy;
    uint8_t level;
} flipbook_segment_level;

/// The kept segments of a polyline through `count` whole pixels `points` (x, y pairs; a point
/// whose x is INT32_MIN is not one), as Render's `Canvas.strokeSegments(keptLevels:)` blends
/// them: segment k, from point k to point k + 1 with run r and rise s (|r|, |s| ≤ `longest`),
/// blends levels[starts[i]…starts[i + 1]) (i = (s + longest)(2 longest + 1) + r + longest) about
/// point k through `table` (entry level << 8 | index), only the pixels with x0 ≤ x < x1 and
/// y0 ≤ y < y1 (inside the canvas of `rows`). `boxes` holds each i's smallest and largest dx,
/// then dy (four values; an empty one any box). Draws segments 0, 1, … in order and stops at
/// the first it cannot (an end not a whole pixel, or too long); returns how many it drew.
size_t flipbook_stroke_kept_segments(uint8_t *const *rows, long x0, long y0, long x1, long y1, const int32_t *points, size_t count,
                                     const flipbook_segment_level *levels, const int32_t *starts, const int16_t *boxes, long longest,
                                     const uint8_t *table);
#endif

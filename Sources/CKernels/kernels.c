#include "kernels.h"

#include <math.h>
#include <stdatomic.h>

// No fused multiply-adds anywhere, so that every variant rounds exactly like the plain loops.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define FLIPBOOK_X86 1

#define AVX2 __attribute__((target("avx2")))
#endif

// MARK: - Adam

// The scalar rule, shared by the fallback and the vector loops' tails.
#define ADAM_SCALAR(T, SQRT, FABS)                                                      \
    {                                                                                   \
        T first = beta1 * m[i] + (1 - beta1) * g[i];                                    \
        T second = beta2 * v[i] + (1 - beta2) * g[i] * g[i];                            \
        first = FABS(first) < flush ? 0 : first;                                        \
        second = second < flush ? 0 : second;                                           \
        m[i] = first;                                                                   \
        v[i] = second;                                                                  \
        theta[i] -= stepSize * first / (SQRT(second * inverseCorrection2) + epsilon);  \
    }

#if FLIPBOOK_X86
AVX2 static void adam_f32_avx2(size_t count, float *theta, float *m, float *v, const float *g,
                               float beta1, float beta2, float stepSize, float inverseCorrection2,
                               float epsilon, float flush) {
    const __m256 b1 = _mm256_set1_ps(beta1), c1 = _mm256_set1_ps(1 - beta1);
    const __m256 b2 = _mm256_set1_ps(beta2), c2 = _mm256_set1_ps(1 - beta2);
    const __m256 step = _mm256_set1_ps(stepSize), inv2 = _mm256_set1_ps(inverseCorrection2);
    const __m256 eps = _mm256_set1_ps(epsilon), tiny = _mm256_set1_ps(flush);
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 gi = _mm256_loadu_ps(g + i);
        __m256 first = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(c1, gi));
        __m256 second = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + i)), _mm256_mul_ps(_mm256_mul_ps(c2, gi), gi));
        first = _mm256_and_ps(first, _mm256_cmp_ps(_mm256_and_ps(first, magnitude), tiny, _CMP_NLT_UQ));
        second = _mm256_and_ps(second, _mm256_cmp_ps(second, tiny, _CMP_NLT_UQ));
        _mm256_storeu_ps(m + i, first);
        _mm256_storeu_ps(v + i, second);
        __m256 denominator = _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(second, inv2)), eps);
        __m256 change = _mm256_div_ps(_mm256_mul_ps(step, first), denominator);
        _mm256_storeu_ps(theta + i, _mm256_sub_ps(_mm256_loadu_ps(theta + i), change));
    }
    for (; i < count; i++) ADAM_SCALAR(float, sqrtf, fabsf)
}

AVX2 static void adam_f64_avx2(size_t count, double *theta, double *m, double *v, const double *g,
                               double beta1, double beta2, double stepSize, double inverseCorrection2,
                               double epsilon, double flush) {
    const __m256d b1 = _mm256_set1_pd(beta1), c1 = _mm256_set1_pd(1 - beta1);
    const __m256d b2 = _mm256_set1_pd(beta2), c2 = _mm256_set1_pd(1 - beta2);
    const __m256d step = _mm256_set1_pd(stepSize), inv2 = _mm256_set1_pd(inverseCorrection2);
    const __m256d eps = _mm256_set1_pd(epsilon), tiny = _mm256_set1_pd(flush);
    const __m256d magnitude = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256d gi = _mm256_loadu_pd(g + i);
        __m256d first = _mm256_add_pd(_mm256_mul_pd(b1, _mm256_loadu_pd(m + i)), _mm256_mul_pd(c1, gi));
        __m256d second = _mm256_add_pd(_mm256_mul_pd(b2, _mm256_loadu_pd(v + i)), _mm256_mul_pd(_mm256_mul_pd(c2, gi), gi));
        first = _mm256_and_pd(first, _mm256_cmp_pd(_mm256_and_pd(first, magnitude), tiny, _CMP_NLT_UQ));
        second = _mm256_and_pd(second, _mm256_cmp_pd(second, tiny, _CMP_NLT_UQ));
        _mm256_storeu_pd(m + i, first);
        _mm256_storeu_pd(v + i, second);
        __m256d denominator = _mm256_add_pd(_mm256_sqrt_pd(_mm256_mul_pd(second, inv2)), eps);
        __m256d change = _mm256_div_pd(_mm256_mul_pd(step, first), denominator);
        _mm256_storeu_pd(theta + i, _mm256_sub_pd(_mm256_loadu_pd(theta + i), change));
    }
    for (; i < count; i++) ADAM_SCALAR(double, sqrt, fabs)
}
#endif

void flipbook_adam_f32(size_t count, float *theta, float *m, float *v, const float *g,
                       float beta1, float beta2, float stepSize, float inverseCorrection2,
                       float epsilon, float flush) {
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) {
        adam_f32_avx2(count, theta, m, v, g, beta1, beta2, stepSize, inverseCorrection2, epsilon, flush);
        return;
    }
#endif
    for (size_t i = 0; i < count; i++) ADAM_SCALAR(float, sqrtf, fabsf)
}

void flipbook_adam_f64(size_t count, double *theta, double *m, double *v, const double *g,
                       double beta1, double beta2, double stepSize, double inverseCorrection2,
                       double epsilon, double flush) {
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) {
        adam_f64_avx2(count, theta, m, v, g, beta1, beta2, stepSize, inverseCorrection2, epsilon, flush);
        return;
    }
#endif
    for (size_t i = 0; i < count; i++) ADAM_SCALAR(double, sqrt, fabs)
}

// MARK: - ReLU backward

#if FLIPBOOK_X86
AVX2 static void relu_backward_f32_avx2(size_t count, float *delta, const float *output) {
    const __m256 zero = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 active = _mm256_cmp_ps(_mm256_loadu_ps(output + i), zero, _CMP_GT_OQ);
        _mm256_storeu_ps(delta + i, _mm256_and_ps(_mm256_loadu_ps(delta + i), active));
    }
    for (; i < count; i++) delta[i] = output[i] > 0 ? delta[i] : 0;
}

AVX2 static void relu_backward_f64_avx2(size_t count, double *delta, const double *output) {
    const __m256d zero = _mm256_setzero_pd();
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256d active = _mm256_cmp_pd(_mm256_loadu_pd(output + i), zero, _CMP_GT_OQ);
        _mm256_storeu_pd(delta + i, _mm256_and_pd(_mm256_loadu_pd(delta + i), active));
    }
    for (; i < count; i++) delta[i] = output[i] > 0 ? delta[i] : 0;
}
#endif

void flipbook_relu_backward_f32(size_t count, float *delta, const float *output) {
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) { relu_backward_f32_avx2(count, delta, output); return; }
#endif
    for (size_t i = 0; i < count; i++) delta[i] = output[i] > 0 ? delta[i] : 0;
}

void flipbook_relu_backward_f64(size_t count, double *delta, const double *output) {
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) { relu_backward_f64_avx2(count, delta, output); return; }
#endif
    for (size_t i = 0; i < count; i++) delta[i] = output[i] > 0 ? delta[i] : 0;
}

// MARK: - Bias and ReLU

#define ADD_BIAS_SCALAR(T)                                       \
    {                                                            \
        T value = row[c] + bias[c];                              \
        row[c] = relu && value < 0 ? 0 : value;                  \
    }

#if FLIPBOOK_X86
AVX2 static void add_bias_f32_avx2(size_t rows, size_t columns, float *z, const float *bias, int relu) {
    const __m256 zero = _mm256_setzero_ps();
    for (size_t r = 0; r < rows; r++) {
        float *row = z + r * columns;
        size_t c = 0;
        for (; c + 8 <= columns; c += 8) {
            __m256 value = _mm256_add_ps(_mm256_loadu_ps(row + c), _mm256_loadu_ps(bias + c));
            if (relu) value = _mm256_max_ps(zero, value);   // NaN stays NaN
            _mm256_storeu_ps(row + c, value);
        }
        for (; c < columns; c++) ADD_BIAS_SCALAR(float)
    }
}

AVX2 static void add_bias_f64_avx2(size_t rows, size_t columns, double *z, const double *bias, int relu) {
    const __m256d zero = _mm256_setzero_pd();
    for (size_t r = 0; r < rows; r++) {
        double *row = z + r * columns;
        size_t c = 0;
        for (; c + 4 <= columns; c += 4) {
            __m256d value = _mm256_add_pd(_mm256_loadu_pd(row + c), _mm256_loadu_pd(bias + c));
            if (relu) value = _mm256_max_pd(zero, value);   // NaN stays NaN
            _mm256_storeu_pd(row + c, value);
        }
        for (; c < columns; c++) ADD_BIAS_SCALAR(double)
    }
}
#endif

void flipbook_add_bias_f32(size_t rows, size_t columns, float *z, const float *bias, int relu) {
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) { add_bias_f32_avx2(rows, columns, z, bias, relu); return; }
#endif
    for (size_t r = 0; r < rows; r++) {
        float *row = z + r * columns;
        for (size_t c = 0; c < columns; c++) ADD_BIAS_SCALAR(float)
    }
}

void flipbook_add_bias_f64(size_t rows, size_t columns, double *z, const double *bias, int relu) {
#if FLIPBOOK_X86
    if (flipbook_uses_avx2()) { add_bias_f64_avx2(rows, columns, z, bias, relu); return; }
#endif
    for (size_t r = 0; r < rows; r++) {
        double *row = z + r * columns;
        for (size_t c = 0; c < columns; c++) ADD_BIAS_SCALAR(double)
    }
}

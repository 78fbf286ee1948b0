// What this CPU is and which vector instructions it (and the operating system) can run: the facts
// Flipbook uses to choose BLIS's kernels (Sources/LinearAlgebra/BLISChoice.swift). Family and
// model are computed as BLIS 0.9.0 computes them (the extended fields count for base family 6 and
// 15), so that its own choice can be predicted before it is made.
#include "kernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <string.h>

void flipbook_cpu_identify(struct flipbook_cpu *cpu) {
    memset(cpu, 0, sizeof *cpu);
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx) || eax < 1) return;
    char vendor[13];
    memcpy(vendor, &ebx, 4);
    memcpy(vendor + 4, &edx, 4);
    memcpy(vendor + 8, &ecx, 4);
    vendor[12] = 0;
    cpu->vendor = strcmp(vendor, "GenuineIntel") == 0 ? FLIPBOOK_CPU_INTEL
                : strcmp(vendor, "AuthenticAMD") == 0 ? FLIPBOOK_CPU_AMD : FLIPBOOK_CPU_OTHER;
    __get_cpuid(1, &eax, &ebx, &ecx, &edx);
    unsigned family = (eax >> 8) & 0xF, model = (eax >> 4) & 0xF;
    unsigned extendedFamily = (eax >> 20) & 0xFF, extendedModel = (eax >> 16) & 0xF;
    cpu->family = family == 15 ? family + extendedFamily : family;
    cpu->model = family == 6 || family == 15 ? (extendedModel << 4) + model : model;
    // The compiler's runtime checks the operating system saves the AVX and AVX-512 registers.
    __builtin_cpu_init();
    unsigned features = 0;
    if (__builtin_cpu_supports("sse3")) features |= FLIPBOOK_CPU_SSE3;
    if (__builtin_cpu_supports("ssse3")) features |= FLIPBOOK_CPU_SSSE3;
    if (__builtin_cpu_supports("avx")) features |= FLIPBOOK_CPU_AVX;
    if (__builtin_cpu_supports("fma")) features |= FLIPBOOK_CPU_FMA;
    if (__builtin_cpu_supports("avx2")) features |= FLIPBOOK_CPU_AVX2;
    if (__builtin_cpu_supports("avx512f")) features |= FLIPBOOK_CPU_AVX512F;
    if (__builtin_cpu_supports("avx512dq")) features |= FLIPBOOK_CPU_AVX512DQ;
    if (__builtin_cpu_supports("avx512bw")) features |= FLIPBOOK_CPU_AVX512BW;
    if (__builtin_cpu_supports("avx512vl")) features |= FLIPBOOK_CPU_AVX512VL;
    if (__builtin_cpu_supports("avx512f") && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx >> 26 & 1))
        features |= FLIPBOOK_CPU_AVX512PF;
    if (__builtin_cpu_supports("fma4")) features |= FLIPBOOK_CPU_FMA4;
    cpu->features = features;
}
#else
void flipbook_cpu_identify(struct flipbook_cpu *cpu) {
    cpu->vendor = FLIPBOOK_CPU_OTHER;
    cpu->family = cpu->model = cpu->features = 0;
}
#endif

// MARK: - The vector kernels' switch

#include <stdatomic.h>

static atomic_int vector_kernels_allowed = 1;

void flipbook_allow_vector_kernels(int allowed) {
    atomic_store_explicit(&vector_kernels_allowed, allowed != 0, memory_order_relaxed);
}

int flipbook_vector_kernels_allowed(void) {
    return atomic_load_explicit(&vector_kernels_allowed, memory_order_relaxed);
}

#if defined(__x86_64__)
int flipbook_uses_avx2(void) {
    static atomic_int answer = -1;      // asked once; the CPU's answer never changes
    if (!atomic_load_explicit(&vector_kernels_allowed, memory_order_relaxed)) return 0;
    int known = atomic_load_explicit(&answer, memory_order_relaxed);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") != 0;
        atomic_store_explicit(&answer, known, memory_order_relaxed);
    }
    return known;
}
#else
int flipbook_uses_avx2(void) { return 0; }
#endif

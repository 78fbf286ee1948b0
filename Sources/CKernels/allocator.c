// How the process allocates memory: see Sources/Flipbook/Allocator.swift.
#include "kernels.h"

#if defined(__linux__)
#include <malloc.h>     // defines __GLIBC__ with glibc
#endif

void flipbook_keep_large_buffers(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

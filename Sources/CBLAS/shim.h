// CBLAS through BLIS (Debian's libblis-dev). BLIS picks its kernels from the CPU it runs on,
// without the OPENBLAS_CORETYPE workaround that Debian 12's OpenBLAS needs on AVX-512 machines.
// blis.h declares the CBLAS interface (cblas_sgemm, ...) and the BLIS thread controls.
#include <blis.h>

// The slice of the CBLAS interface Flipbook uses, declared here for BLIS (Debian's libblis-dev).
//
// Why BLIS: it picks its kernels from the CPU it runs on. Debian 12's OpenBLAS 0.3.21 misdetects
// AVX-512 machines and falls back to its slowest kernel unless OPENBLAS_CORETYPE is set before
// the library loads, which a program cannot do for itself.
//
// Why our own declarations: Debian's blis.h (OpenMP build) includes <omp.h>, which Swift's clang
// does not ship. The ABI below is the standard CBLAS one with BLIS's 32-bit BLAS integers
// (BLIS_BLAS_INT_TYPE_SIZE 32 in Debian's build) and its 64-bit dim_t.
#include <stdint.h>

enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 };
typedef enum CBLAS_ORDER CBLAS_ORDER;
typedef enum CBLAS_TRANSPOSE CBLAS_TRANSPOSE;
typedef int32_t blas_int;

void cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                 blas_int m, blas_int n, blas_int k, float alpha, const float *a, blas_int lda,
                 const float *b, blas_int ldb, float beta, float *c, blas_int ldc);

void cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                 blas_int m, blas_int n, blas_int k, double alpha, const double *a, blas_int lda,
                 const double *b, blas_int ldb, double beta, double *c, blas_int ldc);

// Sets the number of threads BLIS uses for each later call (BLIS's dim_t is 64-bit here).
void bli_thread_set_num_threads(int64_t n_threads);

// Which of its configurations (sets of kernels and block sizes) BLIS uses: BLIS 0.9.0's arch_t,
// an enum counted from 0 (skx) to 25 (generic). BLIS picks it once, when it initialises, from the
// environment variable BLIS_ARCH_TYPE (read as a number) or else from the CPU.
void bli_init(void);
int bli_arch_query_id(void);
const char *bli_arch_string(int id);

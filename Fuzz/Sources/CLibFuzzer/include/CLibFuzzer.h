// libFuzzer's entry point for programs with their own main (compiler-rt, FuzzerInterface.h).
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the process's arguments on `callback` and returns its exit status.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

// Nothing to compile: the target exists for its header. libFuzzer itself comes from -sanitize=fuzzer.
#include "CLibFuzzer.h"

#include "build_info.h"

// Swift's -D defines only flags, so the commit, a string, comes through this C file.
#ifndef FLIPBOOK_COMMIT
#define FLIPBOOK_COMMIT "unknown commit"
#endif

const char *flipbook_commit(void) {
    return FLIPBOOK_COMMIT;
}

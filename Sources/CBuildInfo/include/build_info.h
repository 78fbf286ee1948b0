#ifndef FLIPBOOK_BUILD_INFO_H
#define FLIPBOOK_BUILD_INFO_H

/// The commit the executable was built from, as `scripts/install.sh` passes it to the compiler
/// (`-Xcc -DFLIPBOOK_COMMIT="…"`, from `git describe --always --dirty`); "unknown commit" for a
/// build that did not say, such as a plain `swift build`.
const char *flipbook_commit(void);

#endif

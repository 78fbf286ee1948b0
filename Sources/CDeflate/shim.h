// libdeflate (Debian's libdeflate-dev): the zlib streams of PNG stills, about 2.5× faster than
// zlib's deflate for smaller files (docs/benchmarks.md, `flipbook-bench render`).
#include <libdeflate.h>

// libwebp (Debian's libwebp-dev): its lossless encoder, which flipbook-bench measures our
// VP8LEncoder against.
#include <webp/encode.h>

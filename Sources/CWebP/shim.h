// libwebp (Debian's libwebp-dev): the lossless encoder and the animation encoder of libwebpmux.
#include <webp/encode.h>
#include <webp/mux.h>

// libwebp's demuxer and decoder (Debian's libwebp-dev): WebPAnimDecoder composites every frame
// of an animated WebP, the independent reader the `webp` fuzz target checks our WebPWriter against.
#include <webp/decode.h>
#include <webp/demux.h>

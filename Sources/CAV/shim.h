// FFmpeg's libraries (Debian's libavcodec-dev, libavformat-dev, libswscale-dev, libavutil-dev):
// MP4Writer encodes H.264 through libavcodec (libx264) and writes MP4 through libavformat.
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

// Error codes that are macros Swift cannot import.
static inline int cav_error_again(void) { return AVERROR(EAGAIN); }
static inline int cav_error_eof(void) { return AVERROR_EOF; }

// giflib (Debian's libgif-dev): the independent GIF decoder the `gif` fuzz target checks our
// GIFWriter against (every frame, as DGifSlurp reads them).
#include <gif_lib.h>

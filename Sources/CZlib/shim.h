// zlib (Debian's zlib1g-dev): CRC-32 for .npz archives, inflate for gzip-compressed IDX files.
#include <zlib.h>

// libgd 2.3 (Debian's libgd-dev): palette images, anti-aliased FreeType text, GIF and PNG output.
#include <gd.h>

// Render's `MarkStamp`: marks kept as runs of set pixels and blended pixels, stamped at whole pixels.

#include "kernels.h"

#include <string.h>

// Copies `count` bytes eight, four, two and one at a time: a mark's runs are a few pixels long,
// shorter than a call to memcpy is worth.
static inline void copy_short(uint8_t *to, const uint8_t *from, long count) {
    long k = 0;
    for (; k + 8 <= count; k += 8) memcpy(to + k, from + k, 8);
    if (k + 4 <= count) { memcpy(to + k, from + k, 4); k += 4; }
    if (k + 2 <= count) { memcpy(to + k, from + k, 2); k += 2; }
    if (k < count) to[k] = from[k];
}

void flipbook_stamp_marks(uint8_t *const *rows, long width, long height, const struct flipbook_mark_stamp *stamps,
                          const int32_t *marks, size_t count) {
    for (size_t i = 0; i < count; i++) {
        const long x = marks[3 * i], y = marks[3 * i + 1];
        const struct flipbook_mark_stamp *s = stamps + marks[3 * i + 2];
        const long origin = y + s->top;
        const long first = origin < 0 ? -origin : 0, last = height - origin < s->rows ? height - origin : s->rows;
        if (first >= last || x + s->right < 0 || x + s->left >= width) continue;
        const int clipped = x + s->left < 0 || x + s->right >= width;
        for (long k = first; k < last; k++) {
            uint8_t *row = rows[origin + k];
            for (int32_t j = s->runEnds[k]; j < s->runEnds[k + 1]; j++) {
                const int32_t *run = s->runs + 3 * j;
                long from = x + run[0], start = run[2], length = run[1];
                if (clipped) {
                    if (from < 0) { start -= from; length += from; from = 0; }
                    if (length > width - from) length = width - from;
                    if (length <= 0) continue;
                }
                copy_short(row + from, s->bytes + start, length);
            }
            for (int32_t j = s->blendEnds[k]; j < s->blendEnds[k + 1]; j++) {
                const long column = x + s->blends[2 * j];
                if (clipped && (column < 0 || column >= width)) continue;
                row[column] = s->maps[(long)s->blends[2 * j + 1] << 8 | row[column]];
            }
        }
    }
}

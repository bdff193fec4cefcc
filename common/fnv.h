#ifndef NW_FNV_H
#define NW_FNV_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a over s[0..n), on from h (NW_FNV_START to begin): the per-thread
 * memos of short strings (tag and attribute names, class values,
 * bylines) pick their slots with it. */
#define NW_FNV_START 2166136261u

/* One byte more of the hash. */
static inline uint32_t nw_fnv1a_byte(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}

static inline uint32_t nw_fnv1a(uint32_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = nw_fnv1a_byte(h, (unsigned char)s[i]);
    return h;
}

#endif

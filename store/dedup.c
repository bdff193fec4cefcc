#include "dedup.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/jsonx.h"
#include "../common/mem.h"
#include "../common/url.h"

char *dedup_key(const json_t *item, const char *feed_url)
{
    const char *url = nw_json_str(item, "url");
    if (url && nw_url_is_http(url)) {
        char *c = nw_url_canonical(url);
        if (c)
            return c;
    }
    const char *guid = nw_json_str(item, "guid");
    struct nw_buf b = {0};
    if (guid && *guid) {
        nw_buf_printf(&b, "guid:%s", guid);
    } else {
        const char *t = nw_json_str(item, "title"), *p = nw_json_str(item, "published");
        nw_buf_printf(&b, "item:%s\n%s\n%s", feed_url ? feed_url : "", t ? t : "", p ? p : "");
    }
    return nw_buf_steal(&b);
}

void dedup_id(const char *key, unsigned char id[16], char hex[33])
{
    XXH128_hash_t h = XXH3_128bits(key, strlen(key));
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    memcpy(id, c.digest, 16);
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", id[i]);
}

uint64_t dedup_content_hash(const json_t *item)
{
    XXH3_state_t *st = XXH3_createState();
    XXH3_64bits_reset(st);
    const char *fields[] = {"title", "content", "summary"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = nw_json_str(item, fields[i]);
        if (i == 2 && nw_json_str(item, "content"))
            break;
        XXH3_64bits_update(st, v ? v : "", v ? strlen(v) + 1 : 1);
    }
    uint64_t h = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    return h;
}

/* Lower-cased words (ASCII folded; other bytes kept) into a list of hashes. */
static size_t word_hashes(const char *text, uint64_t *out, size_t max)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)text;
    char w[64];
    while (*p && n < max) {
        while (*p && !(isalnum(*p) || *p >= 0x80))
            p++;
        size_t l = 0;
        while (*p && (isalnum(*p) || *p >= 0x80)) {
            if (l < sizeof w)
                w[l++] = (char)tolower(*p);
            p++;
        }
        if (l)
            out[n++] = XXH3_64bits(w, l);
    }
    return n;
}

uint64_t dedup_simhash(const char *text)
{
    if (!text)
        return 0;
    enum { MAXW = 4096 };
    uint64_t *w = nw_malloc(MAXW * sizeof *w);
    size_t n = word_hashes(text, w, MAXW);
    uint64_t res = 0;
    if (n >= 20) {
        int v[64] = {0};
        for (size_t i = 0; i + 2 < n; i++) {
            uint64_t h = w[i] * 0x9E3779B97F4A7C15ull ^ (w[i + 1] * 0xC2B2AE3D27D4EB4Full) ^ w[i + 2];
            h ^= h >> 29;
            h *= 0xBF58476D1CE4E5B9ull;
            h ^= h >> 32;
            for (int b = 0; b < 64; b++)
                v[b] += (h >> b) & 1 ? 1 : -1;
        }
        for (int b = 0; b < 64; b++)
            if (v[b] > 0)
                res |= 1ull << b;
        if (res == 0)
            res = 1;
    }
    free(w);
    return res;
}

int dedup_distance(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

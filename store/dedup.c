#include "dedup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/mem.h"
#include "../common/url.h"

char *dedup_key(const struct nw_item *it, const char *feed_url)
{
    if (it->url && nw_url_is_http(it->url)) {
        char *c = nw_url_canonical(it->url);
        if (c)
            return c;
    }
    struct nw_buf b = {0};
    if (it->guid && *it->guid)
        nw_buf_printf(&b, "guid:%s", it->guid);
    else
        nw_buf_printf(&b, "item:%s\n%s\n%s", feed_url ? feed_url : "", it->title ? it->title : "",
                      it->published ? it->published : "");
    return nw_buf_steal(&b);
}

void dedup_id(const char *key, unsigned char id[16])
{
    XXH128_hash_t h = XXH3_128bits(key, strlen(key));
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    memcpy(id, c.digest, 16);
}

uint64_t dedup_content_hash(const struct nw_item *it)
{
    uint64_t h = 0;
    const char *parts[] = {it->title, it->text};
    for (size_t i = 0; i < 2; i++)
        h = XXH3_64bits_withSeed(parts[i] ? parts[i] : "", parts[i] ? strlen(parts[i]) + 1 : 1, h);
    return h;
}

/* Words: runs of letters and digits (any non-ASCII byte counts as a
 * letter), ASCII lower-cased, hashed. */
static bool word_byte(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u || c >= 0x80;
}

static size_t word_hashes(const char *text, uint64_t *out, size_t max)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)text;
    unsigned char w[64];
    while (*p && n < max) {
        while (*p && !word_byte(*p))
            p++;
        size_t l = 0;
        while (*p && word_byte(*p)) {
            if (l < sizeof w)
                w[l++] = *p >= 'A' && *p <= 'Z' ? (unsigned char)(*p | 0x20) : *p;
            p++;
        }
        if (l)
            out[n++] = XXH3_64bits(w, l);
    }
    return n;
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ull;
    h ^= h >> 27;
    h *= 0x81dadef4bc2dd44dull;
    h ^= h >> 33;
    return h;
}

#define MAX_WORDS 8192

int dedup_signature(const char *text, struct record_sig *sig)
{
    if (!text)
        return -1;
    uint64_t *w = nw_malloc(MAX_WORDS * sizeof *w);
    size_t n = word_hashes(text, w, MAX_WORDS);
    if (n < DEDUP_MIN_WORDS) {
        free(w);
        return -1;
    }
    /* one-permutation hashing: bin from the top bits, value from the rest */
    uint32_t *h = sig->h;
    bool filled[RECORD_SIG_K] = {0};
    for (int i = 0; i < RECORD_SIG_K; i++)
        h[i] = UINT32_MAX;
    /* distinct shingles, counted with a small open-addressing set */
    size_t setcap = 1;
    while (setcap < 2 * n)
        setcap <<= 1;
    uint64_t *set = nw_calloc(setcap, sizeof *set);
    uint32_t distinct = 0;
    for (size_t i = 0; i + 2 < n; i++) {
        uint64_t s = mix(w[i] * 0x9E3779B97F4A7C15ull ^ mix(w[i + 1] + 0x632BE59BD9B4E019ull) ^ (w[i + 2] << 1));
        if (!s)
            s = 1;
        size_t slot = s & (setcap - 1);
        while (set[slot] && set[slot] != s)
            slot = (slot + 1) & (setcap - 1);
        if (set[slot])
            continue;
        set[slot] = s;
        distinct++;
        unsigned bin = (unsigned)(s >> 57); /* RECORD_SIG_K = 128 bins */
        uint32_t v = (uint32_t)s;
        if (!filled[bin] || v < h[bin]) {
            h[bin] = v;
            filled[bin] = true;
        }
    }
    free(set);
    free(w);
    /* densification: an empty bin borrows the nearest filled bin to its
     * right, marked by the distance so that borrowed values from different
     * bins do not look alike */
    for (int i = 0; i < RECORD_SIG_K; i++) {
        if (filled[i])
            continue;
        for (int d = 1; d < RECORD_SIG_K; d++) {
            int j = (i + d) % RECORD_SIG_K;
            if (filled[j]) {
                h[i] = (uint32_t)mix((uint64_t)h[j] << 8 | (uint64_t)d);
                break;
            }
        }
    }
    sig->shingles = distinct;
    return 0;
}

double dedup_similarity(const struct record_sig *a, const struct record_sig *b, double *containment)
{
    int eq = 0;
    for (int i = 0; i < RECORD_SIG_K; i++)
        eq += a->h[i] == b->h[i];
    double j = (double)eq / RECORD_SIG_K;
    if (containment) {
        double na = a->shingles, nb = b->shingles;
        double inter = j * (na + nb) / (1.0 + j);
        double small = na < nb ? na : nb;
        *containment = small > 0 ? inter / small : 0;
        if (*containment > 1)
            *containment = 1;
    }
    return j;
}

bool dedup_is_near(const struct record_sig *a, const struct record_sig *b, double *score)
{
    double c;
    double j = dedup_similarity(a, b, &c);
    if (score)
        *score = j;
    return j >= 0.5 || (c >= 0.75 && j >= 0.25);
}

void dedup_band_keys(const struct record_sig *s, unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY])
{
    /* bands spread over the signature: bins 0, 10, 20, ... */
    for (int b = 0; b < DEDUP_BANDS; b++) {
        uint32_t v = s->h[(b * (RECORD_SIG_K / DEDUP_BANDS)) % RECORD_SIG_K];
        keys[b][0] = (unsigned char)b;
        keys[b][1] = (unsigned char)(v >> 24);
        keys[b][2] = (unsigned char)(v >> 16);
        keys[b][3] = (unsigned char)(v >> 8);
        keys[b][4] = (unsigned char)v;
    }
}

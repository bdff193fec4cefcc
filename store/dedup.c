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

/* Word bytes: letters and digits (any non-ASCII byte counts as a letter),
 * ASCII lower-cased; 0 for every other byte. */
static const unsigned char word_tab[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
    128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143,
    144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159,
    160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175,
    176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191,
    192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207,
    208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223,
    224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239,
    240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255,
};

static uint64_t mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ull;
    h ^= h >> 27;
    h *= 0x81dadef4bc2dd44dull;
    h ^= h >> 33;
    return h;
}

/* The hash of the next word at or after *pp (FNV-1a over its bytes,
 * ASCII lower-cased, then mixed), or 0 at the end. */
static uint64_t next_word(const unsigned char **pp)
{
    const unsigned char *p = *pp;
    while (*p && !word_tab[*p])
        p++;
    uint64_t h = 0xcbf29ce484222325ull;
    const unsigned char *start = p;
    for (unsigned c; (c = word_tab[*p]) != 0; p++)
        h = (h ^ c) * 0x100000001b3ull;
    *pp = p;
    if (p == start)
        return 0;
    h = mix(h);
    return h ? h : 1;
}

#define MAX_WORDS 8192
/* the shingle set never needs more slots: MAX_WORDS shingles, a quarter
 * full (a long text would otherwise get a set sized by its bytes) */
#define MAX_SET (4 * MAX_WORDS)

int dedup_signature(const char *text, struct record_sig *sig)
{
    if (!text)
        return -1;
    /* words (at most MAX_WORDS) are hashed as they are read; a shingle is
     * three consecutive words */
    const unsigned char *p = (const unsigned char *)text;
    uint64_t w0 = next_word(&p), w1 = w0 ? next_word(&p) : 0;
    size_t words = (w0 != 0) + (w1 != 0);
    uint32_t *h = sig->h;
    bool filled[RECORD_SIG_K] = {0};
    for (int i = 0; i < RECORD_SIG_K; i++)
        h[i] = UINT32_MAX;
    /* distinct shingles, counted in an open-addressing set of 32 bits
     * of each (a collision undercounts by one in four billion), kept at
     * most a quarter full (fewer probes past a taken slot) */
    size_t setcap = 256, want = strlen(text) / 3 * 2;
    while (setcap < want && setcap < MAX_SET)
        setcap <<= 1;
    uint32_t small[256] = {0};
    uint32_t *set = setcap == 256 ? small : nw_calloc(setcap, sizeof *set);
    uint32_t distinct = 0;
    for (uint64_t w2; w1 && words < MAX_WORDS && (w2 = next_word(&p)) != 0; w0 = w1, w1 = w2) {
        words++;
        uint64_t s = mix(w0 * 0x9E3779B97F4A7C15ull ^ (w1 + 0x632BE59BD9B4E019ull) * 0xD6E8FEB86659FD93ull ^ (w2 << 1));
        uint32_t key = (uint32_t)(s >> 32) | 1;
        size_t slot = key & (setcap - 1);
        while (set[slot] && set[slot] != key)
            slot = (slot + 1) & (setcap - 1);
        if (set[slot])
            continue;
        set[slot] = key;
        if (++distinct * 4 > setcap) { /* grow */
            size_t ncap = setcap * 2;
            uint32_t *n = nw_calloc(ncap, sizeof *n);
            for (size_t i = 0; i < setcap; i++)
                if (set[i]) {
                    size_t sl = set[i] & (ncap - 1);
                    while (n[sl])
                        sl = (sl + 1) & (ncap - 1);
                    n[sl] = set[i];
                }
            if (set != small)
                free(set);
            set = n;
            setcap = ncap;
        }
        unsigned bin = (unsigned)(s >> 57); /* RECORD_SIG_K = 128 bins */
        uint32_t v = (uint32_t)s;
        /* the bins start at UINT32_MAX: a minimum taken without a branch
         * (which would be mispredicted half the time early on) */
        h[bin] = v < h[bin] ? v : h[bin];
        filled[bin] = true;
    }
    if (set != small)
        free(set);
    if (words < DEDUP_MIN_WORDS)
        return -1;
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

/* Fingerprint bins: 1, 5, 9, ... 125, none of them a band's bin (those are
 * multiples of 10, all even), so a band hit does not count twice. */
static unsigned fp_byte(const struct record_sig *s, int i) { return s->h[(4 * i + 1) % RECORD_SIG_K] & 0xff; }

void dedup_band_value(uint64_t seq, const struct record_sig *s, unsigned char out[DEDUP_BAND_VALUE])
{
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(seq >> (56 - 8 * i));
    for (int i = 0; i < DEDUP_FP_BINS; i++)
        out[8 + i] = (unsigned char)fp_byte(s, i);
}

bool dedup_band_may_match(const struct record_sig *s, const unsigned char *v)
{
    int same = 0;
    for (int i = 0; i < DEDUP_FP_BINS; i++)
        same += v[8 + i] == fp_byte(s, i);
    return same >= DEDUP_FP_MATCH;
}

#include "dedup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../common/buf.h"
#include "../common/mem.h"
#include "../common/url.h"

/* Whether a guid names its story wherever it is listed: a URI ("tag:",
 * "urn:", a URL) or a long token (a UUID, a hash). A bare number or a
 * short token ("1", "a17") is its feed's own: two feeds number their
 * items alike. */
static bool global_guid(const char *g)
{
    return strchr(g, ':') || strlen(g) >= 16;
}

char *dedup_legacy_key(const struct nw_item *it, const char *feed_url)
{
    if ((it->url && nw_url_is_http(it->url)) || !feed_url || !it->guid || !*it->guid || global_guid(it->guid))
        return NULL;
    struct nw_buf b = {0};
    nw_buf_printf(&b, "guid:%s", it->guid);
    return nw_buf_steal(&b);
}

char *dedup_key(const struct nw_item *it, const char *feed_url)
{
    if (it->url && nw_url_is_http(it->url)) {
        /* a redirector's link (Google Alerts, Bing News): the story's own address */
        char *target = nw_url_redirect_target(it->url);
        char *c = nw_url_canonical(target ? target : it->url);
        free(target);
        if (c)
            return c;
    }
    struct nw_buf b = {0};
    if (it->guid && *it->guid && (global_guid(it->guid) || !feed_url))
        nw_buf_printf(&b, "guid:%s", it->guid);
    else if (it->guid && *it->guid)
        nw_buf_printf(&b, "guid:%s\n%s", feed_url, it->guid);
    else
        nw_buf_printf(&b, "item:%s\n%s\n%s", feed_url ? feed_url : "", it->title ? it->title : "",
                      it->published ? it->published : "");
    return nw_buf_steal(&b);
}

char *dedup_shared_key(const struct nw_item *it, const char *feed_url)
{
    struct nw_buf b = {0};
    if (it->guid && *it->guid)
        nw_buf_printf(&b, "shared:%s\nguid:%s", feed_url ? feed_url : "", it->guid);
    else
        nw_buf_printf(&b, "shared:%s\n%s\n%s", feed_url ? feed_url : "", it->title ? it->title : "",
                      it->published ? it->published : "");
    return nw_buf_steal(&b);
}

uint64_t dedup_guid_hash(const char *guid)
{
    return XXH3_64bits(guid, strlen(guid));
}

uint64_t dedup_title_hash(const char *title, const char *published)
{
    if (!title || !*title || !published || !*published)
        return 0;
    uint64_t h = XXH3_64bits_withSeed(title, strlen(title) + 1, 0x7469746c65ULL);
    h = XXH3_64bits_withSeed(published, strlen(published), h);
    return h ? h : 1;
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

/* The text mapped through word_tab, and a bitmap of its word bytes (bit
 * i%64 of map[i/64] for byte i), sixteen bytes at a time where SSE2 is
 * there, with the same result as the table. `out` has room for len + 8
 * bytes, `bits` for len/64 + 1 words; both end in zeros. */
static void map_text(const unsigned char *t, size_t len, unsigned char *out, uint64_t *bits)
{
    memset(bits, 0, (len / 64 + 1) * sizeof *bits);
    size_t i = 0;
#ifdef __SSE2__
    const __m128i bias = _mm_set1_epi8((char)0x80);
    for (; i + 16 <= len; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(t + i));
        /* unsigned byte ranges as signed compares of b - 0x80 */
        __m128i u = _mm_sub_epi8(b, bias);
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(u, _mm_set1_epi8((char)('A' - 1 - 0x80))),
                                      _mm_cmplt_epi8(u, _mm_set1_epi8((char)('Z' + 1 - 0x80))));
        __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(u, _mm_set1_epi8((char)('a' - 1 - 0x80))),
                                      _mm_cmplt_epi8(u, _mm_set1_epi8((char)('z' + 1 - 0x80))));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(u, _mm_set1_epi8((char)('0' - 1 - 0x80))),
                                      _mm_cmplt_epi8(u, _mm_set1_epi8((char)('9' + 1 - 0x80))));
        __m128i high = _mm_cmplt_epi8(b, _mm_setzero_si128()); /* 0x80 and up */
        __m128i word = _mm_or_si128(_mm_or_si128(upper, lower), _mm_or_si128(digit, high));
        __m128i m = _mm_and_si128(_mm_add_epi8(b, _mm_and_si128(upper, _mm_set1_epi8(32))), word);
        _mm_storeu_si128((__m128i *)(out + i), m);
        bits[i / 64] |= (uint64_t)(unsigned)_mm_movemask_epi8(word) << (i % 64);
    }
#endif
    for (; i < len; i++) {
        out[i] = word_tab[t[i]];
        bits[i / 64] |= (uint64_t)(out[i] != 0) << (i % 64);
    }
    memset(out + len, 0, 8);
}

/* Eight mapped bytes from p as a number, byte k at bits 8k. */
static inline uint64_t load8(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    return x;
}

/* The number of bytes of x before its first zero byte (8: none). The
 * lowest flag of the classic zero-byte test is always a true zero byte. */
static inline unsigned word_len8(uint64_t x)
{
    uint64_t t = (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
    return t ? (unsigned)__builtin_ctzll(t) >> 3 : 8;
}

/* The value of the word starting at mapped byte p: a word of up to eight
 * bytes is its bytes packed into 64 bits (exact); each further eight
 * bytes of a longer word are folded in with a multiply. The value is
 * mixed later, as part of its shingles. */
static inline uint64_t word_value(const unsigned char *p)
{
    uint64_t x = load8(p);
    unsigned l = word_len8(x);
    if (l < 8)
        return x & ((1ull << (8 * l)) - 1);
    uint64_t h = x;
    for (p += 8;; p += 8) {
        x = load8(p);
        l = word_len8(x);
        if (l == 0)
            break;
        h = (h ^ (h >> 29)) * 0x9E3779B97F4A7C15ull + (l < 8 ? x & ((1ull << (8 * l)) - 1) : x);
        if (l < 8)
            break;
    }
    return h ? h : 1;
}

#define MAX_WORDS 8192
/* the shingle set never needs more slots: MAX_WORDS shingles, a quarter
 * full */
#define MAX_SET (4 * MAX_WORDS)

/* Distinct shingles, counted in an open-addressing set of 32 bits of
 * each (a collision undercounts by one in four billion): slots 4 to 8
 * times as many as the text can have words (one per two bytes), up to
 * MAX_SET, so that it is never more than a quarter full and never grows.
 * A slot is taken when its stamp is the text's: the set is never cleared
 * between texts. */
struct shingle_set {
    uint32_t *key, *stamp;
    size_t mask;
    uint32_t epoch, n;
};

static void shingle_set_init(struct shingle_set *st, struct dedup_scratch *sc, size_t len)
{
    size_t cap = 256;
    while (cap < 2 * len + 4 && cap < MAX_SET)
        cap <<= 1;
    if (sc->cap < cap) {
        free(sc->key);
        free(sc->stamp);
        sc->key = nw_malloc(cap * sizeof *sc->key);
        sc->stamp = nw_calloc(cap, sizeof *sc->stamp);
        sc->cap = cap;
        sc->epoch = 0;
    }
    if (++sc->epoch == 0) { /* after four billion texts */
        memset(sc->stamp, 0, sc->cap * sizeof *sc->stamp);
        sc->epoch = 1;
    }
    *st = (struct shingle_set){.key = sc->key, .stamp = sc->stamp, .mask = cap - 1, .epoch = sc->epoch};
}

/* Adds a shingle's key. */
static void shingle_set_add(struct shingle_set *st, uint32_t key)
{
    size_t i = (key >> 1) & st->mask;
    while (st->stamp[i] == st->epoch) {
        if (st->key[i] == key)
            return;
        i = (i + 1) & st->mask;
    }
    st->stamp[i] = st->epoch;
    st->key[i] = key;
    st->n++;
}

void dedup_scratch_free(struct dedup_scratch *sc)
{
    free(sc->key);
    free(sc->stamp);
    free(sc->mapped);
    free(sc->bits);
    *sc = (struct dedup_scratch){0};
}

int dedup_signature(const char *text, struct record_sig *sig)
{
    struct dedup_scratch sc = {0};
    int rc = dedup_signature_in(text, sig, &sc);
    dedup_scratch_free(&sc);
    return rc;
}

int dedup_signature_in(const char *text, struct record_sig *sig, struct dedup_scratch *sc)
{
    if (!text)
        return -1;
    /* The text is mapped in one pass (word bytes lower-cased, a bitmap of
     * them); words are then found from the bitmap's word starts, so that
     * finding the next word does not wait on reading this one. A shingle
     * is three consecutive words; at most MAX_WORDS words are read. */
    size_t len = strlen(text);
    if (sc->text_cap < len + 8) {
        size_t cap = sc->text_cap ? sc->text_cap : 4096;
        while (cap < len + 8)
            cap *= 2;
        free(sc->mapped);
        free(sc->bits);
        sc->mapped = nw_malloc(cap);
        sc->bits = nw_malloc((cap / 64 + 1) * sizeof *sc->bits);
        sc->text_cap = cap;
    }
    unsigned char *mapped = sc->mapped;
    uint64_t *bits = sc->bits;
    map_text((const unsigned char *)text, len, mapped, bits);
    uint32_t *h = sig->h;
    bool filled[RECORD_SIG_K] = {0};
    for (int i = 0; i < RECORD_SIG_K; i++)
        h[i] = UINT32_MAX;
    struct shingle_set set;
    shingle_set_init(&set, sc, len);
    size_t words = 0;
    uint64_t w0 = 0, w1 = 0, before = 0; /* before: the last byte of the previous bitmap word was a word's */
    for (size_t c = 0; c <= len / 64 && words < MAX_WORDS; c++) {
        uint64_t wb = bits[c], starts = wb & ~(wb << 1 | before);
        before = wb >> 63;
        for (; starts && words < MAX_WORDS; starts &= starts - 1) {
            uint64_t w2 = word_value(mapped + c * 64 + (unsigned)__builtin_ctzll(starts));
            if (++words < 3) {
                w0 = w1;
                w1 = w2;
                continue;
            }
            uint64_t s = mix(w0 * 0x9E3779B97F4A7C15ull ^ (w1 + 0x632BE59BD9B4E019ull) * 0xD6E8FEB86659FD93ull ^
                             (w2 + 0x2545F4914F6CDD1Dull) * 0xC2B2AE3D27D4EB4Full);
            w0 = w1;
            w1 = w2;
            shingle_set_add(&set, (uint32_t)(s >> 32) | 1);
            unsigned bin = (unsigned)(s >> 57); /* RECORD_SIG_K = 128 bins */
            uint32_t v = (uint32_t)s;
            /* the bins start at UINT32_MAX: a minimum taken without a
             * branch (which would be mispredicted half the time early on) */
            h[bin] = v < h[bin] ? v : h[bin];
            filled[bin] = true;
        }
    }
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
    sig->shingles = set.n;
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

bool dedup_band_may_match(const unsigned char *a, const unsigned char *b)
{
    a += 8;
    b += 8;
#ifdef __SSE2__
    _Static_assert(DEDUP_FP_BINS == 32, "the fingerprint is compared as two 16-byte words");
    unsigned eq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)a),
                                                             _mm_loadu_si128((const __m128i *)(const void *)b))) |
                  (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(a + 16)),
                                                             _mm_loadu_si128((const __m128i *)(const void *)(b + 16))))
                      << 16;
    return __builtin_popcount(eq) >= DEDUP_FP_MATCH;
#else
    int same = 0;
    for (int i = 0; i < DEDUP_FP_BINS; i++)
        same += a[i] == b[i];
    return same >= DEDUP_FP_MATCH;
#endif
}

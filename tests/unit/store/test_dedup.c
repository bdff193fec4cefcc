#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../common/buf.h"
#include "../../../store/dedup.h"

static void test_keys(void **state)
{
    (void)state;
    struct nw_item a = {.url = "https://Ex.org/a?utm_source=x&id=2#frag", .guid = "g1"};
    struct nw_item b = {.url = "https://ex.org/a?id=2&fbclid=abc", .guid = "other"};
    char *ka = dedup_key(&a, "f"), *kb = dedup_key(&b, "f");
    assert_string_equal(ka, "https://ex.org/a?id=2");
    assert_string_equal(ka, kb); /* the same story under tracking junk */
    unsigned char ida[16], idb[16];
    dedup_id(ka, ida);
    dedup_id(kb, idb);
    assert_memory_equal(ida, idb, 16);
    struct nw_item c = {.guid = "tag:x,2020:1"};
    char *kc = dedup_key(&c, "f");
    assert_string_equal(kc, "guid:tag:x,2020:1");
    struct nw_item d = {.title = "Only a title"};
    char *kd = dedup_key(&d, "http://feed/");
    assert_non_null(strstr(kd, "Only a title"));
    /* a story an alert links to through a redirector is the story its
     * own feed lists */
    struct nw_item e = {.url = "https://www.google.com/url?rct=j&sa=t&url=https://ex.org/a%3Fid%3D2%26utm_medium%3Drss"
                               "&ct=ga&cd=CAIy&usg=AOvV"};
    char *ke = dedup_key(&e, "https://www.google.com/alerts/feeds/1/2");
    assert_string_equal(ke, ka);
    free(ka);
    free(kb);
    free(kc);
    free(kd);
    free(ke);
}

static void test_content_hash(void **state)
{
    (void)state;
    struct nw_item a = {.title = "T", .text = "body"}, b = {.title = "T", .text = "body2"}, c = {.title = "T2", .text = "body"};
    assert_int_not_equal(dedup_content_hash(&a), dedup_content_hash(&b));
    assert_int_not_equal(dedup_content_hash(&a), dedup_content_hash(&c));
    struct nw_item a2 = {.title = "T", .text = "body", .summary = "<p>other html</p>"};
    assert_int_equal(dedup_content_hash(&a), dedup_content_hash(&a2));
}

static const char *const words[] = {
    "minister", "border", "agreement", "government", "election", "summit", "ceasefire", "army", "report",
    "economy", "market", "growth", "inflation", "bank", "reform", "parliament", "vote", "court", "police",
    "strike", "union", "energy", "climate", "drought", "harvest", "port", "ship", "airport", "embassy",
    "sanction", "budget", "debt", "tax", "hospital", "vaccine", "school", "storm", "quake", "rescue", "talks"};

static void gen_text(struct nw_buf *b, unsigned seed, int nwords)
{
    for (int i = 0; i < nwords; i++) {
        seed = seed * 1103515245u + 12345u;
        nw_buf_puts(b, words[(seed >> 16) % (sizeof words / sizeof *words)]);
        nw_buf_puts(b, i % 12 == 11 ? ". " : " ");
    }
}

static void test_near(void **state)
{
    (void)state;
    struct nw_buf orig = {0}, copy = {0}, other = {0};
    gen_text(&orig, 1, 300);
    /* a copy with a dateline, an ad line inside and its ending trimmed */
    nw_buf_puts(&copy, "PARIS (AFP) - ");
    nw_buf_append(&copy, orig.data, orig.len / 2);
    nw_buf_puts(&copy, " Advertisement read also our offers ");
    nw_buf_append(&copy, orig.data + orig.len / 2, orig.len * 3 / 10);
    /* another story with the same vocabulary: the same event, other text */
    gen_text(&other, 2, 300);
    struct record_sig a, b, c;
    assert_int_equal(dedup_signature(orig.data, &a), 0);
    assert_int_equal(dedup_signature(copy.data, &b), 0);
    assert_int_equal(dedup_signature(other.data, &c), 0);
    double cont, score;
    double j = dedup_similarity(&a, &b, &cont);
    assert_true(j > 0.5 && j < 0.95);
    assert_true(cont > 0.85);
    assert_true(dedup_is_near(&a, &b, &score));
    assert_false(dedup_is_near(&a, &c, &score));
    assert_true(score < 0.1);
    /* identical texts: similarity 1, the same band keys */
    struct record_sig a2;
    dedup_signature(orig.data, &a2);
    assert_true(dedup_similarity(&a, &a2, NULL) == 1.0);
    unsigned char k1[DEDUP_BANDS][DEDUP_BAND_KEY], k2[DEDUP_BANDS][DEDUP_BAND_KEY];
    dedup_band_keys(&a, k1);
    dedup_band_keys(&a2, k2);
    assert_memory_equal(k1, k2, sizeof k1);
    /* too short to compare */
    assert_int_equal(dedup_signature("a few words only", &c), -1);
    assert_int_equal(dedup_signature(NULL, &c), -1);
    nw_buf_cleanup(&orig);
    nw_buf_cleanup(&copy);
    nw_buf_cleanup(&other);
}

/* The band fingerprint lets a copy through and stops most unrelated texts
 * (the vocabulary is shared, so a band key can be too). */
static void test_band_fingerprint(void **state)
{
    (void)state;
    struct nw_buf orig = {0}, copy = {0};
    gen_text(&orig, 1, 300);
    nw_buf_append(&copy, orig.data, orig.len * 2 / 5); /* trimmed to 40%: J about 0.4 */
    struct record_sig a, b;
    assert_int_equal(dedup_signature(orig.data, &a), 0);
    assert_int_equal(dedup_signature(copy.data, &b), 0);
    unsigned char va[DEDUP_BAND_VALUE], vb[DEDUP_BAND_VALUE];
    dedup_band_value(42, &a, va);
    dedup_band_value(43, &b, vb);
    assert_int_equal(record_u64_from_key(va, 8), 42);
    assert_true(dedup_band_may_match(va, va));
    assert_true(dedup_band_may_match(vb, va));
    assert_true(dedup_band_may_match(va, vb));
    int passed = 0;
    for (unsigned seed = 100; seed < 600; seed++) {
        struct nw_buf other = {0};
        gen_text(&other, seed, 300);
        struct record_sig c;
        assert_int_equal(dedup_signature(other.data, &c), 0);
        unsigned char vc[DEDUP_BAND_VALUE];
        dedup_band_value(seed, &c, vc);
        passed += dedup_band_may_match(va, vc);
        nw_buf_cleanup(&other);
    }
    assert_true(passed < 25); /* expected ~4 of 500 */
    nw_buf_cleanup(&orig);
    nw_buf_cleanup(&copy);
}

/* Signatures are stored: the function must give what the stored
 * signatures of its version (RECORD_SIG_VERSION) have, bit for bit, or
 * copies of stored stories stop matching; a change needs a new version
 * and the store's migration (store/db.c, resign). A fixed
 * text of mixed scripts, case, digits and punctuation, short, long and
 * past the word limit, against the values the stored signatures have. */
static char *words_text(int n)
{
    static const char *v[] = {"the", "Minister", "said", "état", "Reuters", "2024", "über", "AFP", "on", "Tuesday,",
                              "election", "(AP)", "city's", "Νέα", "—", "police", "x", "Москва", "report", "and"};
    char *t = malloc((size_t)n * 16 + 1), *o = t;
    unsigned x = 12345;
    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        o += sprintf(o, "%s%s", i ? ((x >> 8) % 7 ? " " : ".\n") : "", v[(x >> 16) % 20]);
    }
    return t;
}

static void test_signature_stable(void **state)
{
    (void)state;
    const struct {
        int words;
        unsigned shingles;
        unsigned long long fold;
    } want[] = {{30, 29, 0x941d37e767fb3e96ull},
                {3000, 2400, 0x841a76f4ad3e13d8ull},
                {9000, 4767, 0x2f6c34b210a1738eull}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *t = words_text(want[i].words);
        struct record_sig s;
        assert_int_equal(dedup_signature(t, &s), 0);
        unsigned long long ck = 1469598103934665603ull;
        ck = (ck ^ s.shingles) * 1099511628211ull;
        for (int k = 0; k < RECORD_SIG_K; k++)
            ck = (ck ^ s.h[k]) * 1099511628211ull;
        assert_int_equal(s.shingles, want[i].shingles);
        assert_int_equal(ck, want[i].fold);
        free(t);
    }
}

/* Words are read sixteen bytes at a time (store/dedup.c): the signature
 * of any text is that of its words, lower-cased, one space apart, as a
 * byte-at-a-time reading finds them. Random texts of every byte value,
 * at every length and alignment, with words of 1 to 40 bytes (across
 * the 8-, 16- and 64-byte steps of the reading). */
static bool word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

static void test_signature_reading(void **state)
{
    (void)state;
    unsigned x = 777;
    for (int round = 0; round < 400; round++) {
        size_t len = 0, cap = 40 + (size_t)round * 9;
        unsigned char *t = malloc(cap + 64), *canon = malloc(cap + 64);
        while (len < cap) {
            x = x * 1103515245u + 12345u;
            int wl = (x >> 16) % 100 < 85 ? 1 + (int)((x >> 8) % 9) : 1 + (int)((x >> 8) % 40);
            for (int i = 0; i < wl && len < cap; i++) {
                x = x * 1103515245u + 12345u;
                unsigned char c;
                do {
                    x = x * 1103515245u + 12345u;
                    c = (unsigned char)(x >> 16);
                } while (!word_byte(c));
                t[len++] = c;
            }
            x = x * 1103515245u + 12345u;
            int gl = 1 + (int)((x >> 16) % 3);
            for (int i = 0; i < gl && len < cap; i++) {
                unsigned char c;
                do {
                    x = x * 1103515245u + 12345u;
                    c = (unsigned char)(x >> 16);
                } while (c == 0 || word_byte(c));
                t[len++] = c;
            }
        }
        t[len] = 0;
        size_t cl = 0;
        for (size_t i = 0; i < len; i++) {
            if (word_byte(t[i]))
                canon[cl++] = (unsigned char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
            else if (cl && canon[cl - 1] != ' ')
                canon[cl++] = ' ';
        }
        canon[cl] = 0;
        struct record_sig a, b;
        int ra = dedup_signature((const char *)t, &a), rb = dedup_signature((const char *)canon, &b);
        assert_int_equal(ra, rb);
        if (ra == 0) {
            assert_int_equal(a.shingles, b.shingles);
            assert_memory_equal(a.h, b.h, sizeof a.h);
        }
        free(t);
        free(canon);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_keys), cmocka_unit_test(test_content_hash),
                                       cmocka_unit_test(test_near), cmocka_unit_test(test_band_fingerprint),
                                       cmocka_unit_test(test_signature_stable),
                                       cmocka_unit_test(test_signature_reading)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

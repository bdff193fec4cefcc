#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../store/dedup.h"

static void test_keys(void **state)
{
    (void)state;
    json_t *a = json_pack("{s:s, s:s}", "url", "https://Ex.org/a?utm_source=x&id=2#frag", "guid", "g1");
    json_t *b = json_pack("{s:s, s:s}", "url", "https://ex.org/a?id=2&fbclid=abc", "guid", "other");
    char *ka = dedup_key(a, "f"), *kb = dedup_key(b, "f");
    assert_string_equal(ka, "https://ex.org/a?id=2");
    assert_string_equal(ka, kb); /* the same story under tracking junk */
    unsigned char ida[16], idb[16];
    char ha[33], hb[33];
    dedup_id(ka, ida, ha);
    dedup_id(kb, idb, hb);
    assert_memory_equal(ida, idb, 16);
    assert_int_equal(strlen(ha), 32);
    json_t *c = json_pack("{s:s}", "guid", "tag:x,2020:1");
    char *kc = dedup_key(c, "f");
    assert_string_equal(kc, "guid:tag:x,2020:1");
    json_t *d = json_pack("{s:s}", "title", "Only a title");
    char *kd = dedup_key(d, "http://feed/");
    assert_non_null(strstr(kd, "Only a title"));
    free(ka);
    free(kb);
    free(kc);
    free(kd);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    json_decref(d);
}

static void test_content_hash(void **state)
{
    (void)state;
    json_t *a = json_pack("{s:s, s:s}", "title", "T", "summary", "S");
    json_t *b = json_pack("{s:s, s:s, s:s}", "title", "T", "summary", "S", "guid", "ignored");
    json_t *c = json_pack("{s:s, s:s}", "title", "T2", "summary", "S");
    assert_true(dedup_content_hash(a) == dedup_content_hash(b));
    assert_true(dedup_content_hash(a) != dedup_content_hash(c));
    json_decref(a);
    json_decref(b);
    json_decref(c);
}

static void test_simhash(void **state)
{
    (void)state;
    const char *t1 = "Vladimir Putin called on the warring parties to stop hostilities in Nagorno-Karabakh for humanitarian "
                     "reasons and invited the Armenian and Azerbaijani foreign ministers to Moscow on October 9, the "
                     "Kremlin announced, according to Russian agencies, in a statement released on Thursday evening.";
    const char *t2 = "Vladimir Putin called on the warring parties to stop hostilities in Nagorno-Karabakh for humanitarian "
                     "reasons and invited the Armenian and Azerbaijani foreign ministers to Moscow on October 9, the "
                     "Kremlin announced, according to Russian agencies, in a statement released on Thursday night.";
    const char *t3 = "The central bank raised interest rates by half a point on Wednesday, its fourth increase this year, "
                     "as inflation stayed well above target and wage growth showed no sign of slowing in the services "
                     "sector, economists said after the announcement in the capital.";
    uint64_t h1 = dedup_simhash(t1), h2 = dedup_simhash(t2), h3 = dedup_simhash(t3);
    assert_true(h1 && h2 && h3);
    assert_true(dedup_distance(h1, h2) <= 6);
    assert_true(dedup_distance(h1, h3) > 12);
    assert_int_equal(dedup_simhash("too short to compare"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_keys), cmocka_unit_test(test_content_hash),
                                       cmocka_unit_test(test_simhash)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

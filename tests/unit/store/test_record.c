#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../store/record.h"

static void test_roundtrip_small_and_large(void **state)
{
    (void)state;
    json_t *small = json_pack("{s:s, s:i}", "title", "T", "rev", 1);
    size_t len;
    unsigned char *p = record_pack(small, &len);
    assert_int_equal(p[0], RECORD_VERSION);
    assert_int_equal(p[1], 0); /* small: plain */
    json_t *back = record_unpack(p, len);
    assert_true(json_equal(small, back));
    json_decref(back);
    free(p);
    char *text = malloc(20001);
    for (int i = 0; i < 20000; i++)
        text[i] = "lorem ipsum dolor "[i % 18];
    text[20000] = '\0';
    json_t *big = json_pack("{s:s, s:s}", "title", "\xc3\xa9t\xc3\xa9", "text", text);
    p = record_pack(big, &len);
    assert_int_equal(p[1], 1); /* compressed */
    assert_true(len < 4080);   /* stays off overflow pages */
    back = record_unpack(p, len);
    assert_true(json_equal(big, back));
    json_decref(back);
    /* a corrupted or unknown record is refused, not crashed on */
    p[0] = 99;
    assert_null(record_unpack(p, len));
    p[0] = RECORD_VERSION;
    assert_null(record_unpack(p, len / 2));
    assert_null(record_unpack(p, 1));
    free(p);
    free(text);
    json_decref(small);
    json_decref(big);
}

static void test_id_and_keys(void **state)
{
    (void)state;
    struct record_id in = {.seq = 1234567890123ull, .content_hash = 0xdeadbeefcafef00dull, .rev = 7}, out;
    unsigned char b[RECORD_ID_SIZE];
    record_id_pack(&in, b);
    assert_int_equal(record_id_unpack(b, sizeof b, &out), 0);
    assert_int_equal(out.seq, in.seq);
    assert_int_equal(out.content_hash, in.content_hash);
    assert_int_equal(out.rev, 7);
    assert_int_equal(record_id_unpack(b, sizeof b - 1, &out), -1);
    unsigned char k1[8], k2[8];
    record_u64_key(255, k1);
    record_u64_key(256, k2);
    assert_true(memcmp(k1, k2, 8) < 0); /* byte order is numeric order */
    assert_int_equal(record_u64_from_key(k2, 8), 256);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_roundtrip_small_and_large), cmocka_unit_test(test_id_and_keys)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

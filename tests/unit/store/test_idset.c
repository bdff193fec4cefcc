/* The writer's set of item ids (store/idset.c): what is added is found,
 * what an aborted transaction added is taken out and nothing else, and
 * so through the table's growth and long runs of colliding slots,
 * checked against a plain list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../store/idset.h"

static void id_of(uint64_t n, unsigned char id[16])
{
    /* ids are hashes: spread n over the first 8 bytes */
    uint64_t k = n * 0xD6E8FEB86659FD93ull;
    k ^= k >> 32;
    memcpy(id, &k, 8);
    memset(id + 8, 0xAB, 8);
}

static void test_add_keep_undo(void **state)
{
    (void)state;
    struct idset *s = idset_new();
    unsigned char id[16];
    for (uint64_t n = 0; n < 3000; n++) {
        id_of(n, id);
        assert_true(idset_add(s, id));
        assert_false(idset_add(s, id)); /* once */
    }
    idset_keep(s);
    /* the table grows (three times) while the transaction is open: its
     * entries are placed again, the kept ones among the others */
    for (uint64_t n = 3000; n < 40000; n++) {
        id_of(n, id);
        assert_true(idset_add(s, id));
    }
    id_of(7, id);
    assert_false(idset_add(s, id)); /* kept before: not added again, not taken out below */
    assert_int_equal(idset_count(s), 40000);
    idset_undo(s);
    assert_int_equal(idset_count(s), 3000);
    for (uint64_t n = 0; n < 40000; n++) {
        id_of(n, id);
        assert_int_equal(idset_has(s, id), n < 3000);
    }
    idset_free(s);
    /* an id whose first 8 bytes are 0 is an id like another */
    s = idset_new();
    memset(id, 0, 16);
    assert_false(idset_has(s, id));
    assert_true(idset_add(s, id));
    assert_true(idset_has(s, id));
    idset_undo(s);
    assert_false(idset_has(s, id));
    idset_free(s);
}

/* Keys that all want the same few slots (their first bytes differ only
 * where the slot is not taken from), added and taken back in random
 * rounds: after each round the set is exactly what was kept. */
static void test_random_rounds_against_a_list(void **state)
{
    (void)state;
    struct idset *s = idset_new();
    enum { MAXK = 20000 };
    static bool kept[MAXK];
    memset(kept, 0, sizeof kept);
    srand(20261203);
    for (int round = 0; round < 300; round++) {
        int adds = rand() % 200;
        bool commit = rand() % 3 != 0;
        static bool added[MAXK];
        memset(added, 0, sizeof added);
        for (int a = 0; a < adds; a++) {
            uint64_t n = (uint64_t)(rand() % MAXK);
            unsigned char id[16];
            /* half the keys share their high bits: long probe runs */
            if (n % 2)
                id_of(n, id);
            else {
                uint64_t k = n + 1; /* low bits only */
                memcpy(id, &k, 8);
                memset(id + 8, 0, 8);
            }
            bool fresh = idset_add(s, id);
            assert_int_equal(fresh, !kept[n] && !added[n]);
            added[n] = true;
        }
        if (commit) {
            idset_keep(s);
            for (int n = 0; n < MAXK; n++)
                kept[n] |= added[n];
        } else {
            idset_undo(s);
        }
        size_t want = 0;
        for (int n = 0; n < MAXK; n++) {
            unsigned char id[16];
            if (n % 2)
                id_of((uint64_t)n, id);
            else {
                uint64_t k = (uint64_t)n + 1;
                memcpy(id, &k, 8);
                memset(id + 8, 0, 8);
            }
            assert_int_equal(idset_has(s, id), kept[n]);
            want += kept[n];
        }
        assert_int_equal(idset_count(s), want);
    }
    idset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_add_keep_undo),
                                       cmocka_unit_test(test_random_rounds_against_a_list)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

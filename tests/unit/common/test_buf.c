#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../common/buf.h"

static void test_append_and_cap(void **state)
{
    (void)state;
    struct nw_buf b;
    nw_buf_init(&b, 10);
    assert_int_equal(nw_buf_puts(&b, "hello"), 0);
    assert_int_equal(nw_buf_printf(&b, "%d", 1234), 0);
    assert_string_equal(b.data, "hello1234");
    assert_int_equal(nw_buf_puts(&b, "xy"), -1); /* 11 > cap: refused, unchanged */
    assert_string_equal(b.data, "hello1234");
    assert_int_equal(nw_buf_putc(&b, '!'), 0);
    assert_int_equal(b.len, 10);
    char *s = nw_buf_steal(&b);
    assert_string_equal(s, "hello1234!");
    assert_null(b.data);
    free(s);
    nw_buf_cleanup(&b);
}

static void test_growth(void **state)
{
    (void)state;
    struct nw_buf b = {0};
    for (int i = 0; i < 10000; i++)
        assert_int_equal(nw_buf_putc(&b, (char)('a' + i % 26)), 0);
    assert_int_equal(b.len, 10000);
    assert_int_equal(b.data[9999], 'a' + 9999 % 26);
    assert_int_equal(b.data[10000], '\0');
    nw_buf_reset(&b);
    assert_int_equal(b.len, 0);
    nw_buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_append_and_cap), cmocka_unit_test(test_growth)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

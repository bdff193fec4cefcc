#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>
#include <unistd.h>

#include "../../../common/buf.h"
#include "../../../common/jsonx.h"

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

static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/nw-test-buf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char data[100000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)('a' + i % 26);
    assert_int_equal(write(fd, data, sizeof data), (ssize_t)sizeof data);
    close(fd);
    struct nw_buf b;
    assert_int_equal(nw_buf_read_file(&b, path, 0), 0);
    assert_int_equal(b.len, sizeof data);
    assert_memory_equal(b.data, data, sizeof data);
    assert_int_equal(b.data[b.len], '\0');
    nw_buf_cleanup(&b);
    /* exactly at the cap is fine, one byte over is refused */
    assert_int_equal(nw_buf_read_file(&b, path, sizeof data), 0);
    assert_int_equal(b.len, sizeof data);
    nw_buf_cleanup(&b);
    errno = 0;
    assert_int_equal(nw_buf_read_file(&b, path, sizeof data - 1), -1);
    assert_int_equal(errno, EFBIG);
    nw_buf_cleanup(&b);
    unlink(path);
    assert_int_equal(nw_buf_read_file(&b, path, 0), -1);
    assert_int_equal(errno, ENOENT);
    nw_buf_cleanup(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t valid;
    } rows[] = {
        {"plain ASCII text, long enough for the wide path", 47},
        {"caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x93\xB0", 17},
        {"ab\xC3", 2},                /* cut short */
        {"ab\xC0\xAF", 2},            /* overlong '/' */
        {"ab\xE0\x80\xAF", 2},        /* overlong, three bytes */
        {"ab\xED\xA0\x80", 2},        /* a surrogate */
        {"ab\xF4\x90\x80\x80", 2},    /* above U+10FFFF */
        {"ab\xE2\x82", 2},            /* truncated */
        {"0123456789abcdef\xFF", 16}, /* after a wide ASCII step */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t n = strlen(rows[i].s);
        assert_int_equal(nw_utf8_valid_len(rows[i].s, n), rows[i].valid);
        assert_int_equal(nw_utf8_valid(rows[i].s, n), rows[i].valid == n);
    }
    /* the vectorised check against the reference, on strings made of
     * pieces at every edge of RFC 3629 (and NUL bytes, which are valid) */
    static const char *const pieces[] = {"a",
                                         "0123456789abcdef",
                                         "\xC2\x80",
                                         "\xDF\xBF",
                                         "\xC0\x80",
                                         "\xC1\xBF",
                                         "\xE0\xA0\x80",
                                         "\xE0\x9F\xBF",
                                         "\xED\x9F\xBF",
                                         "\xED\xA0\x80",
                                         "\xEF\xBF\xBF",
                                         "\xF0\x90\x80\x80",
                                         "\xF0\x8F\xBF\xBF",
                                         "\xF4\x8F\xBF\xBF",
                                         "\xF4\x90\x80\x80",
                                         "\xF5\x80\x80\x80",
                                         "\x80",
                                         "\xBF",
                                         "\xFE",
                                         "\xFF",
                                         "\xE2\x82",
                                         "\xF0\x9F\x93"};
    uint64_t rng = 88172645463325252u;
    char buf[512];
    for (int round = 0; round < 20000; round++) {
        size_t n = 0;
        for (int k = 0, m = (int)(rng % 40); k < m; k++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            const char *p = pieces[rng % (sizeof pieces / sizeof *pieces)];
            size_t l = strlen(p);
            bool nul = (rng >> 20) % 31 == 0;
            if (n + l + 1 >= sizeof buf)
                break;
            memcpy(buf + n, p, l);
            n += l;
            if (nul)
                buf[n++] = '\0';
        }
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        assert_int_equal(nw_utf8_valid(buf, n), nw_utf8_valid_len(buf, n) == n);
    }
}

/* Gzip (members one after another), zlib and raw deflate, a stream cut
 * short, the cap, and bytes that are no stream. */
static size_t deflated(const char *text, int wbits, unsigned char *out, size_t cap)
{
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)text;
    z.avail_in = (uInt)strlen(text);
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t n = cap - z.avail_out;
    deflateEnd(&z);
    return n;
}

/* XML escaping: &, < and > always, " in attribute values only; runs
 * between them as they are, at the start, the end and back to back. */
static void test_put_u64(void **state)
{
    (void)state;
    static const uint64_t v[] = {0, 7, 10, 99, 100, 1234567890, UINT64_MAX};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        struct nw_buf b = {0};
        char want[32];
        nw_buf_puts(&b, "n=");
        assert_int_equal(nw_buf_put_u64(&b, v[i]), 0);
        snprintf(want, sizeof want, "n=%llu", (unsigned long long)v[i]);
        assert_string_equal(b.data, want);
        nw_buf_cleanup(&b);
    }
}

static void test_put_xml(void **state)
{
    (void)state;
    static const struct {
        const char *in, *text, *attr;
    } rows[] = {
        {"", "", ""},
        {"plain words", "plain words", "plain words"},
        {"Tom & Jerry", "Tom &amp; Jerry", "Tom &amp; Jerry"},
        {"<b>\"q\"</b>", "&lt;b&gt;\"q\"&lt;/b&gt;", "&lt;b&gt;&quot;q&quot;&lt;/b&gt;"},
        {"&&<<>>", "&amp;&amp;&lt;&lt;&gt;&gt;", "&amp;&amp;&lt;&lt;&gt;&gt;"},
        {"caf\xC3\xA9 \"", "caf\xC3\xA9 \"", "caf\xC3\xA9 &quot;"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        for (int attr = 0; attr < 2; attr++) {
            struct nw_buf b = {0};
            nw_buf_puts(&b, "x");
            nw_buf_put_xml(&b, rows[i].in, attr);
            char want[64];
            snprintf(want, sizeof want, "x%s", attr ? rows[i].attr : rows[i].text);
            assert_int_equal(b.len, strlen(want));
            assert_memory_equal(b.data, want, b.len);
            nw_buf_cleanup(&b);
        }
    }
}

static void test_inflate(void **state)
{
    (void)state;
    unsigned char gz[512];
    size_t n = deflated("first member, ", 15 + 16, gz, sizeof gz);
    n += deflated("second member", 15 + 16, gz + n, sizeof gz - n);
    struct nw_buf b = {0};
    assert_int_equal(nw_buf_inflate(&b, gz, n, 15 + 16, 1 << 20), 0);
    assert_int_equal(b.len, strlen("first member, second member"));
    assert_memory_equal(b.data, "first member, second member", b.len);
    nw_buf_cleanup(&b);
    for (int wbits = 15; wbits >= -15; wbits -= 30) {
        n = deflated("zlib or raw", wbits, gz, sizeof gz);
        assert_int_equal(nw_buf_inflate(&b, gz, n, wbits, 1 << 20), 0);
        assert_memory_equal(b.data, "zlib or raw", b.len);
        nw_buf_cleanup(&b);
    }
    n = deflated("a stream cut short keeps what came", 15 + 16, gz, sizeof gz);
    assert_int_equal(nw_buf_inflate(&b, gz, n - 12, 15 + 16, 1 << 20), 0);
    nw_buf_cleanup(&b);
    assert_int_equal(nw_buf_inflate(&b, gz, n, 15 + 16, 4), -1); /* over the cap */
    nw_buf_cleanup(&b);
    assert_int_equal(nw_buf_inflate(&b, "\x1f\x8bnot gzip at all", 18, 15 + 16, 1 << 20), -1);
    nw_buf_cleanup(&b);
}

/* zstd: frames one after another (a skippable one skipped), a stream cut
 * short gives what came, the cap holds, bytes that are not zstd fail. */
static void test_unzstd(void **state)
{
    (void)state;
    char text[5000];
    for (size_t i = 0; i < sizeof text - 1; i++)
        text[i] = (char)('a' + (i * 5 + i / 7) % 26);
    text[sizeof text - 1] = '\0';
    static unsigned char z[16384];
    size_t n = ZSTD_compress(z, sizeof z, text, 2500, 3);
    assert_false(ZSTD_isError(n));
    static const unsigned char skip[] = {0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 'x', 'y', 'z'};
    memcpy(z + n, skip, sizeof skip);
    n += sizeof skip;
    size_t m = ZSTD_compress(z + n, sizeof z - n, text + 2500, strlen(text) - 2500, 3);
    assert_false(ZSTD_isError(m));
    n += m;
    assert_true(nw_zstd_magic(z, n));
    assert_false(nw_zstd_magic("\x1f\x8b\x08\x00", 4));
    struct nw_buf b = {0};
    assert_int_equal(nw_buf_unzstd(&b, z, n, 1 << 20), 0);
    assert_string_equal(b.data, text);
    nw_buf_cleanup(&b);
    assert_int_equal(nw_buf_unzstd(&b, z, n - m / 2, 1 << 20), 0);
    assert_true(b.len >= 2500 && b.len < strlen(text));
    assert_memory_equal(b.data, text, b.len);
    nw_buf_cleanup(&b);
    assert_int_equal(nw_buf_unzstd(&b, z, n, 100), -1); /* over the cap */
    nw_buf_cleanup(&b);
    assert_int_equal(nw_buf_unzstd(&b, "\x28\xb5\x2f\xfdnot zstd", 12, 1 << 20), -1);
    nw_buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_append_and_cap), cmocka_unit_test(test_growth),
                                       cmocka_unit_test(test_read_file),      cmocka_unit_test(test_utf8),
                                       cmocka_unit_test(test_put_u64),        cmocka_unit_test(test_put_xml),
                                       cmocka_unit_test(test_inflate),        cmocka_unit_test(test_unzstd)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

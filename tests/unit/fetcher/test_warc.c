#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>

#include "../../../common/buf.h"
#include "../../../fetcher/warc.h"

static const char *REC1 = "WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 12\r\n\r\nsoftware: t\n\r\n\r\n";

static char *record(const char *type, const char *uri, const char *block)
{
    static char out[4096];
    snprintf(out, sizeof out, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nContent-Length: %zu\r\n\r\n%s\r\n\r\n",
             type, uri, strlen(block), block);
    return out;
}

static void gz_member(FILE *f, const char *data)
{
    z_stream z = {0};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    unsigned char out[8192];
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)strlen(data);
    z.next_out = out;
    z.avail_out = sizeof out;
    deflate(&z, Z_FINISH);
    fwrite(out, 1, sizeof out - z.avail_out, f);
    deflateEnd(&z);
}

static const char *HTTP = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

static void write_file(const char *path, bool gz, bool bad)
{
    FILE *f = fopen(path, "wb");
    const char *recs[4];
    char r2[4096], r3[4096];
    snprintf(r2, sizeof r2, "%s", record("response", "<http://a.example/x>", HTTP));
    snprintf(r3, sizeof r3, "%s", record("resource", "http://a.example/y.txt", "plain text"));
    recs[0] = REC1;
    recs[1] = bad ? "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: -3\r\n\r\n\r\n\r\n" : r2;
    recs[2] = r3;
    recs[3] = NULL;
    for (int i = 0; recs[i]; i++) {
        if (gz)
            gz_member(f, recs[i]);
        else
            fputs(recs[i], f);
    }
    fclose(f);
}

static void read_all(bool gz)
{
    char path[] = "/tmp/nw-warc-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    write_file(path, gz, false);
    struct warc_reader *r;
    struct nw_err err = {0};
    assert_int_equal(warc_open(&r, path, 1 << 20, &err), 0);
    struct warc_record rec;
    assert_int_equal(warc_next(r, &rec, &err), 1);
    assert_string_equal(rec.type, "warcinfo");
    assert_int_equal(rec.offset, 0);
    assert_true(rec.seekable);
    warc_record_cleanup(&rec);
    assert_int_equal(warc_next(r, &rec, &err), 1);
    assert_string_equal(rec.type, "response");
    assert_string_equal(rec.target_uri, "http://a.example/x"); /* <> of 1.0 writers dropped */
    assert_true(rec.seekable);
    uint64_t off = rec.offset;
    assert_true(off > 0);
    struct warc_http h;
    assert_int_equal(warc_http_parse(rec.block, rec.block_len, 1 << 20, &h, &err), 0);
    assert_int_equal(h.status, 200);
    assert_string_equal((char *)h.body, "hello world");
    assert_string_equal(h.content_type, "text/html");
    warc_http_cleanup(&h);
    warc_record_cleanup(&rec);
    assert_int_equal(warc_next(r, &rec, &err), 1);
    assert_string_equal(rec.type, "resource");
    assert_string_equal((char *)rec.block, "plain text");
    warc_record_cleanup(&rec);
    assert_int_equal(warc_next(r, &rec, &err), 0);
    warc_close(r);
    /* the second record again, from its offset */
    assert_int_equal(warc_read_at(path, off, 1 << 20, &rec, &err), 1);
    assert_string_equal(rec.type, "response");
    warc_record_cleanup(&rec);
    unlink(path);
}

static void test_plain(void **state)
{
    (void)state;
    read_all(false);
}

static void test_gzip_members(void **state)
{
    (void)state;
    read_all(true);
}

static void test_malformed_skipped(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        char path[] = "/tmp/nw-warc-XXXXXX";
        int fd = mkstemp(path);
        close(fd);
        write_file(path, gz, true);
        struct warc_reader *r;
        struct nw_err err = {0};
        assert_int_equal(warc_open(&r, path, 1 << 20, &err), 0);
        struct warc_record rec;
        assert_int_equal(warc_next(r, &rec, &err), 1);
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), -1);
        assert_non_null(strstr(err.msg, "offset"));
        assert_non_null(strstr(err.msg, "Content-Length"));
        /* the rest of the file is read */
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_string_equal(rec.type, "resource");
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 0);
        warc_close(r);
        unlink(path);
    }
}

static void test_http_codings(void **state)
{
    (void)state;
    struct warc_http h;
    struct nw_err err = {0};
    const char *notes = "HTTP/1.0 404 Not Found\r\n\r\nno";
    assert_int_equal(warc_http_parse((const unsigned char *)notes, strlen(notes), 100, &h, &err), 0);
    assert_int_equal(h.status, 404);
    warc_http_cleanup(&h);
    const char *bad = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip at all";
    assert_int_equal(warc_http_parse((const unsigned char *)bad, strlen(bad), 100, &h, &err), -1);
    assert_non_null(strstr(err.msg, "gzip"));
    const char *odd = "HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\n\r\nxx";
    assert_int_equal(warc_http_parse((const unsigned char *)odd, strlen(odd), 100, &h, &err), -1);
    assert_int_equal(warc_http_parse((const unsigned char *)"GET / HTTP/1.1\r\n\r\n", 18, 100, &h, &err), -1);
    const char *big = "HTTP/1.1 200 OK\r\n\r\n0123456789";
    assert_int_equal(warc_http_parse((const unsigned char *)big, strlen(big), 5, &h, &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_malformed_skipped),
        cmocka_unit_test(test_http_codings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

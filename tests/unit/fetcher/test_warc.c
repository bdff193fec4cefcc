#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>

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

/* data as one gzip member at the given level into out (cap bytes);
 * returns its size. */
static size_t gz_memory(const void *data, size_t len, int level, unsigned char *out, size_t cap)
{
    z_stream z = {0};
    deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t n = cap - z.avail_out;
    deflateEnd(&z);
    return n;
}

/* Flips bits (mask) of the file's bytes from `from` to `to`, one every
 * `step`. */
static void damage(const char *path, long from, long to, long step, int mask)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    for (long at = from; at < to; at += step) {
        fseek(f, at, SEEK_SET);
        int c = fgetc(f);
        fseek(f, at, SEEK_SET);
        fputc(c ^ mask, f);
    }
    fclose(f);
}

/* len bytes of data as one gzip member appended to f. */
static void gz_bytes(FILE *f, const void *data, size_t len)
{
    size_t cap = compressBound((uLong)len) + 64;
    unsigned char *out = malloc(cap);
    fwrite(out, 1, gz_memory(data, len, 6, out, cap), f);
    free(out);
}

static void gz_member(FILE *f, const char *data)
{
    gz_bytes(f, data, strlen(data));
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

/* Makes path (a mkstemp template) the name of a new empty file. */
static void temp_path(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

/* A reader of path, which opens. */
static struct warc_reader *open_reader(const char *path)
{
    struct warc_reader *r;
    struct nw_err err = {0};
    assert_int_equal(warc_open(&r, path, 1 << 20, &err), 0);
    return r;
}

static void read_all(bool gz)
{
    char path[] = "/tmp/nw-warc-XXXXXX";
    temp_path(path);
    write_file(path, gz, false);
    struct warc_reader *r = open_reader(path);
    struct nw_err err = {0};
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

/* A resource record whose Content-Length says len + delta bytes. */
static void record_off_by(struct nw_buf *b, const char *uri, const char *block, long delta)
{
    nw_buf_printf(b, "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: %s\r\nContent-Length: %ld\r\n\r\n%s\r\n\r\n",
                  uri, (long)strlen(block) + delta, block);
}

/* Blocks whose Content-Length is wrong, as some writers give it (counted
 * in characters, not bytes: too small): a record that is a gzip member of
 * its own ends with its member, either way; in a plain file or one gzip
 * member for the whole file, a block announced short runs to the next
 * record's start (or the file's end), one announced long ends where the
 * next record starts, and that record is read whole after it: from the
 * buffer, or (a block larger than the buffer, in a plain file) from its
 * offset. Every record is read whole, with no error. */
static void test_wrong_lengths(void **state)
{
    (void)state;
    char *big = malloc(200001);
    assert_non_null(big);
    for (int i = 0; i < 200000; i++)
        big[i] = "long block "[i % 11];
    big[200000] = '\0';
    const char *blocks[] = {"première ligne, déjà écrite à l’envers", "second block, announced right",
                            "третий блок: длина в символах", NULL, "last block, ünïcödé"};
    const long delta[] = {-10, 0, -25, 30, -6};
    /* plain, gzip per record, one gzip member; plain with the long block
     * larger than the reader's buffer */
    for (int layout = 0; layout < 4; layout++) {
        blocks[3] = layout == 3 ? big : "fourth block, announced long";
        char path[] = "/tmp/nw-warc-XXXXXX";
        temp_path(path);
        FILE *f = fopen(path, "wb");
        struct nw_buf all = {0};
        for (int i = 0; i < 5; i++) {
            struct nw_buf one = {0};
            char uri[64];
            snprintf(uri, sizeof uri, "http://a.example/%d", i);
            record_off_by(&one, uri, blocks[i], delta[i]);
            if (layout == 1)
                gz_bytes(f, one.data, one.len);
            else
                nw_buf_append(&all, one.data, one.len);
            nw_buf_cleanup(&one);
        }
        if (layout == 0 || layout == 3)
            fwrite(all.data, 1, all.len, f);
        else if (layout == 2)
            gz_bytes(f, all.data, all.len);
        fclose(f);
        nw_buf_cleanup(&all);
        struct warc_reader *r = open_reader(path);
        struct nw_err err = {0};
        struct warc_record rec;
        int rc, got[5] = {0}, errors = 0;
        for (int n = 0; n < 20 && (rc = warc_next(r, &rec, &err)) != 0; n++) {
            if (rc < 0) {
                errors++;
                continue;
            }
            int i = atoi(rec.target_uri + strlen("http://a.example/"));
            assert_string_equal((char *)rec.block, blocks[i]);
            got[i]++;
            warc_record_cleanup(&rec);
        }
        warc_close(r);
        unlink(path);
        assert_int_equal(errors, 0);
        for (int i = 0; i < 5; i++)
            assert_int_equal(got[i], 1);
    }
    free(big);
}

/* ARC files (the Internet Archive's format before WARC; version 1's five
 * fields and version 2's ten), plain and a gzip member per record: the
 * file's own record is a warcinfo, an http record a response (its block
 * the HTTP response), another a resource of its type; dates read; a
 * record read again from its offset is still read as ARC. */
static void test_arc_files(void **state)
{
    (void)state;
    const char *http = "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>1999</p></html>";
    const char *desc = "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n\n";
    const char *dns = "19990101120000\nnews.example. 600 IN A 192.0.2.1\n";
    for (int layout = 0; layout < 2; layout++) {
        char path[] = "/tmp/nw-warc-XXXXXX";
        temp_path(path);
        FILE *f = fopen(path, "wb");
        const char *urls[] = {"filedesc://IA-TEST.arc", "dns:news.example", "http://news.example/a.html"};
        const char *types[] = {"text/plain", "text/dns", "text/html"};
        const char *blocks[] = {desc, dns, http};
        for (int i = 0; i < 3; i++) {
            struct nw_buf one = {0};
            if (layout == 0)
                nw_buf_printf(&one, "%s 192.0.2.1 19990102030405 %s %zu\n%s\n", urls[i], types[i], strlen(blocks[i]),
                              blocks[i]);
            else
                nw_buf_printf(&one, "%s 192.0.2.1 19990102030405 %s 200 - - 0 IA-TEST.arc %zu\n%s\n", urls[i], types[i],
                              strlen(blocks[i]), blocks[i]);
            if (layout == 1)
                gz_bytes(f, one.data, one.len);
            else
                fwrite(one.data, 1, one.len, f);
            nw_buf_cleanup(&one);
        }
        fclose(f);
        struct warc_reader *r = open_reader(path);
        struct nw_err err = {0};
        struct warc_record rec;
        const char *want[] = {"warcinfo", "resource", "response"};
        uint64_t off = 0;
        for (int i = 0; i < 3; i++) {
            assert_int_equal(warc_next(r, &rec, &err), 1);
            assert_string_equal(rec.type, want[i]);
            assert_string_equal(rec.target_uri, urls[i]);
            assert_string_equal((char *)rec.block, blocks[i]);
            assert_int_equal(rec.date, 915246245); /* 1999-01-02T03:04:05Z */
            assert_true(rec.seekable);
            if (i == 2) {
                assert_string_equal(rec.content_type, "application/http; msgtype=response");
                off = rec.offset;
            }
            warc_record_cleanup(&rec);
        }
        assert_int_equal(warc_next(r, &rec, &err), 0);
        warc_close(r);
        assert_int_equal(warc_read_at(path, off, 1 << 20, &rec, &err), 1);
        assert_string_equal(rec.type, "response");
        assert_string_equal((char *)rec.block, http);
        warc_record_cleanup(&rec);
        unlink(path);
    }
    /* in a WARC file, a line of that shape is no record */
    char path[] = "/tmp/nw-warc-XXXXXX";
    temp_path(path);
    FILE *f = fopen(path, "wb");
    fputs(REC1, f);
    fputs("http://news.example/a.html 192.0.2.1 19990102030405 text/html 4\nxxxx\n", f);
    fclose(f);
    struct warc_reader *r = open_reader(path);
    struct nw_err err = {0};
    struct warc_record rec;
    assert_int_equal(warc_next(r, &rec, &err), 1);
    warc_record_cleanup(&rec);
    assert_int_equal(warc_next(r, &rec, &err), -1);
    warc_close(r);
    unlink(path);
}

/* Records of the drafts before ISO 28500 (WARC/0.17, WARC/0.18: Heritrix
 * 1, early crawls of the Internet Archive) are read as 1.0's are; a file
 * that starts with one is a WARC file; other versions are no record. */
static void test_draft_versions(void **state)
{
    (void)state;
    assert_true(warc_magic("WARC/0.17\r\n", 11));
    assert_true(warc_magic("WARC/0.18\r\n", 11));
    assert_true(warc_magic("WARC/1.0\r\n", 10));
    assert_false(warc_magic("WARC/0.9 123 response", 21));
    assert_false(warc_magic("WARC/0.1", 8));
    char path[] = "/tmp/nw-warc-XXXXXX";
    temp_path(path);
    FILE *f = fopen(path, "wb");
    const char *versions[] = {"0.17", "0.18", "1.0"};
    for (int i = 0; i < 3; i++) {
        char body[64];
        snprintf(body, sizeof body, "text %d", i);
        fprintf(f,
                "WARC/%s\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/%d\r\n"
                "Content-Length: %zu\r\n\r\n%s\r\n\r\n",
                versions[i], i, strlen(body), body);
    }
    fputs("WARC/0.9\r\nWARC-Type: resource\r\nContent-Length: 1\r\n\r\nx\r\n\r\n", f);
    fclose(f);
    struct warc_reader *r = open_reader(path);
    struct nw_err err = {0};
    struct warc_record rec;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(warc_next(r, &rec, &err), 1);
        char want[64];
        snprintf(want, sizeof want, "text %d", i);
        assert_string_equal((char *)rec.block, want);
        warc_record_cleanup(&rec);
    }
    assert_int_equal(warc_next(r, &rec, &err), -1);
    assert_non_null(strstr(err.msg, "not a WARC record"));
    warc_close(r);
    unlink(path);
}

/* One zstd frame holding data (with dictionary dict of dlen bytes if any)
 * appended to f. */
static void zst_frame_to(FILE *f, const void *data, size_t len, const void *dict, size_t dlen)
{
    size_t cap = ZSTD_compressBound(len);
    void *out = malloc(cap);
    ZSTD_CCtx *c = ZSTD_createCCtx();
    size_t n = dict ? ZSTD_compress_usingDict(c, out, cap, data, len, dict, dlen, 3)
                    : ZSTD_compressCCtx(c, out, cap, data, len, 3);
    assert_false(ZSTD_isError(n));
    fwrite(out, 1, n, f);
    ZSTD_freeCCtx(c);
    free(out);
}

/* .warc.zst as the IIPC proposes it and ArchiveTeam writes it: a frame per
 * record, after a skippable frame holding the frames' dictionary (stored
 * as it is or itself compressed) or with none. Each record's offset is its
 * frame's, read again from there; a damaged frame is reported and the
 * records after it read; the file is told a WARC one by its content. */
static void test_zstd_frames(void **state)
{
    (void)state;
    struct nw_buf dict = {0};
    for (int i = 0; i < 40; i++)
        nw_buf_printf(&dict, "%s", record("resource", "http://a.example/dictionary-sample", "sample payload text"));
    for (int mode = 0; mode < 3; mode++) { /* no dictionary, stored, compressed */
        char path[] = "/tmp/nw-warc-XXXXXX";
        temp_path(path);
        FILE *f = fopen(path, "wb");
        const void *d = mode ? dict.data : NULL;
        size_t dl = mode ? dict.len : 0;
        if (mode) {
            struct nw_buf frame = {0};
            if (mode == 2) {
                size_t cap = ZSTD_compressBound(dict.len);
                char *c = nw_buf_room(&frame, cap);
                size_t n = ZSTD_compress(c, cap, dict.data, dict.len, 3);
                assert_false(ZSTD_isError(n));
                nw_buf_wrote(&frame, n);
            } else {
                nw_buf_append(&frame, dict.data, dict.len);
            }
            unsigned char head[8] = {0x5D,
                                     0x2A,
                                     0x4D,
                                     0x18,
                                     (unsigned char)frame.len,
                                     (unsigned char)(frame.len >> 8),
                                     (unsigned char)(frame.len >> 16),
                                     (unsigned char)(frame.len >> 24)};
            fwrite(head, 1, 8, f);
            fwrite(frame.data, 1, frame.len, f);
            nw_buf_cleanup(&frame);
        }
        zst_frame_to(f, REC1, strlen(REC1), d, dl);
        char r2[4096];
        snprintf(r2, sizeof r2, "%s", record("response", "http://a.example/x", HTTP));
        zst_frame_to(f, r2, strlen(r2), d, dl);
        long bad_at = ftell(f);
        char r3[4096];
        snprintf(r3, sizeof r3, "%s", record("resource", "http://a.example/damaged", "this frame is damaged"));
        zst_frame_to(f, r3, strlen(r3), d, dl);
        long bad_end = ftell(f);
        const char *r4 = record("resource", "http://a.example/y.txt", "plain text");
        zst_frame_to(f, r4, strlen(r4), d, dl);
        fclose(f);
        damage(path, bad_at + 8, bad_end - 2, 5, 0xA5); /* the third frame past its header */
        assert_true(warc_zst_file(path));
        struct warc_reader *r = open_reader(path);
        struct nw_err err = {0};
        struct warc_record rec;
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_string_equal(rec.type, "warcinfo");
        assert_true(rec.seekable);
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_string_equal(rec.target_uri, "http://a.example/x");
        assert_true(rec.seekable);
        uint64_t off = rec.offset;
        struct warc_http h;
        assert_int_equal(warc_http_parse(rec.block, rec.block_len, 1 << 20, &h, &err), 0);
        assert_string_equal((char *)h.body, "hello world");
        warc_http_cleanup(&h);
        warc_record_cleanup(&rec);
        int rc, errors = 0;
        while ((rc = warc_next(r, &rec, &err)) == -1 && errors < 5)
            errors++;
        assert_true(errors >= 1 && errors <= 2);
        assert_int_equal(rc, 1);
        assert_string_equal(rec.target_uri, "http://a.example/y.txt");
        assert_string_equal((char *)rec.block, "plain text");
        uint64_t off4 = rec.offset;
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 0);
        warc_close(r);
        /* again from their offsets, the dictionary read from the start */
        assert_int_equal(warc_read_at(path, off, 1 << 20, &rec, &err), 1);
        assert_string_equal(rec.target_uri, "http://a.example/x");
        warc_record_cleanup(&rec);
        assert_int_equal(warc_read_at(path, off4, 1 << 20, &rec, &err), 1);
        assert_string_equal((char *)rec.block, "plain text");
        warc_record_cleanup(&rec);
        unlink(path);
    }
    nw_buf_cleanup(&dict);
    /* a zstd file that is no WARC one */
    char path[] = "/tmp/nw-warc-XXXXXX";
    temp_path(path);
    FILE *f = fopen(path, "wb");
    zst_frame_to(f, "<rss><channel></channel></rss>", 30, NULL, 0);
    fclose(f);
    assert_false(warc_zst_file(path));
    unlink(path);
}

/* A block that lies whole in the reader's buffer is lent, not copied, and
 * a payload with nothing to decode is the block's end: both NUL-terminated
 * and holding until the reader's next call. A block with no end after it
 * (the file stops there), one read again by offset, and a payload that is
 * decoded are copies. */
static void test_blocks_lent(void **state)
{
    (void)state;
    static const char *PLAIN_HTTP = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>page</p>";
    for (int gz = 0; gz < 2; gz++) {
        char path[] = "/tmp/nw-warc-XXXXXX";
        temp_path(path);
        FILE *f = fopen(path, "wb");
        char r1[4096], r2[4096];
        snprintf(r1, sizeof r1, "%s", record("response", "http://a.example/p", PLAIN_HTTP));
        snprintf(r2, sizeof r2, "%s", record("response", "http://a.example/x", HTTP));
        /* the last record without its CRLF CRLF */
        const char *last = "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 4\r\n\r\ntail";
        const char *recs[] = {r1, r2, last};
        for (int i = 0; i < 3; i++) {
            if (gz)
                gz_member(f, recs[i]);
            else
                fputs(recs[i], f);
        }
        fclose(f);
        struct warc_reader *r = open_reader(path);
        struct nw_err err = {0};
        struct warc_record rec;
        struct warc_http h;
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_true(rec.block_borrowed);
        assert_int_equal(rec.block[rec.block_len], '\0');
        assert_int_equal(warc_http_parse(rec.block, rec.block_len, 1 << 20, &h, &err), 0);
        assert_true(h.body_borrowed);
        assert_string_equal((char *)h.body, "<p>page</p>");
        warc_http_cleanup(&h);
        uint64_t off = rec.offset;
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_true(rec.block_borrowed);
        assert_int_equal(warc_http_parse(rec.block, rec.block_len, 1 << 20, &h, &err), 0);
        assert_false(h.body_borrowed); /* chunked: decoded into a copy */
        assert_string_equal((char *)h.body, "hello world");
        warc_http_cleanup(&h);
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_false(rec.block_borrowed);
        assert_string_equal((char *)rec.block, "tail");
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 0);
        warc_close(r);
        assert_int_equal(warc_read_at(path, off, 1 << 20, &rec, &err), 1);
        assert_false(rec.block_borrowed);
        assert_int_equal(rec.block[rec.block_len], '\0');
        assert_non_null(strstr((char *)rec.block, "<p>page</p>"));
        warc_record_cleanup(&rec);
        unlink(path);
    }
}

/* A reader of path that has read its first record. */
static struct warc_reader *open_past_first(const char *path)
{
    struct warc_reader *r = open_reader(path);
    struct nw_err err = {0};
    struct warc_record rec;
    assert_int_equal(warc_next(r, &rec, &err), 1);
    warc_record_cleanup(&rec);
    return r;
}

static void test_malformed_skipped(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        char path[] = "/tmp/nw-warc-XXXXXX";
        temp_path(path);
        write_file(path, gz, true);
        struct warc_reader *r = open_past_first(path);
        struct nw_err err = {0};
        struct warc_record rec;
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

/* A record of more header lines than a record has is reported as such,
 * and the next record is read. */
static void test_too_many_header_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/nw-warc-XXXXXX";
    temp_path(path);
    FILE *f = fopen(path, "wb");
    fputs("WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: http://x.example/a\r\n", f);
    for (int i = 0; i < 1000; i++)
        fprintf(f, "X-Header-%d: v\r\n", i);
    fputs("Content-Length: 2\r\n\r\nab\r\n\r\n", f);
    fputs("WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: http://x.example/b\r\nContent-Length: 2\r\n\r\n"
          "cd\r\n\r\n",
          f);
    fclose(f);
    struct warc_reader *r = NULL;
    struct nw_err err = {0};
    assert_int_equal(warc_open(&r, path, 1 << 20, &err), 0);
    struct warc_record rec;
    assert_int_equal(warc_next(r, &rec, &err), -1);
    assert_non_null(strstr(err.msg, "offset 0: more than 512 record header lines"));
    assert_int_equal(warc_next(r, &rec, &err), 1);
    assert_string_equal(rec.target_uri, "http://x.example/b");
    warc_record_cleanup(&rec);
    warc_close(r);
    unlink(path);
}

/* gzip of len bytes, one member, appended to f. */

/* A resource record of n bytes made by fill(i). */
static void big_record(struct nw_buf *b, const char *uri, size_t n, int kind)
{
    char head[256];
    snprintf(head, sizeof head, "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: %s\r\nContent-Length: %zu\r\n\r\n",
             uri, n);
    nw_buf_puts(b, head);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        nw_buf_putc(b, kind ? (char)('a' + (x >> 24) % 26) : 'z'); /* kind 1: hardly compressible */
    }
    nw_buf_puts(b, "\r\n\r\n");
}

/* Members of every size the reader meets: small ones, one whose
 * compressed bytes outgrow the first buffer, one whose content is over
 * what is inflated whole (streamed instead), a member of several records
 * (a whole-file gzip), and a last member cut short. */
static void test_member_sizes(void **state)
{
    (void)state;
    struct nw_buf recs[4] = {{0}};
    nw_buf_puts(&recs[0], REC1);
    big_record(&recs[1], "http://a.example/random", 3u << 20, 1);
    big_record(&recs[2], "http://a.example/zeros", 20u << 20, 0);
    nw_buf_puts(&recs[3], record("resource", "http://a.example/last", "the end"));
    const size_t lens[4] = {12, 3u << 20, 20u << 20, 7};
    for (int layout = 0; layout < 3; layout++) {
        char path[] = "/tmp/nw-warc-XXXXXX";
        temp_path(path);
        FILE *f = fopen(path, "wb");
        if (layout == 1) {
            struct nw_buf all = {0};
            for (int i = 0; i < 4; i++)
                nw_buf_append(&all, recs[i].data, recs[i].len);
            gz_bytes(f, all.data, all.len);
            nw_buf_cleanup(&all);
        } else {
            for (int i = 0; i < 4; i++)
                gz_bytes(f, recs[i].data, recs[i].len);
        }
        long size = ftell(f);
        fclose(f);
        if (layout == 2)
            assert_int_equal(truncate(path, size - 20), 0); /* the last member cut in its data */
        struct warc_reader *r;
        struct nw_err err = {0};
        assert_int_equal(warc_open(&r, path, 64u << 20, &err), 0);
        uint64_t offs[4] = {0};
        int n = 0, rc;
        struct warc_record rec;
        while ((rc = warc_next(r, &rec, &err)) == 1 && n < 4) {
            assert_int_equal(rec.block_len, lens[n]);
            assert_true(rec.seekable == (layout != 1 || n == 0));
            offs[n] = rec.offset;
            if (n == 1)
                assert_memory_equal(rec.block, recs[1].data + recs[1].len - 4 - lens[1], lens[1]);
            warc_record_cleanup(&rec);
            n++;
        }
        if (rc == 1)
            warc_record_cleanup(&rec);
        warc_close(r);
        assert_int_equal(n, layout == 2 ? 3 : 4);
        if (layout == 0)
            for (int i = 1; i < 4; i++) {
                assert_int_equal(warc_read_at(path, offs[i], 64u << 20, &rec, &err), 1);
                assert_int_equal(rec.block_len, lens[i]);
                warc_record_cleanup(&rec);
            }
        unlink(path);
    }
    for (int i = 0; i < 4; i++)
        nw_buf_cleanup(&recs[i]);
}

/* A member that does not inflate between good ones: reported once or
 * twice (the record, the gzip data), then the record after it is read. */
static void test_corrupt_member(void **state)
{
    (void)state;
    char path[] = "/tmp/nw-warc-XXXXXX";
    temp_path(path);
    FILE *f = fopen(path, "wb");
    gz_bytes(f, REC1, strlen(REC1));
    long start = ftell(f);
    struct nw_buf mid = {0};
    big_record(&mid, "http://a.example/broken", 5000, 1);
    gz_bytes(f, mid.data, mid.len);
    long end = ftell(f);
    const char *last = record("resource", "http://a.example/after", "still read");
    gz_bytes(f, last, strlen(last));
    fclose(f);
    nw_buf_cleanup(&mid);
    damage(path, start + 20, end - 20, 97, 0x55); /* the middle member's deflate data */
    struct warc_reader *r = open_past_first(path);
    struct nw_err err = {0};
    struct warc_record rec;
    int errors = 0, rc;
    while ((rc = warc_next(r, &rec, &err)) == -1 && errors < 5)
        errors++;
    assert_true(errors >= 1 && errors <= 2);
    assert_int_equal(rc, 1);
    assert_string_equal(rec.target_uri, "http://a.example/after");
    warc_record_cleanup(&rec);
    assert_int_equal(warc_next(r, &rec, &err), 0);
    warc_close(r);
    unlink(path);
}

/* Files of a folder whose names end with `suffix`; the last one's path
 * in `last`. */
static int files_ending(const char *dir, const char *suffix, char *last, size_t cap)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name), sl = strlen(suffix);
        if (l > sl && !strcmp(e->d_name + l - sl, suffix)) {
            n++;
            snprintf(last, cap, "%s/%s", dir, e->d_name);
        }
    }
    closedir(d);
    return n;
}

/* The disk fills up under the writer: the exchange being written is cut
 * off and the file closed ending with its last whole record; writing
 * pauses (nothing is tried) for WARC_RETRY_MS, then goes on in a new
 * file once there is room again. */
static void test_writer_full_disk(void **state)
{
    (void)state;
    char dir[] = "/tmp/nw-warcw-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct warc_writer *w;
    struct nw_err err = {0};
    assert_int_equal(warc_writer_open(&w, dir, 1u << 30, 86400000, "test", &err), 0);
    unsigned char body[3000];
    uint32_t seed = 7;
    for (size_t i = 0; i < sizeof body; i++) /* bytes deflate cannot shrink */
        body[i] = (unsigned char)((seed = seed * 1103515245u + 12345u) >> 24);
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
    static const char req[] = "GET /x HTTP/1.1\r\nHost: a.example\r\n\r\n";
    struct warc_exchange x = {.url = "http://a.example/x", .ip = "127.0.0.1", .time_ms = 1700000000000,
                              .request = req, .request_len = strlen(req), .response_head = head,
                              .head_len = strlen(head), .body = (const char *)body, .body_len = sizeof body,
                              .status = 200};
    /* room for about 20 kB: a write past it fails (EFBIG), as on a full disk */
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 20000;
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    int written = 0, rc;
    while ((rc = warc_write_exchange(w, &x, &err)) == 0 && written < 100)
        written++;
    assert_int_equal(rc, -1);
    assert_true(written > 0);
    x.time_ms += 1000;
    assert_int_equal(warc_write_exchange(w, &x, &err), 1); /* paused */
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    char path[512];
    assert_int_equal(files_ending(dir, ".open", path, sizeof path), 0);
    assert_int_equal(files_ending(dir, ".warc.gz", path, sizeof path), 1);
    struct warc_reader *r;
    struct warc_record rec;
    assert_int_equal(warc_open(&r, path, 1 << 20, &err), 0);
    int records = 0;
    while ((rc = warc_next(r, &rec, &err)) == 1) {
        records++;
        warc_record_cleanup(&rec);
    }
    assert_int_equal(rc, 0); /* no torn record at the end */
    assert_int_equal(records, 1 + 2 * written);
    warc_close(r);
    /* room again, after the pause: a new file */
    x.time_ms += WARC_RETRY_MS;
    assert_int_equal(warc_write_exchange(w, &x, &err), 0);
    warc_writer_close(w);
    assert_int_equal(files_ending(dir, ".warc.gz", path, sizeof path), 2);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A feed polled without validators: the same payload again is a revisit
 * of profile identical-payload-digest naming the response archived whole
 * (its target, date, record id and payload digest), with the headers
 * alone; a changed payload is archived whole again, and its repeats then
 * name it; a URL or an exchange that does not ask for it is archived
 * whole every time. */
static void test_writer_same_payload(void **state)
{
    (void)state;
    char dir[] = "/tmp/nw-warcs-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct warc_writer *w;
    struct nw_err err = {0};
    assert_int_equal(warc_writer_open(&w, dir, 1u << 30, 86400000, "test", &err), 0);
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n";
    const char *bodies[] = {"<rss>one</rss>", "<rss>one</rss>", "<rss>two</rss>",
                            "<rss>two</rss>", "<rss>one</rss>", "<rss>one</rss>"};
    const char *urls[] = {"http://a.example/f", "http://a.example/f", "http://a.example/f",
                          "http://a.example/f", "http://a.example/g", "http://a.example/f"};
    for (int i = 0; i < 6; i++) {
        struct warc_exchange x = {.url = urls[i],
                                  .time_ms = 1700000000000 + i * 60000,
                                  .response_head = head,
                                  .head_len = strlen(head),
                                  .body = bodies[i],
                                  .body_len = strlen(bodies[i]),
                                  .status = 200,
                                  .same_payload_revisit = true};
        assert_int_equal(warc_write_exchange(w, &x, &err), 0);
    }
    /* not asked for: whole again; a payload cut at a limit says so
     * (WARC-Truncated), and the reader tells */
    struct warc_exchange x = {.url = urls[0],
                              .time_ms = 1700000400000,
                              .response_head = head,
                              .head_len = strlen(head),
                              .body = bodies[4],
                              .body_len = strlen(bodies[4]),
                              .status = 200,
                              .truncated = true};
    assert_int_equal(warc_write_exchange(w, &x, &err), 0);
    warc_writer_close(w);
    char path[512];
    assert_int_equal(files_ending(dir, ".warc.gz", path, sizeof path), 1);
    struct warc_reader *r;
    struct warc_record rec;
    assert_int_equal(warc_open(&r, path, 1 << 20, &err), 0);
    assert_int_equal(warc_next(r, &rec, &err), 1);
    assert_string_equal(rec.type, "warcinfo");
    warc_record_cleanup(&rec);
    /* f one (whole), f one (revisit of 1), f two (whole), f two (revisit of 3), g one (whole: another URL),
     * f one (whole: f's last was two), f one (whole: not asked for) */
    const char *want[] = {"response", "revisit", "response", "revisit", "response", "response", "response"};
    char ids[7][80], dates[7][32], digests[7][40];
    for (int i = 0; i < 7; i++) {
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_string_equal(rec.type, want[i]);
        assert_int_equal(rec.truncated, i == 6);
        assert_non_null(rec.payload_digest);
        snprintf(digests[i], sizeof digests[i], "%s", rec.payload_digest);
        struct warc_http h;
        assert_int_equal(warc_http_parse(rec.block, rec.block_len, 1 << 20, &h, &err), 0);
        assert_int_equal(h.status, 200);
        if (!strcmp(want[i], "response")) {
            assert_string_equal((const char *)h.body, i == 2 ? "<rss>two</rss>" : "<rss>one</rss>");
        } else {
            assert_int_equal(h.body_len, 0); /* the headers alone */
            assert_string_equal(rec.refers_to_uri, "http://a.example/f");
            assert_string_equal(digests[i], digests[i - 1]);
        }
        warc_http_cleanup(&h);
        warc_record_cleanup(&rec);
    }
    assert_int_equal(warc_next(r, &rec, &err), 0);
    warc_close(r);
    /* the revisits' headers name their originals: read the raw file */
    char cmd[700];
    snprintf(cmd, sizeof cmd, "zcat %s", path);
    FILE *z = popen(cmd, "r");
    assert_non_null(z);
    static char raw[1 << 16];
    size_t n = fread(raw, 1, sizeof raw - 1, z);
    raw[n] = 0;
    pclose(z);
    int k = -1;
    for (const char *p = raw; (p = strstr(p, "WARC-Type: ")); p++) {
        if (!strncmp(p + 11, "warcinfo", 8))
            continue;
        k++;
        const char *id = strstr(p, "WARC-Record-ID: "), *date = strstr(p, "WARC-Date: ");
        sscanf(id + 16, "%79s", ids[k]);
        sscanf(date + 11, "%31s", dates[k]);
        if (!strncmp(p + 11, "revisit", 7)) {
            const char *end = strstr(p, "\r\n\r\n");
            char want_ref[200];
            snprintf(want_ref, sizeof want_ref, "WARC-Refers-To: %s\r\n", ids[k - 1]);
            const char *ref = strstr(p, want_ref);
            assert_true(ref && ref < end);
            snprintf(want_ref, sizeof want_ref, "WARC-Refers-To-Date: %s\r\n", dates[k - 1]);
            ref = strstr(p, want_ref);
            assert_true(ref && ref < end);
            ref = strstr(p, "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n");
            assert_true(ref && ref < end);
        }
    }
    assert_int_equal(k, 6);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
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
    /* bytes that are neither gzip nor text: an error that names the coding */
    const char bad[] = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x01\x02\x03\x04not gzip";
    assert_int_equal(warc_http_parse((const unsigned char *)bad, sizeof bad - 1, 100, &h, &err), -1);
    assert_non_null(strstr(err.msg, "gzip"));
    const char *odd = "HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\n\r\nxx";
    assert_int_equal(warc_http_parse((const unsigned char *)odd, strlen(odd), 100, &h, &err), -1);
    assert_int_equal(warc_http_parse((const unsigned char *)"GET / HTTP/1.1\r\n\r\n", 18, 100, &h, &err), -1);
    /* a payload over max_body: its first max_body bytes, said to be cut;
     * so for one that decodes past it, and one whose coding is cut short
     * gives what decodes */
    const char *big = "HTTP/1.1 200 OK\r\n\r\n0123456789";
    assert_int_equal(warc_http_parse((const unsigned char *)big, strlen(big), 5, &h, &err), 0);
    assert_true(h.truncated);
    assert_int_equal(h.body_len, 5);
    assert_string_equal((char *)h.body, "01234");
    warc_http_cleanup(&h);
    char text[3000], block[4096];
    for (size_t i = 0; i < sizeof text - 1; i++)
        text[i] = (char)('a' + i % 26);
    text[sizeof text - 1] = '\0';
    unsigned char gz[4096];
    size_t gzlen = gz_memory(text, strlen(text), 6, gz, sizeof gz);
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n";
    memcpy(block, head, strlen(head));
    memcpy(block + strlen(head), gz, gzlen);
    size_t blen = strlen(head) + gzlen;
    block[blen] = '\0';
    assert_int_equal(warc_http_parse((const unsigned char *)block, blen, 100, &h, &err), 0);
    assert_true(h.truncated);
    assert_int_equal(h.body_len, 100);
    assert_memory_equal(h.body, text, 100);
    warc_http_cleanup(&h);
    assert_int_equal(warc_http_parse((const unsigned char *)block, blen, 1 << 20, &h, &err), 0);
    assert_false(h.truncated);
    assert_string_equal((char *)h.body, text);
    warc_http_cleanup(&h);
    size_t half = strlen(head) + gzlen / 2;
    char keep = block[half];
    block[half] = '\0';
    assert_int_equal(warc_http_parse((const unsigned char *)block, half, 1 << 20, &h, &err), 0);
    assert_true(h.body_len > 0 && h.body_len < strlen(text));
    assert_memory_equal(h.body, text, h.body_len);
    warc_http_cleanup(&h);
    block[half] = keep;
}

/* The payload a block's codings give (0), or -1 when they do not. */
static int payload_of(const char *head, const void *body, size_t blen, size_t max, struct warc_http *h)
{
    static char block[1 << 16];
    size_t hl = strlen(head);
    assert_true(hl + blen < sizeof block);
    memcpy(block, head, hl);
    memcpy(block + hl, body, blen);
    block[hl + blen] = '\0';
    struct nw_err err = {0};
    return warc_http_parse((const unsigned char *)block, hl + blen, max, h, &err);
}

/* Tools that archive what a browser or an HTTP library gave them store
 * the payload decoded and keep the response's Transfer-Encoding and
 * Content-Encoding headers: a body that does not start as they say is
 * read as it is (as warcio reads it); zstd is decoded; a stream damaged
 * after its start gives what decodes before the damage. */
static void test_http_codings_as_archived(void **state)
{
    (void)state;
    struct warc_http h;
    const char *page = "<html><body><p>Archived decoded, headers kept.</p></body></html>";
    static const char *const heads[] = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Encoding: none\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        assert_int_equal(payload_of(heads[i], page, strlen(page), 1 << 20, &h), 0);
        assert_string_equal((char *)h.body, page);
        assert_false(h.truncated);
        warc_http_cleanup(&h);
    }
    /* a chunk size that starts a page's text ("cafe") is no chunk size
     * unless the line ends after it */
    const char *hexy = "cafe and more\r\n";
    assert_int_equal(payload_of(heads[0], hexy, strlen(hexy), 1 << 20, &h), 0);
    assert_string_equal((char *)h.body, hexy);
    warc_http_cleanup(&h);
    /* real chunks, with an extension, still joined */
    const char *chunks = "5;x=y\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    assert_int_equal(payload_of(heads[0], chunks, strlen(chunks), 1 << 20, &h), 0);
    assert_string_equal((char *)h.body, "hello world");
    warc_http_cleanup(&h);
    /* zstd: whole, and cut short */
    char text[20000];
    for (size_t i = 0; i < sizeof text - 1; i++)
        text[i] = (char)('a' + (i * 7 + i / 13) % 26);
    text[sizeof text - 1] = '\0';
    static unsigned char z[30000];
    size_t zl = ZSTD_compress(z, sizeof z, text, strlen(text), 3);
    assert_false(ZSTD_isError(zl));
    assert_int_equal(payload_of(heads[4], z, zl, 1 << 20, &h), 0);
    assert_string_equal((char *)h.body, text);
    warc_http_cleanup(&h);
    assert_int_equal(payload_of(heads[4], z, zl / 2, 1 << 20, &h), 0);
    assert_true(h.body_len < strlen(text));
    assert_memory_equal(h.body, text, h.body_len);
    warc_http_cleanup(&h);
    /* gzip damaged half way: what came before, said to be cut */
    static unsigned char gz[30000];
    size_t gl = gz_memory(text, strlen(text), 1, gz, sizeof gz);
    for (size_t i = gl / 2; i < gl; i++)
        gz[i] ^= 0x5A;
    assert_int_equal(payload_of(heads[1], gz, gl, 1 << 20, &h), 0);
    assert_true(h.truncated);
    assert_true(h.body_len > 1000);
    assert_memory_equal(h.body, text, 1000);
    warc_http_cleanup(&h);
    /* a coding newswire does not know: an error */
    assert_int_equal(
        payload_of("HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\n\r\n", page, strlen(page), 1 << 20, &h), -1);
}

/* A record whose block is over the reader's max_block keeps its first
 * max_block bytes, marked truncated, and the records after it are read. */
static void test_block_over_the_limit(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        char path[] = "/tmp/nw-warc-XXXXXX";
        temp_path(path);
        write_file(path, gz, false);
        struct warc_reader *r;
        struct nw_err err = {0};
        assert_int_equal(warc_open(&r, path, 40, &err), 0);
        struct warc_record rec;
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_string_equal(rec.type, "warcinfo");
        assert_false(rec.truncated);
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_string_equal(rec.type, "response");
        assert_true(rec.truncated && rec.too_large);
        assert_int_equal(rec.block_len, 40);
        assert_memory_equal(rec.block, HTTP, 40);
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 1);
        assert_string_equal(rec.type, "resource");
        assert_string_equal((char *)rec.block, "plain text");
        assert_false(rec.truncated);
        warc_record_cleanup(&rec);
        assert_int_equal(warc_next(r, &rec, &err), 0);
        warc_close(r);
        unlink(path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_draft_versions),
        cmocka_unit_test(test_wrong_lengths),
        cmocka_unit_test(test_arc_files),
        cmocka_unit_test(test_zstd_frames),
        cmocka_unit_test(test_blocks_lent),
        cmocka_unit_test(test_malformed_skipped),
        cmocka_unit_test(test_too_many_header_lines),
        cmocka_unit_test(test_member_sizes),
        cmocka_unit_test(test_corrupt_member),
        cmocka_unit_test(test_http_codings),
        cmocka_unit_test(test_http_codings_as_archived),
        cmocka_unit_test(test_block_over_the_limit),
        cmocka_unit_test(test_writer_full_disk),
        cmocka_unit_test(test_writer_same_payload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

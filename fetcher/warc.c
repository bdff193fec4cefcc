/* WARC files (see warc.h): the reader, whose bytes come from a small
 * source that inflates gzip members one at a time, so that the start of
 * each member is known (a record that starts a member can be read again
 * from there), and the writer of the fetcher's archive. A member that
 * fits in memory is inflated whole by libdeflate (about twice zlib's
 * speed here); a larger one, a broken one or the one member of a
 * whole-file gzip is streamed through zlib. */
#include "warc.h"

#include <brotli/decode.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>
#include <zstd.h> /* .warc.zst: a frame at a time, with a dictionary */

#include "../common/buf.h"
#include "../common/mem.h"
#include "../common/nwtime.h"

#define CHUNK 65536
#define MAX_HEADER_LINE 65536
#define MAX_HEADER_LINES 512
/* A member is inflated whole when its compressed bytes fit in WHOLE_IN
 * and its content in WHOLE_OUT; buffers grow to those as members need. */
#define WHOLE_IN (4u << 20)
#define WHOLE_OUT (16u << 20)
#define WHOLE_FIRST (256u << 10)

struct warc_reader {
    FILE *f;
    char *path;
    bool gz;
    bool zst; /* zstd, a frame per record (z's next_in/avail_in are its input's cursor) */
    ZSTD_DCtx *zd;
    z_stream z;
    struct libdeflate_decompressor *ld;
    bool member_open;        /* inside a gzip member streamed by zlib, or a zstd frame */
    unsigned char *in;       /* compressed bytes read (z.next_in points into it) */
    size_t in_cap, in_len;
    bool in_eof;             /* the file has no more bytes to read */
    uint64_t in_base;        /* file offset of in[0] */
    unsigned char *out;
    size_t out_cap, out_pos, out_len;
    uint64_t plain_pos;      /* plain files: offset of out[out_pos] */
    bool eof, broken;
    bool arc; /* an ARC file (the Internet Archive's format before WARC): its first record said so */
    bool arc_unknown; /* opened at an offset: whether the file is ARC is read from its start when it matters */
    uint64_t taken; /* bytes of out taken so far, all refills together */
    size_t max_block;
};

bool warc_arc_start(const void *data, size_t len)
{
    return len >= 11 && !memcmp(data, "filedesc://", 11);
}

bool warc_magic(const void *data, size_t len)
{
    if (len >= 7 && !memcmp(data, "WARC/1.", 7))
        return true;
    /* the drafts before ISO 28500 that Heritrix 1 and early crawls of the
     * Internet Archive wrote: the same records under another version */
    return len >= 9 && (!memcmp(data, "WARC/0.17", 9) || !memcmp(data, "WARC/0.18", 9));
}

/* Offset in the file of the next compressed byte inflate would read. */
static uint64_t comp_pos(const struct warc_reader *r)
{
    return r->in_base + (uint64_t)(r->z.next_in - r->in);
}

static int fill_in(struct warc_reader *r)
{
    if (r->z.avail_in)
        return 1;
    r->in_base += r->in_len;
    r->in_len = fread(r->in, 1, r->in_cap, r->f);
    r->in_eof = r->in_len < r->in_cap;
    r->z.next_in = r->in;
    r->z.avail_in = (uInt)r->in_len;
    return r->in_len > 0;
}

/* Moves the unread compressed bytes to the front of `in` and reads more
 * after them, growing `in` to `want` bytes (at most WHOLE_IN). Returns
 * whether more bytes came. */
static bool more_in(struct warc_reader *r, size_t want)
{
    size_t keep = r->z.avail_in, used = r->in_len - keep;
    if (used) {
        memmove(r->in, r->z.next_in, keep);
        r->in_base += used;
        r->in_len = keep;
    }
    if (want > r->in_cap) {
        r->in = nw_realloc(r->in, want);
        r->in_cap = want;
    }
    size_t got = r->in_eof ? 0 : fread(r->in + r->in_len, 1, r->in_cap - r->in_len, r->f);
    if (r->in_len + got < r->in_cap)
        r->in_eof = true;
    r->in_len += got;
    r->z.next_in = r->in;
    r->z.avail_in = (uInt)r->in_len;
    return got > 0;
}

/* Inflates the member that starts at z.next_in whole into `out`, reading
 * more of the file and growing the buffers as it needs. Returns false
 * (nothing consumed) when it does not fit or does not inflate: zlib then
 * streams it, and says how it ends. */
static bool whole_member(struct warc_reader *r)
{
    if (r->z.avail_in < r->in_cap / 2 && !r->in_eof)
        more_in(r, r->in_cap);
    for (;;) {
        size_t used = 0, made = 0;
        enum libdeflate_result res =
            libdeflate_gzip_decompress_ex(r->ld, r->z.next_in, r->z.avail_in, r->out, r->out_cap, &used, &made);
        if (res == LIBDEFLATE_SUCCESS) {
            r->z.next_in += used;
            r->z.avail_in -= (uInt)used;
            r->out_pos = 0;
            r->out_len = made;
            return true;
        }
        if (res == LIBDEFLATE_INSUFFICIENT_SPACE && r->out_cap < WHOLE_OUT) {
            r->out_cap *= 2;
            free(r->out);
            r->out = nw_malloc(r->out_cap);
            continue;
        }
        /* cut short where the bytes read end: read on (first into the room
         * left, then into a larger buffer) while it may still fit */
        if (res == LIBDEFLATE_BAD_DATA && !r->in_eof) {
            size_t want = r->z.avail_in < r->in_cap ? r->in_cap : 2 * r->in_cap;
            if (want <= WHOLE_IN && more_in(r, want))
                continue;
        }
        return false;
    }
}

/* The four bytes that start a skippable zstd frame (any of 16 magics,
 * 0x184D2A50-5F, little-endian); a frame's own are nw_zstd_magic's. */
static bool zst_skippable(const unsigned char *p)
{
    return (p[0] & 0xF0) == 0x50 && p[1] == 0x2A && p[2] == 0x4D && p[3] == 0x18;
}

bool warc_zst_start(const void *data, size_t len)
{
    return len >= 4 && (nw_zstd_magic(data, len) || zst_skippable(data));
}

/* fill() for zstd: a frame is never continued past its end in one call,
 * as for gzip members, so that each record starts a frame; skippable
 * frames between them give nothing. */
static int fill_zst(struct warc_reader *r)
{
    while (r->out_len == 0) {
        if (!r->member_open && r->z.avail_in < 4 && !r->in_eof)
            more_in(r, r->in_cap);
        if (!fill_in(r)) {
            r->eof = true; /* a frame cut short ends the file */
            return 0;
        }
        if (!r->member_open) {
            if (r->z.avail_in < 4 || !(nw_zstd_magic(r->z.next_in, 4) || zst_skippable(r->z.next_in))) {
                r->eof = true; /* not another frame: trailing bytes */
                return 0;
            }
            r->member_open = true;
        }
        ZSTD_inBuffer in = {r->z.next_in, r->z.avail_in, 0};
        ZSTD_outBuffer o = {r->out, r->out_cap, 0};
        size_t ret = ZSTD_decompressStream(r->zd, &o, &in);
        r->z.next_in += in.pos;
        r->z.avail_in -= (uInt)in.pos;
        r->out_len = o.pos;
        if (ZSTD_isError(ret)) {
            ZSTD_DCtx_reset(r->zd, ZSTD_reset_session_only); /* the dictionary stays */
            r->broken = true;
            return r->out_len > 0;
        }
        if (ret == 0)
            r->member_open = false;
    }
    return 1;
}

/* Refills `out`. Returns 1 with bytes, 0 at the end. A gzip member is
 * never continued past its end in one call: out then ends at the member's
 * end, so a record that starts next starts a member. */
static int fill(struct warc_reader *r)
{
    if (r->out_pos < r->out_len)
        return 1;
    r->out_pos = r->out_len = 0;
    if (r->eof || r->broken)
        return 0;
    if (!r->gz && !r->zst) {
        r->out_len = fread(r->out, 1, r->out_cap, r->f);
        if (r->out_len == 0)
            r->eof = true;
        return r->out_len > 0;
    }
    if (r->zst)
        return fill_zst(r);
    while (r->out_len == 0) {
        if (!fill_in(r)) {
            r->eof = true; /* a member cut short ends the file */
            return 0;
        }
        if (!r->member_open) {
            if (r->z.avail_in >= 1 && r->z.next_in[0] != 0x1f) {
                r->eof = true; /* not another member: trailing bytes */
                return 0;
            }
            if (whole_member(r)) {
                if (r->out_len == 0)
                    continue; /* an empty member */
                return 1;
            }
            inflateReset(&r->z);
            r->member_open = true;
        }
        r->z.next_out = r->out;
        r->z.avail_out = CHUNK;
        int zr = inflate(&r->z, Z_NO_FLUSH);
        r->out_len = CHUNK - r->z.avail_out;
        if (zr == Z_STREAM_END) {
            r->member_open = false;
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            r->broken = true;
            return r->out_len > 0;
        }
    }
    return 1;
}

/* After a member that does not inflate: on to the next gzip header
 * (1f 8b 08) past the point where inflating stopped, so that the records
 * after a corrupt one are read; the end of the file when there is none. */
static void gz_resync(struct warc_reader *r)
{
    r->broken = false;
    r->member_open = false;
    r->out_pos = r->out_len = 0;
    bool skipped = false;
    for (;;) {
        if (!skipped && r->z.avail_in) { /* never the same start again */
            r->z.next_in++;
            r->z.avail_in--;
            skipped = true;
        }
        while (r->z.avail_in >= 4) {
            bool start = r->zst ? nw_zstd_magic(r->z.next_in, 4)
                                : r->z.next_in[0] == 0x1f && r->z.next_in[1] == 0x8b && r->z.next_in[2] == 0x08;
            if (start && skipped)
                return;
            r->z.next_in++;
            r->z.avail_in--;
            skipped = true;
        }
        if (!more_in(r, r->in_cap)) {
            r->eof = true;
            return;
        }
    }
}

/* Offset of the next unread byte: for plain files exact; for gzip files
 * the start of the next member when nothing of it is read yet, else
 * UINT64_MAX (not seekable). */
static uint64_t here(const struct warc_reader *r, bool *seekable)
{
    if (!r->gz && !r->zst) {
        *seekable = true;
        return r->plain_pos;
    }
    *seekable = r->out_pos == r->out_len && !r->member_open;
    return comp_pos(r);
}

static int getbyte(struct warc_reader *r)
{
    if (!fill(r))
        return -1;
    if (!r->gz && !r->zst)
        r->plain_pos++;
    r->taken++;
    return r->out[r->out_pos++];
}

static int peekbyte(struct warc_reader *r)
{
    if (!fill(r))
        return -1;
    return r->out[r->out_pos];
}

/* Reads one line (LF-terminated, CR stripped) into b. Returns its length,
 * or -1 at the end of the input, -2 when longer than MAX_HEADER_LINE. */
static long read_line(struct warc_reader *r, struct nw_buf *b)
{
    nw_buf_reset(b);
    int c;
    bool any = false;
    while ((c = getbyte(r)) >= 0) {
        any = true;
        if (c == '\n')
            break;
        if (b->len >= MAX_HEADER_LINE)
            return -2;
        nw_buf_putc(b, (char)c);
    }
    if (!any)
        return -1;
    if (b->len && b->data[b->len - 1] == '\r')
        b->data[--b->len] = '\0';
    return (long)b->len;
}

/* Whether the reader is at the end of a gzip member or zstd frame (all
 * its bytes read, the next not started). */
static bool member_end(const struct warc_reader *r)
{
    return (r->gz || r->zst) && !r->member_open && r->out_pos == r->out_len;
}

/* Copies n bytes into dst (or skips them when dst is NULL), stopping at a
 * member's end when `in_member`. Returns the number read. */
static size_t read_bytes_in(struct warc_reader *r, unsigned char *dst, size_t n, bool in_member)
{
    size_t got = 0;
    while (got < n && !(in_member && member_end(r)) && fill(r)) {
        size_t k = r->out_len - r->out_pos;
        if (k > n - got)
            k = n - got;
        if (dst)
            memcpy(dst + got, r->out + r->out_pos, k);
        r->out_pos += k;
        r->taken += k;
        if (!r->gz && !r->zst)
            r->plain_pos += k;
        got += k;
    }
    return got;
}

/* A .warc.zst file (the IIPC's proposal, as ArchiveTeam writes them) may
 * start with a skippable frame of magic 0x184D2A5D holding the dictionary
 * its frames were compressed with, itself zstd-compressed or not; it is
 * loaded into r->zd. Returns 0, or -1 with err set. */
#define ZST_DICT_MAX (64u << 20)
static int zst_dictionary(struct warc_reader *r, FILE *f, struct nw_err *err)
{
    unsigned char h[8];
    if (fseeko(f, 0, SEEK_SET) != 0 || fread(h, 1, 8, f) != 8 ||
        !(h[0] == 0x5D && h[1] == 0x2A && h[2] == 0x4D && h[3] == 0x18))
        return 0; /* no dictionary */
    uint32_t n = (uint32_t)h[4] | (uint32_t)h[5] << 8 | (uint32_t)h[6] << 16 | (uint32_t)h[7] << 24;
    if (n > ZST_DICT_MAX) {
        nw_err_set(err, 1, "%s: a zstd dictionary of %u bytes", r->path, n);
        return -1;
    }
    unsigned char *d = nw_malloc(n ? n : 1);
    struct nw_buf plain = {0};
    int rc = 0;
    if (fread(d, 1, n, f) != n) {
        nw_err_set(err, 1, "%s: its zstd dictionary is cut short", r->path);
        rc = -1;
    } else if (n >= 4 && nw_zstd_magic(d, 4)) {
        if (nw_buf_unzstd(&plain, d, n, ZST_DICT_MAX) < 0 || !plain.len) {
            nw_err_set(err, 1, "%s: its zstd dictionary does not decompress", r->path);
            rc = -1;
        }
    }
    if (rc == 0 &&
        ZSTD_isError(ZSTD_DCtx_loadDictionary(r->zd, plain.len ? (void *)plain.data : d, plain.len ? plain.len : n))) {
        nw_err_set(err, 1, "%s: its zstd dictionary is not one", r->path);
        rc = -1;
    }
    free(d);
    nw_buf_cleanup(&plain);
    return rc;
}

static int open_at(struct warc_reader **rp, const char *path, uint64_t offset, size_t max_block, struct nw_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        nw_err_set(err, errno, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (offset && fseeko(f, (off_t)offset, SEEK_SET) != 0) {
        nw_err_set(err, errno, "%s: cannot seek to %llu", path, (unsigned long long)offset);
        fclose(f);
        return -1;
    }
    struct warc_reader *r = nw_calloc(1, sizeof *r);
    r->f = f;
    r->path = nw_strdup(path);
    r->max_block = max_block;
    r->in_base = offset;
    r->plain_pos = offset;
    int c1 = fgetc(f), c2 = fgetc(f);
    r->gz = c1 == 0x1f && c2 == 0x8b;
    /* zstd: known by the file's first frame, wherever this reader starts
     * (its dictionary, if any, is there) */
    unsigned char first[4];
    if (!r->gz && fseeko(f, 0, SEEK_SET) == 0 && fread(first, 1, 4, f) == 4 && warc_zst_start(first, 4)) {
        r->zst = true;
        if (!(r->zd = ZSTD_createDCtx())) {
            nw_err_set(err, 1, "%s: cannot start zstd", path);
            warc_close(r);
            return -1;
        }
        if (zst_dictionary(r, f, err) < 0) {
            warc_close(r);
            return -1;
        }
    }
    r->arc_unknown = offset > 0 && !r->zst; /* an ARC file's start is not read yet */
    /* gzip: room for most members' compressed bytes at once */
    r->in_cap = r->gz ? WHOLE_FIRST : CHUNK;
    r->out_cap = CHUNK;
    r->in = nw_malloc(r->in_cap);
    r->out = nw_malloc(r->out_cap);
    r->z.next_in = r->in;
    r->z.avail_in = 0;
    fseeko(f, (off_t)offset, SEEK_SET);
    if (r->gz && (inflateInit2(&r->z, 15 + 16) != Z_OK || !(r->ld = libdeflate_alloc_decompressor()))) {
        if (!r->ld)
            inflateEnd(&r->z);
        r->gz = false; /* nothing of zlib to end */
        nw_err_set(err, 1, "%s: cannot start zlib", path);
        warc_close(r);
        return -1;
    }
    *rp = r;
    return 0;
}

int warc_open(struct warc_reader **r, const char *path, size_t max_block, struct nw_err *err)
{
    return open_at(r, path, 0, max_block, err);
}

bool warc_zst_file(const char *path)
{
    struct warc_reader *r;
    struct nw_err err = {0};
    if (open_at(&r, path, 0, 4096, &err) < 0)
        return false;
    bool w = false;
    if (r->zst) {
        struct nw_buf line = {0};
        long n = read_line(r, &line);
        w = n > 0 && warc_magic(line.data, line.len);
        nw_buf_cleanup(&line);
    }
    warc_close(r);
    return w;
}

void warc_close(struct warc_reader *r)
{
    if (!r)
        return;
    if (r->gz)
        inflateEnd(&r->z);
    ZSTD_freeDCtx(r->zd);
    if (r->ld)
        libdeflate_free_decompressor(r->ld);
    if (r->f)
        fclose(r->f);
    free(r->in);
    free(r->out);
    free(r->path);
    free(r);
}

uint64_t warc_progress(const struct warc_reader *r)
{
    return warc_position(r) + r->taken;
}

uint64_t warc_position(const struct warc_reader *r)
{
    return r->gz || r->zst ? comp_pos(r) : r->plain_pos;
}

void warc_record_cleanup(struct warc_record *rec)
{
    free(rec->target_uri);
    free(rec->content_type);
    free(rec->payload_digest);
    free(rec->refers_to_uri);
    if (!rec->block_borrowed)
        free(rec->block);
    memset(rec, 0, sizeof *rec);
}

/* A WARC header's value, without the <> some 1.0 writers put around URIs. */
static char *header_value(const char *line, const char *name)
{
    char *v = warc_header_value(line, strlen(line), name);
    size_t len = v ? strlen(v) : 0;
    if (len >= 2 && v[0] == '<' && v[len - 1] == '>') {
        memmove(v, v + 1, len - 2);
        v[len - 2] = '\0';
    }
    return v;
}

/* Skips to the start of the next record after a malformed one: the next
 * gzip member or zstd frame, or the next line starting a record
 * (warc_magic). */
static void resync(struct warc_reader *r, struct nw_buf *line)
{
    for (;;) {
        if ((r->gz || r->zst) && !r->member_open && r->out_pos == r->out_len)
            return; /* at a member's (a frame's) start */
        if (warc_magic(r->out + r->out_pos, r->out_len - r->out_pos))
            return; /* at a line starting a record (in a file that is one gzip member, the next) */
        if (read_line(r, line) == -1)
            return;
    }
}

/* A lent block copied into the record's own allocation, NUL-terminated. */
static void keep_block(struct warc_record *rec)
{
    unsigned char *own = nw_malloc(rec->block_len + 1);
    memcpy(own, rec->block, rec->block_len);
    own[rec->block_len] = '\0';
    rec->block = own;
    rec->block_borrowed = false;
}

/* Whether r's file starts as an ARC file does (its first record, plain
 * or in a gzip member). */
static bool arc_file(const struct warc_reader *r)
{
    FILE *f = fopen(r->path, "rb");
    if (!f)
        return false;
    unsigned char head[512];
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    struct nw_buf plain = {0};
    if (r->gz)
        nw_buf_inflate(&plain, head, got, 15 + 16, 64); /* cut short: what came */
    bool arc = warc_arc_start(r->gz ? (const void *)plain.data : head, r->gz ? plain.len : got);
    nw_buf_cleanup(&plain);
    return arc;
}

/* An ARC record's header line (the Internet Archive's format before WARC,
 * versions 1 and 2): "URL IP-address Archive-date Content-type [Result-code
 * Checksum Location Offset Filename] Archive-length", the length that of
 * what follows the line. Fills rec (a "warcinfo" for the file's own
 * record, a "response" for an http(s) URL, else a "resource" of its type)
 * and *length; false when the line is not one. */
static bool arc_header(const char *line, struct warc_record *rec, int64_t *length)
{
    const char *f[10];
    size_t fl[10], nf = 0;
    for (const char *p = line; *p && nf < 10;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        f[nf] = p;
        while (*p && *p != ' ')
            p++;
        fl[nf] = (size_t)(p - f[nf]);
        nf++;
        if (*p && nf == 10)
            return false; /* more fields than either version has */
    }
    if ((nf != 5 && nf != 10) || !memchr(f[0], ':', fl[0]) || fl[nf - 1] > 18)
        return false;
    int64_t len = 0;
    for (size_t i = 0; i < fl[nf - 1]; i++) {
        if (f[nf - 1][i] < '0' || f[nf - 1][i] > '9')
            return false;
        len = len * 10 + (f[nf - 1][i] - '0');
    }
    *length = len;
    rec->target_uri = nw_strndup(f[0], fl[0]);
    bool http = !strncasecmp(f[0], "http://", 7) || !strncasecmp(f[0], "https://", 8);
    snprintf(rec->type, sizeof rec->type, "%s",
             !strncasecmp(f[0], "filedesc:", 9) ? "warcinfo"
             : http                             ? "response"
                                                : "resource");
    rec->content_type = http ? nw_strdup("application/http; msgtype=response") : nw_strndup(f[3], fl[3]);
    /* YYYYMMDDhhmmss, or its first 8, 10 or 12 digits */
    char date[15] = "";
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (fl[2] >= 8 && fl[2] <= 14) {
        memcpy(date, f[2], fl[2]);
        date[fl[2]] = '\0';
        if (strspn(date, "0123456789") == fl[2] && sscanf(date, "%4d%2d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi, &sec) >= 3)
            rec->date = nw_timegm(y, mo, d, h, mi, sec);
    }
    return true;
}

/* Whether the bytes start a line "WARC/", a record's of any version. */
static bool record_line(const unsigned char *p, size_t n)
{
    return n >= 5 && !memcmp(p, "WARC/", 5);
}

/* A block announced shorter than it is (a Content-Length counted in
 * characters, not bytes): when what follows it is not the record's end
 * (CR LF CR LF and the next record), the bytes up to that end are the
 * block's, as far as the reader's buffer shows them: up to the next
 * CR LF CR LF that a record follows, or, for a record that is a member
 * (a frame) of its own, to the member's end. */
static void mend_short_block(struct warc_reader *r, struct warc_record *rec)
{
    const unsigned char *p = r->out + r->out_pos, *e = r->out + r->out_len;
    size_t n = (size_t)(e - p), k = 0;
    while (k < n && (p[k] == '\r' || p[k] == '\n'))
        k++;
    if (k == n || record_line(p + k, n - k) || (n >= 4 && !memcmp(p, "\r\n\r\n", 4)))
        return; /* the record's end, or nothing in view to say otherwise */
    /* announced longer than it is: the block runs into the next record
     * (its end, then all or the start of a record's first line); the
     * block ends there, and the reader goes back to that end, so that the
     * next record is read whole: in its buffer, where the block lies in it,
     * else in a plain file by its offset. Otherwise (a block copied out
     * of a gzip or zstd stream) that record, read in part, is lost: what
     * follows is reported as no record */
    unsigned char *b = rec->block, *be = b + rec->block_len;
    for (unsigned char *q = b; (q = memmem(q, (size_t)(be - q), "\r\n\r\n", 4)); q++) {
        size_t m = (size_t)(be - q - 4);
        if (warc_magic(q + 4, m) ||
            (m >= 1 && m < 9 &&
             (!memcmp(q + 4, "WARC/0.1", m < 8 ? m : 8) || !memcmp(q + 4, "WARC/1.", m < 7 ? m : 7)))) {
            size_t back = (size_t)(be - q);
            rec->block_len = (size_t)(q - b);
            if (!rec->block_borrowed)
                *q = '\0';
            if (rec->block_borrowed) {
                r->out_pos -= back;
            } else if (!r->gz && !r->zst && fseeko(r->f, (off_t)(r->plain_pos - back), SEEK_SET) == 0) {
                r->out_pos = r->out_len = 0;
                r->eof = false;
            } else {
                return;
            }
            r->taken -= back;
            if (!r->gz && !r->zst)
                r->plain_pos -= back;
            return;
        }
    }
    size_t ext = 0;
    for (const unsigned char *q = p; (q = memmem(q, (size_t)(e - q), "\r\n\r\n", 4)); q++)
        if (record_line(q + 4, (size_t)(e - q - 4))) {
            ext = (size_t)(q - p);
            break;
        }
    /* the member's rest in view (all of a member is, when it is not
     * streamed), or the file's: all of it, less the record's end */
    bool plain_end = !r->gz && !r->zst && r->out_len < r->out_cap;
    if (!ext && (((r->gz || r->zst) && !r->member_open) || plain_end)) {
        ext = n;
        for (int i = 0; i < 4 && ext > 0 && (p[ext - 1] == '\r' || p[ext - 1] == '\n'); i++)
            ext--;
    }
    if (!ext || rec->block_len + ext > r->max_block)
        return;
    if (rec->block_borrowed) {
        rec->block_len += ext; /* the bytes after it in the same buffer */
    } else {
        rec->block = nw_realloc(rec->block, rec->block_len + ext + 1);
        memcpy(rec->block + rec->block_len, p, ext);
        rec->block_len += ext;
        rec->block[rec->block_len] = '\0';
    }
    r->out_pos += ext;
    r->taken += ext;
    if (!r->gz && !r->zst)
        r->plain_pos += ext;
}

int warc_next(struct warc_reader *r, struct warc_record *rec, struct nw_err *err)
{
    memset(rec, 0, sizeof *rec);
    struct nw_buf line = {0};
    int rc = -1;
    /* where the record starts: taken before its first byte is inflated;
     * blank lines between records are skipped */
    bool seekable;
    uint64_t start = here(r, &seekable);
    int c;
    while ((c = peekbyte(r)) == '\r' || c == '\n') {
        getbyte(r);
        if (r->out_pos == r->out_len && !r->member_open)
            start = here(r, &seekable); /* the blank lines ended a member */
    }
    if (!r->gz && !r->zst)
        start = here(r, &seekable);
    if (c < 0) {
        nw_buf_cleanup(&line);
        if (r->broken) {
            nw_err_set(err, 1, "%s: corrupt gzip data near offset %llu", r->path,
                       (unsigned long long)warc_position(r));
            gz_resync(r);
            return -1;
        }
        return 0;
    }
    rec->offset = start;
    rec->seekable = seekable;
    long n = read_line(r, &line);
    int64_t length = -1;
    /* an ARC file says so in its first record; a reader opened further
     * on looks there when a line is no WARC record's */
    if (n > 0 && rec->offset == 0 && warc_arc_start(line.data, line.len))
        r->arc = true;
    else if (n > 0 && r->arc_unknown && !warc_magic(line.data, line.len))
        r->arc = arc_file(r);
    r->arc_unknown = false;
    bool arc = n > 0 && r->arc && !warc_magic(line.data, line.len) && arc_header(line.data, rec, &length);
    if (!arc && (n < 0 || !warc_magic(line.data, line.len))) {
        nw_err_set(err, 1, "%s: offset %llu: not a WARC record", r->path, (unsigned long long)rec->offset);
        goto bad;
    }
    for (int i = 0; !arc; i++) {
        n = read_line(r, &line);
        if (n < 0 || i > MAX_HEADER_LINES) {
            if (n < 0)
                nw_err_set(err, 1, "%s: offset %llu: record headers cut short", r->path,
                           (unsigned long long)rec->offset);
            else
                nw_err_set(err, 1, "%s: offset %llu: more than %d record header lines", r->path,
                           (unsigned long long)rec->offset, MAX_HEADER_LINES);
            goto bad;
        }
        if (n == 0)
            break;
        char *v;
        if ((v = header_value(line.data, "WARC-Type"))) {
            snprintf(rec->type, sizeof rec->type, "%s", v);
            free(v);
        } else if ((v = header_value(line.data, "Content-Length"))) {
            char *end;
            long long l = strtoll(v, &end, 10);
            length = end != v && !*end && l >= 0 ? l : -2;
            free(v);
        } else if (!rec->target_uri && (v = header_value(line.data, "WARC-Target-URI"))) {
            rec->target_uri = v;
        } else if (!rec->content_type && (v = header_value(line.data, "Content-Type"))) {
            rec->content_type = v;
        } else if (!rec->payload_digest && (v = header_value(line.data, "WARC-Payload-Digest"))) {
            rec->payload_digest = v;
        } else if (!rec->refers_to_uri && (v = header_value(line.data, "WARC-Refers-To-Target-URI"))) {
            rec->refers_to_uri = v;
        } else if ((v = header_value(line.data, "WARC-Truncated"))) {
            rec->truncated = true;
            free(v);
        } else if ((v = header_value(line.data, "WARC-Date"))) {
            int y, mo, d, h, mi, sec;
            if (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) == 6)
                rec->date = nw_timegm(y, mo, d, h, mi, sec);
            free(v);
        }
    }
    if (length < 0) {
        nw_err_set(err, 1, "%s: offset %llu: no valid Content-Length", r->path, (unsigned long long)rec->offset);
        goto bad;
    }
    /* a record that starts a member (a frame) ends with it, whatever its
     * Content-Length says: some writers count characters, not bytes */
    bool in_member = rec->seekable && (r->gz || r->zst);
    if ((uint64_t)length > r->max_block) {
        /* its first max_block bytes, the rest passed over: a payload read
         * as far as the limit, as the fetcher reads one */
        rec->too_large = rec->truncated = true;
        rec->block = nw_malloc(r->max_block + 1);
        size_t got = read_bytes_in(r, rec->block, r->max_block, in_member);
        if (got == r->max_block)
            got += read_bytes_in(r, NULL, (size_t)length - r->max_block, in_member);
        if (got != (size_t)length && !(in_member && member_end(r)))
            goto cut;
        rec->block[r->max_block] = '\0';
        rec->block_len = r->max_block;
    } else if (r->out_len - r->out_pos >= (size_t)length + 4) {
        /* the block and its end are in the buffer: lent, not copied (the
         * end is read without refilling it) */
        rec->block = r->out + r->out_pos;
        rec->block_len = (size_t)length;
        rec->block_borrowed = true;
        r->out_pos += (size_t)length;
        r->taken += (size_t)length;
        if (!r->gz && !r->zst)
            r->plain_pos += (size_t)length;
    } else {
        rec->block = nw_malloc((size_t)length + 1);
        size_t got = read_bytes_in(r, rec->block, (size_t)length, in_member);
        if (got != (size_t)length && !(in_member && member_end(r)))
            goto cut;
        /* announced longer than its member: the member's bytes, less the
         * record's end */
        for (int i = 0;
             i < 4 && got < (size_t)length && got > 0 && (rec->block[got - 1] == '\n' || rec->block[got - 1] == '\r');
             i++)
            got--;
        rec->block[got] = '\0';
        rec->block_len = got;
    }
    if (!rec->too_large && !arc)
        mend_short_block(r, rec);
    /* an ARC record of an http URL without the response's head: its
     * payload as it is */
    if (arc && !strcmp(rec->type, "response") && (rec->block_len < 5 || memcmp(rec->block, "HTTP/", 5))) {
        snprintf(rec->type, sizeof rec->type, "resource");
        free(rec->content_type);
        rec->content_type = NULL;
    }
    /* the record ends with CRLF CRLF (an ARC record with LF), never read
     * past its member's end: the next record starts the next member */
    for (int i = 0; i < 4 && !member_end(r) && ((c = peekbyte(r)) == '\r' || c == '\n'); i++)
        getbyte(r);
    if (rec->block_borrowed) {
        /* NUL-terminated in place of the first byte of its end, read
         * already; a block with no end after it is copied after all */
        unsigned char *after = rec->block + rec->block_len;
        if (after < r->out + r->out_pos)
            *after = '\0';
        else
            keep_block(rec);
    }
    nw_buf_cleanup(&line);
    return 1;
cut:
    nw_err_set(err, 1, "%s: offset %llu: record cut short (%lld bytes announced)", r->path,
               (unsigned long long)rec->offset, (long long)length);
    warc_record_cleanup(rec);
    nw_buf_cleanup(&line);
    return -1;
bad:
    resync(r, &line);
    warc_record_cleanup(rec);
    nw_buf_cleanup(&line);
    return rc;
}

int warc_read_at(const char *path, uint64_t offset, size_t max_block, struct warc_record *rec, struct nw_err *err)
{
    struct warc_reader *r;
    if (open_at(&r, path, offset, max_block, err) < 0)
        return -1;
    int rc = warc_next(r, rec, err);
    if (rc == 0)
        nw_err_set(err, 1, "%s: no record at offset %llu", path, (unsigned long long)offset);
    if (rc == 1 && rec->block_borrowed)
        keep_block(rec); /* the reader's buffer goes with it */
    warc_close(r);
    return rc == 1 ? 1 : -1;
}

/* ---- HTTP payloads ------------------------------------------------------- */

void warc_http_cleanup(struct warc_http *h)
{
    free(h->content_type);
    free(h->etag);
    free(h->last_modified);
    free(h->location);
    free(h->refresh);
    if (!h->body_borrowed)
        free(h->body);
    memset(h, 0, sizeof *h);
}

/* Whether a body starts as chunked transfer-coding does: a chunk size
 * (hex digits), perhaps blanks and chunk extensions, then the line's end.
 * Some tools archive the payload as it was delivered to them, the chunks
 * already joined, with the response's Transfer-Encoding header kept. */
static bool chunked_start(const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i < len && i < 16 && isxdigit(p[i]))
        i++;
    if (i == 0 || (i < len && isxdigit(p[i])))
        return false;
    while (i < len && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (i < len && p[i] == ';') {
        /* extensions: up to the line's end, on one short line */
        const unsigned char *nl = memchr(p + i, '\n', len - i < 1024 ? len - i : 1024);
        return nl != NULL;
    }
    return (i < len && p[i] == '\n') || (i + 1 < len && p[i] == '\r' && p[i + 1] == '\n');
}

/* Whether a body starts as text does: no control character but white
 * space in its first 256 bytes (or all of a shorter one), in whatever
 * charset. Compressed data takes every byte value: 256 of its bytes
 * without one of those 29 values are a chance under 10^-13. */
static bool text_start(const unsigned char *p, size_t len)
{
    size_t n = len < 256 ? len : 256;
    for (size_t i = 0; i < n; i++)
        if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f') || p[i] == 0x7F)
            return false;
    return true;
}

static int unchunk(const unsigned char *p, size_t len, struct nw_buf *out)
{
    const unsigned char *e = p + len;
    while (p < e) {
        char *end;
        unsigned long long n = strtoull((const char *)p, &end, 16);
        if ((const unsigned char *)end == p)
            return -1;
        const unsigned char *nl = memchr(p, '\n', (size_t)(e - p));
        if (!nl)
            return -1;
        p = nl + 1;
        if (n == 0)
            return 0; /* trailers follow, ignored */
        if (n > (unsigned long long)(e - p))
            n = (unsigned long long)(e - p); /* a cut archive: keep what is there */
        if (nw_buf_append(out, p, (size_t)n) < 0)
            return -1;
        p += n;
        if (p < e && *p == '\r')
            p++;
        if (p < e && *p == '\n')
            p++;
    }
    return 0;
}

static int unbrotli(const void *data, size_t len, size_t max, struct nw_buf *out)
{
    BrotliDecoderState *s = BrotliDecoderCreateInstance(NULL, NULL, NULL);
    if (!s)
        return -1;
    const uint8_t *in = data;
    size_t avail_in = len;
    int rc = -1;
    for (;;) {
        char *room = nw_buf_room(out, CHUNK);
        if (!room || out->len > max)
            break;
        uint8_t *next_out = (uint8_t *)room;
        size_t avail_out = CHUNK;
        BrotliDecoderResult r = BrotliDecoderDecompressStream(s, &avail_in, &in, &avail_out, &next_out, NULL);
        nw_buf_wrote(out, CHUNK - avail_out);
        if (r == BROTLI_DECODER_RESULT_SUCCESS) {
            rc = 0;
            break;
        }
        if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
            continue;
        break;
    }
    BrotliDecoderDestroyInstance(s);
    return rc == 0 && out->len <= max ? 0 : -1;
}

char *warc_header_value(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len <= n || strncasecmp(line, name, n) || line[n] != ':')
        return NULL;
    const char *v = line + n + 1, *e = line + len;
    while (v < e && isspace((unsigned char)*v))
        v++;
    while (e > v && isspace((unsigned char)e[-1]))
        e--;
    return nw_strndup(v, (size_t)(e - v));
}

/* A decoder's outcome (rc) over max bytes: one that stopped past max
 * (an error, out holding more than max) has given the payload's first
 * max bytes, which are cut later; 0 or -1. */
static int decoded(int rc, const struct nw_buf *out, size_t max)
{
    return rc < 0 && out->len <= max ? -1 : 0;
}

int warc_http_parse(const unsigned char *block, size_t len, size_t max_body, struct warc_http *out, struct nw_err *err)
{
    memset(out, 0, sizeof *out);
    const char *p = (const char *)block, *e = p + len;
    int status = 0;
    if (len < 12 || strncmp(p, "HTTP/", 5) || sscanf(p, "HTTP/%*s %d", &status) != 1) {
        nw_err_set(err, 1, "not an HTTP response");
        return -1;
    }
    out->status = status;
    char *te = NULL, *ce = NULL;
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    p = nl ? nl + 1 : e;
    while (p < e) {
        nl = memchr(p, '\n', (size_t)(e - p));
        const char *le = nl ? nl : e;
        size_t ll = (size_t)(le - p);
        if (ll && p[ll - 1] == '\r')
            ll--;
        const char *line = p;
        p = nl ? nl + 1 : e;
        if (ll == 0)
            break;
        char *v;
        if ((v = warc_header_value(line, ll, "Transfer-Encoding"))) {
            free(te);
            te = v;
        } else if ((v = warc_header_value(line, ll, "Content-Encoding"))) {
            free(ce);
            ce = v;
        } else if (!out->content_type && (v = warc_header_value(line, ll, "Content-Type"))) {
            out->content_type = v;
        } else if (!out->etag && (v = warc_header_value(line, ll, "ETag"))) {
            out->etag = v;
        } else if (!out->last_modified && (v = warc_header_value(line, ll, "Last-Modified"))) {
            out->last_modified = v;
        } else if (!out->location && (v = warc_header_value(line, ll, "Location"))) {
            out->location = v;
        } else if (!out->refresh && (v = warc_header_value(line, ll, "Refresh"))) {
            out->refresh = v;
        }
    }
    struct nw_buf a = {0}, b = {0};
    const unsigned char *body = (const unsigned char *)p;
    size_t blen = (size_t)(e - p);
    int rc = 0;
    /* a body that does not start as its Transfer-Encoding says was
     * archived with the chunks joined: it is read as it is */
    if (te && strcasestr(te, "chunked") && chunked_start(body, blen)) {
        if (unchunk(body, blen, &a) < 0) {
            nw_err_set(err, 1, "bad chunked transfer-coding");
            rc = -1;
        }
        body = (const unsigned char *)(a.data ? a.data : "");
        blen = a.len;
    }
    if (rc == 0 && ce && *ce && strcasecmp(ce, "identity") && strcasecmp(ce, "none")) {
        bool known = true;
        if (!strcasecmp(ce, "gzip") || !strcasecmp(ce, "x-gzip"))
            rc = decoded(nw_buf_inflate(&b, body, blen, 15 + 16, max_body), &b, max_body);
        else if (!strcasecmp(ce, "deflate")) {
            rc =
                decoded(nw_buf_inflate(&b, body, blen, 15, max_body), &b, max_body); /* zlib wrapper, as the RFC says */
            if (rc < 0) {
                nw_buf_reset(&b);
                rc = decoded(nw_buf_inflate(&b, body, blen, -15, max_body), &b,
                             max_body); /* raw, as some servers send */
            }
        } else if (!strcasecmp(ce, "br"))
            rc = decoded(unbrotli(body, blen, max_body, &b), &b, max_body);
        else if (!strcasecmp(ce, "zstd"))
            rc = decoded(nw_buf_unzstd(&b, body, blen, max_body), &b, max_body);
        else {
            known = false;
            rc = -1;
        }
        if (rc < 0 && known && text_start(body, blen)) {
            /* it does not decode, and is text: the payload was archived
             * decoded with its Content-Encoding header kept (as a tool
             * that records what a browser or an HTTP library gave it
             * does), and is read as it is, as warcio reads it */
            rc = 0;
        } else {
            if (rc < 0 && known && b.len) {
                /* a stream damaged after its start: what decodes up to
                 * there, as for one cut short */
                rc = 0;
                out->truncated = true;
            }
            if (rc < 0 && known)
                nw_err_set(err, 1, "content-coding \"%s\" does not decode", ce);
            else if (rc < 0)
                nw_err_set(err, 1, "content-coding \"%s\" is not one newswire decodes", ce);
            body = (const unsigned char *)(b.data ? b.data : "");
            blen = b.len;
        }
    }
    if (rc == 0 && blen > max_body) {
        blen = max_body;
        out->truncated = true;
    }
    if (rc == 0 && body == (const unsigned char *)p && !out->truncated && block[len] == '\0') {
        /* nothing decoded: the payload is the block's end, NUL and all */
        out->body = (unsigned char *)p;
        out->body_len = blen;
        out->body_borrowed = true;
    } else if (rc == 0) {
        out->body = nw_malloc(blen + 1);
        memcpy(out->body, body, blen);
        out->body[blen] = '\0';
        out->body_len = blen;
    }
    nw_buf_cleanup(&a);
    nw_buf_cleanup(&b);
    free(te);
    free(ce);
    if (rc < 0)
        warc_http_cleanup(out);
    return rc;
}

/* ---- writing ------------------------------------------------------------- */

struct warc_writer {
    char *dir, *software;
    uint64_t max_bytes;
    int64_t max_age_ms;
    FILE *f;
    char *name;          /* of the open file, without ".open" */
    uint64_t size;
    int64_t opened_ms;
    unsigned seq;
    bool failed;
    int64_t failed_ms;   /* when writing failed: it pauses, then is tried again */
    /* the last payload archived whole for each URL of same_payload_revisit
     * exchanges (feeds: as many as are followed), open addressing */
    struct archived {
        char *url;
        char digest[38], date[32], id[64];
    } * seen;
    size_t seen_cap, seen_n;
};

static struct archived *seen_slot(struct warc_writer *w, const char *url)
{
    if (!w->seen_cap)
        return NULL;
    for (size_t i = XXH3_64bits(url, strlen(url)) & (w->seen_cap - 1);; i = (i + 1) & (w->seen_cap - 1))
        if (!w->seen[i].url || !strcmp(w->seen[i].url, url))
            return &w->seen[i];
}

/* Remembers the payload just archived whole for url. */
static void seen_put(struct warc_writer *w, const char *url, const char *digest, const char *date, const char *id)
{
    if ((w->seen_n + 1) * 2 > w->seen_cap) {
        struct archived *old = w->seen;
        size_t cap = w->seen_cap;
        w->seen_cap = cap ? cap * 2 : 64;
        w->seen = nw_calloc(w->seen_cap, sizeof *w->seen);
        for (size_t i = 0; i < cap; i++)
            if (old[i].url)
                *seen_slot(w, old[i].url) = old[i];
        free(old);
    }
    struct archived *a = seen_slot(w, url);
    if (!a->url) {
        a->url = nw_strdup(url);
        w->seen_n++;
    }
    snprintf(a->digest, sizeof a->digest, "%s", digest);
    snprintf(a->date, sizeof a->date, "%s", date);
    snprintf(a->id, sizeof a->id, "%s", id);
}

void warc_digest(const void *data, size_t len, char out[38])
{
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1(data, len, md);
    static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    memcpy(out, "sha1:", 5);
    /* 20 bytes = 160 bits = 32 base32 digits, no padding */
    int o = 5;
    uint64_t acc = 0;
    int bits = 0;
    for (int i = 0; i < SHA_DIGEST_LENGTH; i++) {
        acc = acc << 8 | md[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = b32[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    out[o] = '\0';
}

static void record_id(char out[64])
{
    unsigned char b[16];
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)rand();
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* a version 4 UUID */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 64, "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void warc_date(int64_t ms, char out[32])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Appends one gzip member holding `data` to the file. */
static int put_member(struct warc_writer *w, const struct nw_buf *data)
{
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    size_t cap = deflateBound(&z, data->len);
    unsigned char *out = nw_malloc(cap);
    z.next_in = (Bytef *)data->data;
    z.avail_in = (uInt)data->len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int zr = deflate(&z, Z_FINISH);
    size_t n = cap - z.avail_out;
    deflateEnd(&z);
    int rc = zr == Z_STREAM_END && fwrite(out, 1, n, w->f) == n && fflush(w->f) == 0 ? 0 : -1;
    free(out);
    if (rc == 0)
        w->size += n;
    return rc;
}

/* A record: its headers (type, date, target, id, extra lines) and block. */
static int put_record(struct warc_writer *w, const char *type, const char *uri, int64_t ms, const char *id,
                      const char *ctype, const char *extra, const void *block, size_t len)
{
    struct nw_buf b = {0};
    char date[32], digest[38];
    warc_date(ms, date);
    warc_digest(block, len, digest);
    nw_buf_printf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Date: %s\r\nWARC-Record-ID: %s\r\n", type, date, id);
    if (uri)
        nw_buf_printf(&b, "WARC-Target-URI: %s\r\n", uri);
    if (extra)
        nw_buf_puts(&b, extra);
    nw_buf_printf(&b, "WARC-Block-Digest: %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n", digest, ctype, len);
    nw_buf_append(&b, block, len);
    nw_buf_puts(&b, "\r\n\r\n");
    int rc = put_member(w, &b);
    nw_buf_cleanup(&b);
    return rc;
}

static int close_file(struct warc_writer *w, struct nw_err *err)
{
    if (!w->f)
        return 0;
    int rc = fflush(w->f) == 0 && fsync(fileno(w->f)) == 0 ? 0 : -1;
    fclose(w->f);
    w->f = NULL;
    char open_path[4200], path[4096];
    snprintf(path, sizeof path, "%s/%s", w->dir, w->name);
    snprintf(open_path, sizeof open_path, "%s.open", path);
    if (rc == 0 && w->size == 0)
        unlink(open_path); /* not even its warcinfo record went in */
    else if (rc == 0 && rename(open_path, path) != 0)
        rc = -1;
    if (rc < 0)
        nw_err_set(err, errno, "%s: %s", open_path, strerror(errno));
    free(w->name);
    w->name = NULL;
    return rc;
}

static int open_file(struct warc_writer *w, int64_t now_ms, struct nw_err *err)
{
    char stamp[32], path[4200] = "";
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
    int fd = -1;
    for (int tries = 0; tries < 100000 && fd < 0; tries++) {
        free(w->name);
        struct nw_buf n = {0};
        nw_buf_printf(&n, "newswire-%s-%05u.warc.gz", stamp, w->seq++);
        w->name = nw_buf_steal(&n);
        char closed[4096];
        snprintf(closed, sizeof closed, "%s/%s", w->dir, w->name);
        snprintf(path, sizeof path, "%s.open", closed);
        if (access(closed, F_OK) == 0)
            continue;
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0 || !(w->f = fdopen(fd, "wb"))) {
        nw_err_set(err, errno, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    w->size = 0;
    w->opened_ms = now_ms;
    char id[64];
    record_id(id);
    struct nw_buf info = {0}, extra = {0};
    nw_buf_printf(&info,
                  "software: %s\r\nformat: WARC File Format 1.1\r\n"
                  "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
                  "description: every fetch of a newswire fetcher; payloads are stored with their "
                  "content-coding undone (the original headers kept as X-Archive-Orig-*)\r\n",
                  w->software);
    nw_buf_printf(&extra, "WARC-Filename: %s\r\n", w->name);
    int rc = put_record(w, "warcinfo", NULL, now_ms, id, "application/warc-fields", extra.data, info.data, info.len);
    nw_buf_cleanup(&info);
    nw_buf_cleanup(&extra);
    if (rc < 0)
        nw_err_set(err, errno, "%s: cannot write", path);
    return rc;
}

int warc_writer_open(struct warc_writer **wp, const char *dir, uint64_t max_bytes, int64_t max_age_ms,
                     const char *software, struct nw_err *err)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        nw_err_set(err, errno, "archive %s: %s", dir, strerror(errno));
        return -1;
    }
    if (warc_recover(dir, err) < 0)
        return -1;
    struct warc_writer *w = nw_calloc(1, sizeof *w);
    w->dir = nw_strdup(dir);
    w->software = nw_strdup(software);
    w->max_bytes = max_bytes;
    w->max_age_ms = max_age_ms;
    *wp = w;
    return 0;
}

void warc_writer_rotate(struct warc_writer *w, int64_t now_ms)
{
    struct nw_err err = {0};
    if (w->f && now_ms - w->opened_ms >= w->max_age_ms && close_file(w, &err) < 0)
        w->failed = true;
}

void warc_writer_close(struct warc_writer *w)
{
    if (!w)
        return;
    struct nw_err err = {0};
    close_file(w, &err);
    for (size_t i = 0; i < w->seen_cap; i++)
        free(w->seen[i].url);
    free(w->seen);
    free(w->dir);
    free(w->software);
    free(w->name);
    free(w);
}

/* The response head as archived: the transfer's codings are undone in the
 * payload, so their headers are renamed and the length is the payload's. */
static void archived_head(const char *head, size_t len, size_t body_len, struct nw_buf *out)
{
    const char *p = head, *e = head + len;
    bool first = true;
    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *le = nl ? nl : e;
        size_t ll = (size_t)(le - p);
        if (ll && p[ll - 1] == '\r')
            ll--;
        if (ll == 0)
            break;
        if (!first && (!strncasecmp(p, "Content-Encoding:", 17) || !strncasecmp(p, "Transfer-Encoding:", 18) ||
                       !strncasecmp(p, "Content-Length:", 15)))
            nw_buf_puts(out, "X-Archive-Orig-");
        nw_buf_append(out, p, ll);
        nw_buf_puts(out, "\r\n");
        first = false;
        p = nl ? nl + 1 : e;
    }
    nw_buf_printf(out, "Content-Length: %zu\r\n\r\n", body_len);
}

int warc_write_exchange(struct warc_writer *w, const struct warc_exchange *x, struct nw_err *err)
{
    if (w->failed && x->time_ms - w->failed_ms < WARC_RETRY_MS)
        return 1;
    w->failed = false;
    uint64_t start = 0; /* the file's whole records end here */
    if (w->f && (w->size >= w->max_bytes || x->time_ms - w->opened_ms >= w->max_age_ms) && close_file(w, err) < 0)
        goto fail;
    if (!w->f && open_file(w, x->time_ms, err) < 0)
        goto fail;
    start = w->size;
    char req_id[64], resp_id[64];
    record_id(req_id);
    record_id(resp_id);
    struct nw_buf extra = {0}, block = {0};
    int rc = 0;
    bool have_response = x->status > 0 && x->response_head && x->head_len;
    if (x->request && x->request_len) {
        nw_buf_printf(&extra, "WARC-Concurrent-To: %s\r\n", resp_id);
        if (x->ip && *x->ip)
            nw_buf_printf(&extra, "WARC-IP-Address: %s\r\n", x->ip);
        rc |= put_record(w, "request", x->url, x->time_ms, req_id, "application/http; msgtype=request", extra.data,
                         x->request, x->request_len);
        nw_buf_reset(&extra);
    }
    if (x->request && x->request_len)
        nw_buf_printf(&extra, "WARC-Concurrent-To: %s\r\n", req_id);
    if (x->ip && *x->ip)
        nw_buf_printf(&extra, "WARC-IP-Address: %s\r\n", x->ip);
    if (have_response && x->status == 304) {
        nw_buf_printf(&extra, "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/server-not-modified\r\n"
                              "WARC-Refers-To-Target-URI: %s\r\n",
                      x->url);
        archived_head(x->response_head, x->head_len, 0, &block);
        block.len -= strlen("Content-Length: 0\r\n\r\n");
        nw_buf_puts(&block, "\r\n");
        rc |= put_record(w, "revisit", x->url, x->time_ms, resp_id, "application/http; msgtype=response", extra.data,
                         block.data, block.len);
    } else if (have_response) {
        char digest[38];
        warc_digest(x->body ? x->body : "", x->body_len, digest);
        bool remember = x->same_payload_revisit && x->status >= 200 && x->status < 300;
        struct archived *orig = remember ? seen_slot(w, x->url) : NULL;
        archived_head(x->response_head, x->head_len, x->body_len, &block);
        if (orig && orig->url && !strcmp(orig->digest, digest)) {
            /* the headers alone, the payload being the one archived before */
            nw_buf_printf(&extra,
                          "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n"
                          "WARC-Refers-To-Target-URI: %s\r\nWARC-Refers-To-Date: %s\r\nWARC-Refers-To: %s\r\n"
                          "WARC-Payload-Digest: %s\r\n",
                          x->url, orig->date, orig->id, digest);
            rc |= put_record(w, "revisit", x->url, x->time_ms, resp_id, "application/http; msgtype=response",
                             extra.data, block.data, block.len);
        } else {
            nw_buf_printf(&extra, "WARC-Payload-Digest: %s\r\n", digest);
            if (x->truncated)
                nw_buf_puts(&extra, "WARC-Truncated: length\r\n");
            nw_buf_append(&block, x->body ? x->body : "", x->body_len);
            rc |= put_record(w, "response", x->url, x->time_ms, resp_id, "application/http; msgtype=response",
                             extra.data, block.data, block.len);
            if (remember && rc == 0) {
                char date[32];
                warc_date(x->time_ms, date);
                seen_put(w, x->url, digest, date, resp_id);
            }
        }
    } else {
        nw_buf_printf(&block, "fetch-error: %s\r\n", x->error ? x->error : "no response");
        rc |= put_record(w, "metadata", x->url, x->time_ms, resp_id, "application/warc-fields", extra.data, block.data,
                         block.len);
    }
    nw_buf_cleanup(&extra);
    nw_buf_cleanup(&block);
    if (rc == 0)
        return 0;
    nw_err_set(err, errno, "archive %s/%s: cannot write: %s", w->dir, w->name ? w->name : "?", strerror(errno));
fail:
    w->failed = true;
    w->failed_ms = x->time_ms;
    if (w->f) {
        /* what this exchange began to write goes (a full disk cuts a
         * member short): the file is closed ending with a whole record */
        __fpurge(w->f);
        if (ftruncate(fileno(w->f), (off_t)start) == 0)
            w->size = start;
    }
    struct nw_err ignored = {0};
    close_file(w, &ignored);
    return -1;
}

/* The end of the last whole gzip member of a file: what a crash leaves
 * after it is a torn record. */
static uint64_t whole_members(FILE *f)
{
    z_stream z = {0};
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return 0;
    unsigned char in[CHUNK], out[CHUNK];
    uint64_t base = 0, good = 0;
    size_t n = 0;
    bool open = false;
    for (;;) {
        if (z.avail_in == 0) {
            base += n;
            n = fread(in, 1, sizeof in, f);
            if (n == 0)
                break;
            z.next_in = in;
            z.avail_in = (uInt)n;
        }
        if (!open) {
            inflateReset(&z);
            open = true;
        }
        z.next_out = out;
        z.avail_out = sizeof out;
        int zr = inflate(&z, Z_NO_FLUSH);
        if (zr == Z_STREAM_END) {
            open = false;
            good = base + (uint64_t)(z.next_in - in);
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            break;
        }
    }
    inflateEnd(&z);
    return good;
}

int warc_recover(const char *dir, struct nw_err *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        nw_err_set(err, errno, "archive %s: %s", dir, strerror(errno));
        return -1;
    }
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 13 || strcmp(e->d_name + l - 13, ".warc.gz.open"))
            continue;
        char path[4096], closed[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(closed, sizeof closed, "%s/%.*s", dir, (int)(l - 5), e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        uint64_t good = whole_members(f);
        fclose(f);
        if (good == 0) {
            unlink(path); /* not even its warcinfo record was whole */
            continue;
        }
        if (truncate(path, (off_t)good) == 0 && rename(path, closed) == 0)
            count++;
    }
    closedir(d);
    return count;
}

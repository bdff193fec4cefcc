/* The WARC reader (see warc.h). Bytes come from a small source that
 * inflates gzip members one at a time, so that the start of each member is
 * known: a record that starts a member can be read again from there. */
#include "warc.h"

#include <brotli/decode.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "../common/buf.h"
#include "../common/mem.h"

#define CHUNK 65536
#define MAX_HEADER_LINE 65536
#define MAX_HEADER_LINES 512

struct warc_reader {
    FILE *f;
    char *path;
    bool gz;
    z_stream z;
    bool member_open;        /* inside a gzip member */
    unsigned char in[CHUNK];
    size_t in_len;           /* bytes in `in` (z.next_in points into it) */
    uint64_t in_base;        /* file offset of in[0] */
    unsigned char out[CHUNK];
    size_t out_pos, out_len;
    uint64_t plain_pos;      /* plain files: offset of out[out_pos] */
    bool eof, broken;
    size_t max_block;
};

bool warc_magic(const void *data, size_t len)
{
    return len >= 7 && !memcmp(data, "WARC/1.", 7);
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
    r->in_len = fread(r->in, 1, sizeof r->in, r->f);
    r->z.next_in = r->in;
    r->z.avail_in = (uInt)r->in_len;
    return r->in_len > 0;
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
    if (!r->gz) {
        r->out_len = fread(r->out, 1, sizeof r->out, r->f);
        if (r->out_len == 0)
            r->eof = true;
        return r->out_len > 0;
    }
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
            inflateReset(&r->z);
            r->member_open = true;
        }
        r->z.next_out = r->out;
        r->z.avail_out = sizeof r->out;
        int zr = inflate(&r->z, Z_NO_FLUSH);
        r->out_len = sizeof r->out - r->z.avail_out;
        if (zr == Z_STREAM_END) {
            r->member_open = false;
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            r->broken = true;
            return r->out_len > 0;
        }
    }
    return 1;
}

/* Offset of the next unread byte: for plain files exact; for gzip files
 * the start of the next member when nothing of it is read yet, else
 * UINT64_MAX (not seekable). */
static uint64_t here(const struct warc_reader *r, bool *seekable)
{
    if (!r->gz) {
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
    if (!r->gz)
        r->plain_pos++;
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

/* Copies n bytes into dst (or skips them when dst is NULL). Returns the
 * number read. */
static size_t read_bytes(struct warc_reader *r, unsigned char *dst, size_t n)
{
    size_t got = 0;
    while (got < n && fill(r)) {
        size_t k = r->out_len - r->out_pos;
        if (k > n - got)
            k = n - got;
        if (dst)
            memcpy(dst + got, r->out + r->out_pos, k);
        r->out_pos += k;
        if (!r->gz)
            r->plain_pos += k;
        got += k;
    }
    return got;
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
    r->z.next_in = r->in;
    r->z.avail_in = 0;
    fseeko(f, (off_t)offset, SEEK_SET);
    if (r->gz && inflateInit2(&r->z, 15 + 16) != Z_OK) {
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

void warc_close(struct warc_reader *r)
{
    if (!r)
        return;
    if (r->gz)
        inflateEnd(&r->z);
    if (r->f)
        fclose(r->f);
    free(r->path);
    free(r);
}

uint64_t warc_position(const struct warc_reader *r)
{
    return r->gz ? comp_pos(r) : r->plain_pos;
}

void warc_record_cleanup(struct warc_record *rec)
{
    free(rec->target_uri);
    free(rec->content_type);
    free(rec->payload_digest);
    free(rec->refers_to_uri);
    free(rec->block);
    memset(rec, 0, sizeof *rec);
}

static char *header_value(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) || line[n] != ':')
        return NULL;
    const char *v = line + n + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t len = strlen(v);
    while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    if (len >= 2 && v[0] == '<' && v[len - 1] == '>') { /* WARC/1.0 as some tools write it */
        v++;
        len -= 2;
    }
    return nw_strndup(v, len);
}

/* Skips to the start of the next record after a malformed one: the next
 * gzip member, or the next line starting "WARC/1.". */
static void resync(struct warc_reader *r, struct nw_buf *line)
{
    for (;;) {
        if (r->gz && !r->member_open && r->out_pos == r->out_len)
            return;
        if (!r->gz) {
            int c = peekbyte(r);
            if (c < 0)
                return;
            if (c == 'W') {
                unsigned char look[8];
                size_t avail = r->out_len - r->out_pos;
                if (avail >= 7) {
                    memcpy(look, r->out + r->out_pos, 7);
                    if (warc_magic(look, 7))
                        return;
                }
            }
        }
        if (read_line(r, line) == -1)
            return;
        if (!r->gz)
            continue;
    }
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
    if (!r->gz)
        start = here(r, &seekable);
    if (c < 0) {
        nw_buf_cleanup(&line);
        if (r->broken) {
            nw_err_set(err, 1, "%s: corrupt gzip data near offset %llu", r->path,
                       (unsigned long long)warc_position(r));
            return -1;
        }
        return 0;
    }
    rec->offset = start;
    rec->seekable = seekable;
    long n = read_line(r, &line);
    if (n < 0 || !warc_magic(line.data, line.len)) {
        nw_err_set(err, 1, "%s: offset %llu: not a WARC record", r->path, (unsigned long long)rec->offset);
        goto bad;
    }
    int64_t length = -1;
    for (int i = 0;; i++) {
        n = read_line(r, &line);
        if (n < 0 || i > MAX_HEADER_LINES) {
            nw_err_set(err, 1, "%s: offset %llu: record headers cut short", r->path,
                       (unsigned long long)rec->offset);
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
        }
    }
    if (length < 0) {
        nw_err_set(err, 1, "%s: offset %llu: no valid Content-Length", r->path, (unsigned long long)rec->offset);
        goto bad;
    }
    if ((uint64_t)length > r->max_block) {
        rec->too_large = true;
        if (read_bytes(r, NULL, (size_t)length) != (size_t)length)
            goto cut;
    } else {
        rec->block = nw_malloc((size_t)length + 1);
        if (read_bytes(r, rec->block, (size_t)length) != (size_t)length)
            goto cut;
        rec->block[length] = '\0';
        rec->block_len = (size_t)length;
    }
    /* the record ends with CRLF CRLF */
    for (int i = 0; i < 4 && ((c = peekbyte(r)) == '\r' || c == '\n'); i++)
        getbyte(r);
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
    warc_close(r);
    return rc == 1 ? 1 : -1;
}

/* ---- HTTP payloads ------------------------------------------------------- */

void warc_http_cleanup(struct warc_http *h)
{
    free(h->content_type);
    free(h->etag);
    free(h->last_modified);
    free(h->body);
    memset(h, 0, sizeof *h);
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

static int inflate_all(const void *data, size_t len, int wbits, size_t max, struct nw_buf *out)
{
    z_stream z = {0};
    if (inflateInit2(&z, wbits) != Z_OK)
        return -1;
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    int rc = 0;
    for (;;) {
        char *room = nw_buf_room(out, CHUNK);
        if (!room || out->len > max) {
            rc = -1;
            break;
        }
        z.next_out = (Bytef *)room;
        z.avail_out = CHUNK;
        int zr = inflate(&z, Z_NO_FLUSH);
        nw_buf_wrote(out, CHUNK - z.avail_out);
        if (zr == Z_STREAM_END) {
            /* another gzip member may follow */
            if (wbits >= 16 + 8 && z.avail_in > 2 && z.next_in[0] == 0x1f && z.next_in[1] == 0x8b) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (zr != Z_OK) {
            rc = zr == Z_BUF_ERROR && z.avail_in == 0 ? 0 : -1; /* cut short: keep what came */
            break;
        }
    }
    inflateEnd(&z);
    return rc == 0 && out->len <= max ? 0 : -1;
}

int warc_gunzip(const void *data, size_t len, size_t max, struct nw_buf *out)
{
    return inflate_all(data, len, 15 + 16, max, out);
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

static char *http_header(const char *line, size_t len, const char *name)
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
        if ((v = http_header(line, ll, "Transfer-Encoding"))) {
            free(te);
            te = v;
        } else if ((v = http_header(line, ll, "Content-Encoding"))) {
            free(ce);
            ce = v;
        } else if (!out->content_type && (v = http_header(line, ll, "Content-Type"))) {
            out->content_type = v;
        } else if (!out->etag && (v = http_header(line, ll, "ETag"))) {
            out->etag = v;
        } else if (!out->last_modified && (v = http_header(line, ll, "Last-Modified"))) {
            out->last_modified = v;
        }
    }
    struct nw_buf a = {0}, b = {0};
    const unsigned char *body = (const unsigned char *)p;
    size_t blen = (size_t)(e - p);
    int rc = 0;
    if (te && strcasestr(te, "chunked")) {
        if (unchunk(body, blen, &a) < 0) {
            nw_err_set(err, 1, "bad chunked transfer-coding");
            rc = -1;
        }
        body = (const unsigned char *)(a.data ? a.data : "");
        blen = a.len;
    }
    if (rc == 0 && ce && *ce && strcasecmp(ce, "identity")) {
        if (!strcasecmp(ce, "gzip") || !strcasecmp(ce, "x-gzip"))
            rc = inflate_all(body, blen, 15 + 16, max_body, &b);
        else if (!strcasecmp(ce, "deflate")) {
            rc = inflate_all(body, blen, 15, max_body, &b); /* zlib wrapper, as the RFC says */
            if (rc < 0) {
                nw_buf_reset(&b);
                rc = inflate_all(body, blen, -15, max_body, &b); /* raw, as some servers send */
            }
        } else if (!strcasecmp(ce, "br"))
            rc = unbrotli(body, blen, max_body, &b);
        else
            rc = -1;
        if (rc < 0)
            nw_err_set(err, 1, "content-coding \"%s\" does not decode", ce);
        body = (const unsigned char *)(b.data ? b.data : "");
        blen = b.len;
    }
    if (rc == 0 && blen > max_body) {
        nw_err_set(err, 1, "payload over %zu bytes", max_body);
        rc = -1;
    }
    if (rc == 0) {
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

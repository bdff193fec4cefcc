#ifndef NW_BUF_H
#define NW_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A growable byte buffer with a hard cap. `data` is always NUL-terminated
 * (the terminator is not counted in `len`). A zeroed struct is a valid empty
 * buffer with no cap. */
struct nw_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max; /* 0 = unlimited */
};

void nw_buf_init(struct nw_buf *b, size_t max);
void nw_buf_cleanup(struct nw_buf *b);
void nw_buf_reset(struct nw_buf *b);

/* Appends n bytes. Returns 0, or -1 (buffer unchanged) when the cap would be
 * exceeded. Inline when there is room already (the parsers write output a
 * few bytes at a time); nw_buf_grow_append does the rest. */
int nw_buf_grow_append(struct nw_buf *b, const void *p, size_t n);

static inline int nw_buf_append(struct nw_buf *b, const void *p, size_t n)
{
    if (b->len + n < b->cap && (!b->max || b->len + n <= b->max)) {
        if (n)
            memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return 0;
    }
    return nw_buf_grow_append(b, p, n);
}

static inline int nw_buf_puts(struct nw_buf *b, const char *s) { return nw_buf_append(b, s, strlen(s)); }

static inline int nw_buf_putc(struct nw_buf *b, char c) { return nw_buf_append(b, &c, 1); }

int nw_buf_printf(struct nw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* x in decimal, without printf (for writers that put many numbers). */
int nw_buf_put_u64(struct nw_buf *b, uint64_t x);

/* Reads a whole stream into b (initialised here with cap `max`).
 * Returns 0, or -1 with errno set (EFBIG when over the cap). */
int nw_buf_read_stream(struct nw_buf *b, FILE *f, size_t max);
/* The same for a file path; "-" is standard input. */
int nw_buf_read_file(struct nw_buf *b, const char *path, size_t max);

/* Capacity for n more bytes, allocated now: 0, or -1 past the cap. */
int nw_buf_reserve(struct nw_buf *b, size_t n);

/* Room for n more bytes: returns where to write them (then say how many
 * were written with nw_buf_wrote, before anything else touches b), or
 * NULL when the cap would be passed. */
char *nw_buf_room(struct nw_buf *b, size_t n);
void nw_buf_wrote(struct nw_buf *b, size_t n);

/* Appends the inflated `data` (zlib's wbits: 15 + 16 gzip, members one
 * after another; 15 zlib; -15 raw deflate). A stream cut short keeps what
 * came. Returns 0, or -1 when the data is not such a stream or its output
 * passes max. */
int nw_buf_inflate(struct nw_buf *out, const void *data, size_t len, int wbits, size_t max);

/* Appends the zstd data's content (RFC 8878; every frame, skippable ones
 * skipped) to out, up to max bytes. Returns 0, or -1 when it does not
 * decode or makes more than max (out then holds what did); data cut short
 * gives what came. */
int nw_buf_unzstd(struct nw_buf *out, const void *data, size_t len, size_t max);

/* Whether the bytes start a zstd frame (28 B5 2F FD). */
bool nw_zstd_magic(const void *data, size_t len);

/* "gzip" or "zstd" when the bytes are such a file's, else NULL. */
const char *nw_buf_packing(const void *data, size_t len);

/* Appends the content of a gzip or zstd file's bytes (nw_buf_packing) to
 * out, up to max bytes: nw_buf_inflate's or nw_buf_unzstd's result. */
int nw_buf_unpack(struct nw_buf *out, const void *data, size_t len, size_t max);

/* Appends s with &, < and > escaped for XML text, and " too when attr
 * (for an attribute value). */
void nw_buf_put_xml(struct nw_buf *b, const char *s, int attr);

/* Hands the bytes to the caller (who frees them) and resets the buffer. */
char *nw_buf_steal(struct nw_buf *b);

#endif

#ifndef NW_WARC_H
#define NW_WARC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/err.h"

/* WARC files (ISO 28500, versions 1.0 and 1.1), read as a stream: plain,
 * gzip with one member per record (the usual form, which lets a record be
 * read again from its offset), or one gzip member for the whole file.
 * Memory stays bounded by the largest block kept (max_block). */

struct warc_reader;

struct warc_record {
    char type[24];          /* WARC-Type: response, resource, revisit, request, metadata, warcinfo... */
    char *target_uri;       /* WARC-Target-URI, without the <> of some 1.0 writers; may be NULL */
    char *content_type;     /* of the block: "application/http; msgtype=response"... */
    char *payload_digest;   /* WARC-Payload-Digest, may be NULL */
    char *refers_to_uri;    /* revisits: WARC-Refers-To-Target-URI */
    int64_t date;           /* WARC-Date, seconds since the epoch; 0 when absent or unreadable */
    uint64_t offset;        /* where the record starts in the file (of its gzip member for .gz) */
    bool seekable;          /* warc_read_at(offset) reads it again */
    unsigned char *block;   /* the record's content block (NUL-terminated), NULL when skipped */
    size_t block_len;
    bool too_large;         /* the block was over max_block: its first max_block bytes kept, the rest passed */
    bool truncated;         /* too_large, or WARC-Truncated: its writer cut the payload at a limit */
    bool block_borrowed;    /* block lies in the reader's buffer (no copy): valid until its next call */
};

/* Opens a file; a gzip file is recognised by its magic bytes. Returns 0,
 * or -1 with err set. */
int warc_open(struct warc_reader **r, const char *path, size_t max_block, struct nw_err *err);

/* Reads the next record into rec (cleaned up by the caller). Returns 1, 0
 * at the end, or -1 for a malformed record: err gives the file and offset,
 * the reader has moved on to the next record and the next call goes on.
 * A block that lies whole in the reader's buffer (a gzip member inflated
 * at once) is not copied: rec->block then holds until the reader's next
 * call. */
int warc_next(struct warc_reader *r, struct warc_record *rec, struct nw_err *err);

/* Bytes of the file consumed so far, and its size (for progress). */
uint64_t warc_position(const struct warc_reader *r);

/* A count that grows whenever the reader moves on, in the file or in what
 * it decompressed (warc_position stays put while a member or frame read
 * at once is read through). */
uint64_t warc_progress(const struct warc_reader *r);

void warc_close(struct warc_reader *r);

/* Reads the one record that starts at `offset` (a seekable record's).
 * Returns 1, or -1 with err set. */
int warc_read_at(const char *path, uint64_t offset, size_t max_block, struct warc_record *rec, struct nw_err *err);

void warc_record_cleanup(struct warc_record *rec);

/* Whether path is zstd-compressed WARC (.warc.zst: a zstd frame per
 * record, perhaps after a skippable frame holding their dictionary), by
 * its first record's first line. warc_open reads such files as it reads
 * gzip ones, each frame's start a record's offset. */
bool warc_zst_file(const char *path);

/* Whether the bytes start a zstd file: a frame, or a skippable frame (a
 * .warc.zst's dictionary) first. */
bool warc_zst_start(const void *data, size_t len);

/* Whether the bytes start an ARC file (the Internet Archive's format
 * before WARC, read as WARC is: its http records as responses). */
bool warc_arc_start(const void *data, size_t len);

/* Whether the bytes start a WARC record: "WARC/1.", or "WARC/0.17" and
 * "WARC/0.18", the drafts before ISO 28500 (as warcio reads them). */
bool warc_magic(const void *data, size_t len);

/* An archived HTTP response (an application/http block): status line and
 * headers read, chunked transfer-coding and gzip/deflate/br content-coding
 * undone. */
struct warc_http {
    int status;
    char *content_type;     /* the Content-Type header, may be NULL */
    char *etag, *last_modified;
    char *location;         /* the Location header (a redirect's), may be NULL */
    char *refresh;          /* the Refresh header, may be NULL */
    unsigned char *body;    /* decoded payload (NUL-terminated) */
    size_t body_len;
    bool body_borrowed; /* body is the end of the block (nothing to decode): no copy */
    bool truncated;     /* the payload went on past max_body: its first max_body bytes */
};

/* The value of header `name` (any case) if the line of len bytes is that
 * header, trimmed and copied; else NULL. For HTTP heads, here and in the
 * client. */
char *warc_header_value(const char *line, size_t len, const char *name);

/* Returns 0, or -1 with err set (not HTTP, a coding that does not decode).
 * A payload over max_body (decoded) is cut there, truncated set; a coded
 * payload cut short (a block cut at a limit) gives what decodes.
 * block[len] must be NUL, as warc_next leaves it; a payload with nothing
 * to decode is then the block's end, not a copy (body_borrowed), and
 * holds as long as the block. */
int warc_http_parse(const unsigned char *block, size_t len, size_t max_body, struct warc_http *out, struct nw_err *err);
void warc_http_cleanup(struct warc_http *h);

/* ---- writing ---------------------------------------------------------- */

/* A folder of WARC/1.1 files, one gzip member per record. The file being
 * written is named NAME.warc.gz.open and renamed NAME.warc.gz when closed
 * (at archive_max bytes, at archive_age, or at the end); NAME is
 * newswire-YYYYMMDDhhmmss-SEQUENCE. Opening the folder first closes the
 * `.open` files a crash left, cutting off a torn record at their end. */
struct warc_writer;

int warc_writer_open(struct warc_writer **w, const char *dir, uint64_t max_bytes, int64_t max_age_ms,
                     const char *software, struct nw_err *err);
void warc_writer_close(struct warc_writer *w);

/* Closes the file being written when it has reached archive_age (called
 * now and then, so that an idle fetcher does not keep it open). */
void warc_writer_rotate(struct warc_writer *w, int64_t now_ms);

/* One fetch as the client saw it. */
struct warc_exchange {
    const char *url;            /* the final address */
    const char *ip;             /* the server's address, may be NULL */
    int64_t time_ms;
    const char *request;        /* the request head as sent, may be NULL */
    size_t request_len;
    const char *response_head;  /* status line and headers as received (the last response) */
    size_t head_len;
    const char *body;           /* the payload, content-coding already undone */
    size_t body_len;
    int status;                 /* 0 when there was no response */
    const char *error;          /* why the fetch failed, or NULL */
    bool same_payload_revisit;  /* (feeds, robots.txt) a 2xx payload the same as the one this writer last archived for
                                   the URL is written as a revisit of it */
    bool truncated;             /* the payload stops at a length limit (WARC-Truncated: length) */
};

/* Writes the request record and a response record (a revisit, profile
 * server-not-modified, for a 304; with same_payload_revisit, a revisit of
 * profile identical-payload-digest for a payload the same as the one this
 * writer last archived for the URL, naming that record, its date and the
 * payload's digest: a feed polled without validators is not archived
 * whole again while it stays the same; a metadata record naming the error
 * when there was no response). The response head is archived with the
 * headers of the transfer undone renamed X-Archive-Orig-* and the length
 * of the archived payload. Returns 0; or -1 with err set: the file is
 * closed ending with its last whole record (what the exchange began to
 * write is cut off), and writing pauses for WARC_RETRY_MS (a full disk
 * may get room again); or 1 while paused, the exchange not archived. */
#define WARC_RETRY_MS 60000
int warc_write_exchange(struct warc_writer *w, const struct warc_exchange *x, struct nw_err *err);

/* Closes the `.open` files of a folder (see above). Returns the number
 * recovered, or -1 with err set. */
int warc_recover(const char *dir, struct nw_err *err);

/* "sha1:" + base32 of the SHA-1 of the bytes, as WARC digests are written. */
void warc_digest(const void *data, size_t len, char out[38]);

#endif

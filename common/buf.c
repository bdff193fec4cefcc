#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "mem.h"

/* In AddressSanitizer builds the bytes past the room nw_buf_room gives
 * are poisoned until nw_buf_wrote: a writer in place that goes past what
 * it asked for is caught even where the buffer's capacity would hide it. */
#if defined(__SANITIZE_ADDRESS__)
#define NW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NW_ASAN 1
#endif
#endif
#ifdef NW_ASAN
#include <sanitizer/asan_interface.h>
static void room_poison(struct nw_buf *b, size_t from)
{
    if (b->cap > from)
        ASAN_POISON_MEMORY_REGION(b->data + from, b->cap - from);
}
static void room_unpoison(struct nw_buf *b)
{
    if (b->cap)
        ASAN_UNPOISON_MEMORY_REGION(b->data, b->cap);
}
#else
static void room_poison(struct nw_buf *b, size_t from)
{
    (void)b;
    (void)from;
}
static void room_unpoison(struct nw_buf *b) { (void)b; }
#endif

void nw_buf_init(struct nw_buf *b, size_t max)
{
    memset(b, 0, sizeof *b);
    b->max = max;
}

void nw_buf_cleanup(struct nw_buf *b)
{
    if (b == NULL)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void nw_buf_reset(struct nw_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int reserve(struct nw_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (b->max && b->len + extra > b->max)
        return -1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    room_unpoison(b);
    b->data = nw_realloc(b->data, cap);
    b->cap = cap;
    return 0;
}

int nw_buf_grow_append(struct nw_buf *b, const void *p, size_t n)
{
    if (reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int nw_buf_reserve(struct nw_buf *b, size_t n) { return reserve(b, n); }

char *nw_buf_room(struct nw_buf *b, size_t n)
{
    if (reserve(b, n) < 0)
        return NULL;
    room_poison(b, b->len + n + 1);
    return b->data + b->len;
}

void nw_buf_wrote(struct nw_buf *b, size_t n)
{
    room_unpoison(b);
    b->len += n;
    b->data[b->len] = '\0';
}

int nw_buf_put_u64(struct nw_buf *b, uint64_t x)
{
    char d[20];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + x % 10);
        x /= 10;
    } while (x);
    return nw_buf_append(b, d + i, sizeof d - i);
}

int nw_buf_printf(struct nw_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

char *nw_buf_steal(struct nw_buf *b)
{
    char *p = b->data ? b->data : nw_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

int nw_buf_read_stream(struct nw_buf *b, FILE *f, size_t max)
{
    nw_buf_init(b, max);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (nw_buf_append(b, chunk, n) < 0) {
            errno = EFBIG;
            return -1;
        }
    return ferror(f) ? -1 : 0;
}

int nw_buf_read_file(struct nw_buf *b, const char *path, size_t max)
{
    if (!strcmp(path, "-"))
        return nw_buf_read_stream(b, stdin, max);
    nw_buf_init(b, max);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* a regular file is read straight into a buffer of its size */
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && reserve(b, (size_t)st.st_size) < 0) {
        close(fd);
        errno = EFBIG;
        return -1;
    }
    int rc = 0;
    for (;;) {
        size_t room = 0;
        if (b->cap - b->len >= 2 || reserve(b, 65536) == 0 || reserve(b, 1) == 0) {
            room = b->cap - b->len - 1;
            if (b->max && room > b->max - b->len)
                room = b->max - b->len;
        }
        if (room == 0) { /* at the cap: one more byte is too many */
            char probe;
            ssize_t n = read(fd, &probe, 1);
            if (n != 0) {
                if (n > 0)
                    errno = EFBIG;
                rc = -1;
            }
            break;
        }
        ssize_t n = read(fd, b->data + b->len, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -1 : 0;
            break;
        }
        b->len += (size_t)n;
        b->data[b->len] = '\0';
    }
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

void nw_buf_put_xml(struct nw_buf *b, const char *s, int attr)
{
    /* runs with nothing to escape are copied whole */
    const char *stop = attr ? "&<>\"" : "&<>";
    for (const char *p = s;;) {
        size_t run = strcspn(p, stop);
        nw_buf_append(b, p, run);
        p += run;
        if (!*p)
            break;
        nw_buf_puts(b, *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : "&quot;");
        p++;
    }
}

#define INFLATE_CHUNK 65536

bool nw_zstd_magic(const void *data, size_t len)
{
    const unsigned char *p = data;
    return len >= 4 && p[0] == 0x28 && p[1] == 0xB5 && p[2] == 0x2F && p[3] == 0xFD;
}

/* Room for the next chunk a decoder writes, or NULL when out holds more
 * than max already (or cannot grow). */
static char *chunk_room(struct nw_buf *out, size_t max)
{
    return out->len > max ? NULL : nw_buf_room(out, INFLATE_CHUNK);
}

const char *nw_buf_packing(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return "gzip";
    return nw_zstd_magic(data, len) ? "zstd" : NULL;
}

int nw_buf_unpack(struct nw_buf *out, const void *data, size_t len, size_t max)
{
    return nw_zstd_magic(data, len) ? nw_buf_unzstd(out, data, len, max) : nw_buf_inflate(out, data, len, 15 + 16, max);
}

int nw_buf_unzstd(struct nw_buf *out, const void *data, size_t len, size_t max)
{
    ZSTD_DStream *z = ZSTD_createDStream();
    if (!z)
        return -1;
    ZSTD_inBuffer in = {data, len, 0};
    int rc = 0;
    for (;;) {
        char *room = chunk_room(out, max);
        if (!room) {
            rc = -1;
            break;
        }
        ZSTD_outBuffer o = {room, INFLATE_CHUNK, 0};
        size_t r = ZSTD_decompressStream(z, &o, &in);
        nw_buf_wrote(out, o.pos);
        if (ZSTD_isError(r)) {
            rc = -1;
            break;
        }
        /* the input read, and nothing held back for want of room */
        if (in.pos == in.size && o.pos < o.size)
            break;
    }
    ZSTD_freeDStream(z);
    return rc == 0 && out->len <= max ? 0 : -1;
}

int nw_buf_inflate(struct nw_buf *out, const void *data, size_t len, int wbits, size_t max)
{
    z_stream z = {0};
    if (inflateInit2(&z, wbits) != Z_OK)
        return -1;
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    int rc = 0;
    for (;;) {
        char *room = chunk_room(out, max);
        if (!room) {
            rc = -1;
            break;
        }
        z.next_out = (Bytef *)room;
        z.avail_out = INFLATE_CHUNK;
        int zr = inflate(&z, Z_NO_FLUSH);
        nw_buf_wrote(out, INFLATE_CHUNK - z.avail_out);
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

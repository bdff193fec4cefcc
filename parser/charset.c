#include "charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

#include "../common/jsonx.h"
#include "../common/mem.h"

char *charset_from_content_type(const char *ct, char *out, size_t n)
{
    if (!ct)
        return NULL;
    const char *p = strcasestr(ct, "charset=");
    if (!p)
        return NULL;
    p += 8;
    while (*p == '"' || *p == '\'' || *p == ' ')
        p++;
    size_t i = 0;
    while (p[i] && (isalnum((unsigned char)p[i]) || strchr("-_.:", p[i])) && i + 1 < n) {
        out[i] = p[i];
        i++;
    }
    out[i] = '\0';
    return i ? out : NULL;
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t v = nw_utf8_valid_len((const char *)s, n);
    /* a long page may have been cut in the middle of a character */
    return v == n || (n > 65536 && n - v < 4 && s[v] >= 0xC2);
}

static bool has_meta_charset(const char *data, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < n; i++)
        if (!strncasecmp(data + i, "charset", 7))
            return true;
    return false;
}

const char *charset_for_html(const char *data, size_t len, const char *content_type)
{
    static _Thread_local char buf[64];
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        return "UTF-8";
    if (len >= 2 && !memcmp(data, "\xFF\xFE", 2))
        return "UTF-16LE";
    if (len >= 2 && !memcmp(data, "\xFE\xFF", 2))
        return "UTF-16BE";
    if (charset_from_content_type(content_type, buf, sizeof buf))
        return buf;
    if (has_meta_charset(data, len))
        return NULL;
    if (valid_utf8((const unsigned char *)data, len))
        return "UTF-8";
    uchardet_t ud = uchardet_new();
    const char *res = NULL;
    if (uchardet_handle_data(ud, data, len < 262144 ? len : 262144) == 0) {
        uchardet_data_end(ud);
        const char *cs = uchardet_get_charset(ud);
        if (cs && *cs) {
            snprintf(buf, sizeof buf, "%s", cs);
            res = buf;
        }
    }
    uchardet_delete(ud);
    return res ? res : "windows-1252";
}

static bool is_latin1_alias(const char *cs)
{
    return !strcasecmp(cs, "iso-8859-1") || !strcasecmp(cs, "iso8859-1") || !strcasecmp(cs, "latin1") ||
           !strcasecmp(cs, "latin-1") || !strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "ascii") ||
           !strcasecmp(cs, "iso_8859-1") || !strcasecmp(cs, "l1") || !strcasecmp(cs, "cp819");
}

static void set_name(char *out, size_t n, const char *cs)
{
    snprintf(out, n, "%s", is_latin1_alias(cs) ? "WINDOWS-1252" : cs);
}

/* encoding="..." of an XML declaration in the first bytes, ASCII-compatible. */
static bool xml_decl_encoding(const char *data, size_t len, char *out, size_t n)
{
    size_t lim = len < 512 ? len : 512;
    if (lim < 6 || strncmp(data, "<?xml", 5))
        return false;
    const char *end = memchr(data, '>', lim);
    if (!end)
        return false;
    for (const char *p = data; p + 9 < end; p++) {
        if (strncmp(p, "encoding", 8))
            continue;
        p += 8;
        while (p < end && (*p == ' ' || *p == '='))
            p++;
        if (p >= end || (*p != '"' && *p != '\''))
            return false;
        char q = *p++;
        size_t i = 0;
        while (p < end && *p != q && i + 1 < n)
            out[i++] = *p++;
        out[i] = '\0';
        return i > 0;
    }
    return false;
}

const char *charset_for_xml(const char *data, size_t len, const char *content_type, char *out, size_t n,
                            size_t *bom)
{
    const unsigned char *u = (const unsigned char *)data;
    *bom = 0;
    if (len >= 4 && !memcmp(u, "\xFF\xFE\0\0", 4)) {
        *bom = 4;
        snprintf(out, n, "UTF-32LE");
    } else if (len >= 4 && !memcmp(u, "\0\0\xFE\xFF", 4)) {
        *bom = 4;
        snprintf(out, n, "UTF-32BE");
    } else if (len >= 2 && !memcmp(u, "\xFF\xFE", 2)) {
        *bom = 2;
        snprintf(out, n, "UTF-16LE");
    } else if (len >= 2 && !memcmp(u, "\xFE\xFF", 2)) {
        *bom = 2;
        snprintf(out, n, "UTF-16BE");
    } else if (len >= 3 && !memcmp(u, "\xEF\xBB\xBF", 3)) {
        *bom = 3;
        snprintf(out, n, "UTF-8");
    } else if (len >= 4 && !memcmp(u, "<\0\0\0", 4)) {
        snprintf(out, n, "UTF-32LE");
    } else if (len >= 4 && !memcmp(u, "\0\0\0<", 4)) {
        snprintf(out, n, "UTF-32BE");
    } else if (len >= 4 && !memcmp(u, "<\0?\0", 4)) {
        snprintf(out, n, "UTF-16LE");
    } else if (len >= 4 && !memcmp(u, "\0<\0?", 4)) {
        snprintf(out, n, "UTF-16BE");
    } else {
        char tmp[64];
        if (charset_from_content_type(content_type, tmp, sizeof tmp) && strncasecmp(tmp, "utf-16", 6) &&
            strncasecmp(tmp, "utf-32", 6))
            set_name(out, n, tmp);
        else if (xml_decl_encoding(data, len, tmp, sizeof tmp) && strncasecmp(tmp, "utf-16", 6) &&
                 strncasecmp(tmp, "utf-32", 6))
            set_name(out, n, tmp);
        else if (valid_utf8(u, len))
            snprintf(out, n, "UTF-8");
        else {
            const char *guess = charset_for_html(data, len, NULL);
            set_name(out, n, guess ? guess : "WINDOWS-1252");
        }
        /* a declared single-byte charset that the bytes contradict */
        if (!strcasecmp(out, "UTF-8") && !valid_utf8(u, len)) {
            const char *guess = charset_for_html(data, len, NULL);
            set_name(out, n, guess && strcasecmp(guess, "UTF-8") ? guess : "WINDOWS-1252");
        }
    }
    return out;
}

/* windows-1252 to UTF-8 by table: the most common legacy encoding of
 * feeds (ISO-8859-1 is read as it), done without iconv's per-call cost. */
static int cp1252_to_utf8(const unsigned char *s, size_t len, struct nw_buf *out)
{
    static const unsigned short high[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    };
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned c = s[i];
        if (c < 0x80)
            continue;
        if (nw_buf_append(out, s + start, i - start) < 0)
            return -1;
        start = i + 1;
        unsigned cp = c < 0xA0 ? high[c - 0x80] : c;
        char u[3];
        size_t ul;
        if (cp < 0x800) {
            u[0] = (char)(0xC0 | (cp >> 6));
            u[1] = (char)(0x80 | (cp & 0x3F));
            ul = 2;
        } else {
            u[0] = (char)(0xE0 | (cp >> 12));
            u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (char)(0x80 | (cp & 0x3F));
            ul = 3;
        }
        if (nw_buf_append(out, u, ul) < 0)
            return -1;
    }
    return nw_buf_append(out, s + start, len - start);
}

/* Opening a converter costs a module lookup each time, so each thread keeps
 * the last few it opened (closed when the thread ends). */
#define CONVERTERS 4

struct converter {
    char name[48];
    iconv_t cd;
};

static pthread_key_t converters_key;
static pthread_once_t converters_once = PTHREAD_ONCE_INIT;

static void converters_free(void *p)
{
    struct converter *c = p;
    for (int i = 0; i < CONVERTERS; i++)
        if (c[i].name[0])
            iconv_close(c[i].cd);
    free(c);
}

static void converters_init(void) { pthread_key_create(&converters_key, converters_free); }

/* A converter from `charset` to UTF-8 in its initial state, owned by the
 * thread's cache; (iconv_t)-1 when iconv does not know the charset. */
static iconv_t converter(const char *charset)
{
    if (strlen(charset) >= sizeof ((struct converter *)0)->name)
        return (iconv_t)-1;
    pthread_once(&converters_once, converters_init);
    struct converter *c = pthread_getspecific(converters_key);
    if (!c) {
        c = nw_calloc(CONVERTERS, sizeof *c);
        pthread_setspecific(converters_key, c);
    }
    for (int i = 0; i < CONVERTERS; i++)
        if (c[i].name[0] && !strcasecmp(c[i].name, charset)) {
            iconv(c[i].cd, NULL, NULL, NULL, NULL);
            return c[i].cd;
        }
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return cd;
    if (c[CONVERTERS - 1].name[0])
        iconv_close(c[CONVERTERS - 1].cd);
    memmove(c + 1, c, (CONVERTERS - 1) * sizeof *c);
    snprintf(c[0].name, sizeof c[0].name, "%s", charset);
    c[0].cd = cd;
    return cd;
}

int charset_to_utf8(const char *data, size_t len, const char *charset, struct nw_buf *out, size_t max)
{
    nw_buf_init(out, max);
    if (charset && (!strcasecmp(charset, "WINDOWS-1252") || !strcasecmp(charset, "CP1252")))
        return cp1252_to_utf8((const unsigned char *)data, len, out);
    iconv_t cd = (iconv_t)-1;
    if (charset && strcasecmp(charset, "UTF-8") && strcasecmp(charset, "UTF8"))
        cd = converter(charset);
    if (cd == (iconv_t)-1 && charset && strcasecmp(charset, "UTF-8") && strcasecmp(charset, "UTF8"))
        return cp1252_to_utf8((const unsigned char *)data, len, out);
    if (cd == (iconv_t)-1) { /* UTF-8 already: just repair it */
        if (nw_buf_append(out, data, len) < 0)
            return -1;
        return 0;
    }
    char chunk[16384];
    char *in = (char *)data;
    size_t inleft = len;
    int rc = 0;
    while (inleft > 0) {
        char *o = chunk;
        size_t oleft = sizeof chunk;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        if (nw_buf_append(out, chunk, sizeof chunk - oleft) < 0) {
            rc = -1;
            break;
        }
        if (r == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            /* EILSEQ or EINVAL: one bad byte becomes U+FFFD */
            if (nw_buf_puts(out, "\xEF\xBF\xBD") < 0) {
                rc = -1;
                break;
            }
            in++;
            inleft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    return rc;
}

#include "charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../common/jsonx.h"
#include "../common/mem.h"
#include "lang.h"

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

/* Whether the bytes read as UTF-8: valid, or a long page cut in the middle
 * of its last character. *valid_len keeps the valid prefix's length, so
 * that it is measured once (SIZE_MAX until it is). */
static bool utf8_like(const char *s, size_t n, size_t *valid_len)
{
    if (*valid_len == SIZE_MAX) /* the vectorised yes or no first: most documents are UTF-8 */
        *valid_len = nw_utf8_valid(s, n) ? n : nw_utf8_valid_len(s, n);
    size_t v = *valid_len;
    return v == n || (n > 65536 && n - v < 4 && (unsigned char)s[v] >= 0xC2);
}

/* The length of a UTF-8 sequence cut short at s (its lead byte and one or
 * more of the continuation bytes it needs, then a byte that continues
 * nothing), or 0. A text cut at a byte count in the middle of a character
 * (a summary shortened by a CMS: "die K" C3, "bei Z" E2 80) leaves these;
 * read as windows-1252 they would be "Ã", "â€". A lone lead byte is not
 * one: windows-1252 writes letters with those bytes ("é" E9, "ß" DF). */
static size_t utf8_cut_short(const unsigned char *s, size_t n)
{
    unsigned b = s[0], need = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
    /* the second byte's range narrows for some leads (RFC 3629) */
    unsigned lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80, hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
    size_t m = 0;
    while (m < need && 1 + m < n && s[1 + m] >= (m ? 0x80 : lo) && s[1 + m] <= (m ? 0xBF : hi))
        m++;
    return m >= 1 && m < need ? 1 + m : 0;
}

/* Whether bytes that are not all valid UTF-8 are UTF-8 with a few stray
 * bytes of another charset (a smart quote pasted from windows-1252): at
 * least one multi-byte sequence, and no fewer of them than bytes that are
 * not UTF-8. A document in a single-byte charset has almost no valid
 * sequences ("é" is E9, not the C3 A9 of UTF-8). */
static bool mostly_utf8(const char *s, size_t n)
{
    size_t multi = 0, stray = 0;
    for (size_t i = 0; i < n;) {
        size_t v = nw_utf8_valid_len(s + i, n - i);
        for (size_t k = i; k < i + v; k++)
            multi += (unsigned char)s[k] >= 0xC2;
        i += v;
        if (i < n) {
            size_t cut = utf8_cut_short((const unsigned char *)s + i, n - i);
            multi += cut > 0;
            stray += !cut;
            i += cut ? cut : 1;
        }
    }
    return multi > 0 && multi >= stray;
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t v = SIZE_MAX;
    return utf8_like((const char *)s, n, &v);
}

static bool has_meta_charset(const char *data, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < n; i++)
        if (!strncasecmp(data + i, "charset", 7))
            return true;
    return false;
}

/* The value of attribute `name` in the tag text [p, end) (after its
 * name), copied into out (size n); NULL when it has none. */
static char *tag_attr(const char *p, const char *end, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    while (p < end) {
        while (p < end && (isspace((unsigned char)*p) || *p == '/'))
            p++;
        const char *an = p;
        while (p < end && !isspace((unsigned char)*p) && *p != '=' && *p != '/')
            p++;
        size_t al = (size_t)(p - an);
        while (p < end && isspace((unsigned char)*p))
            p++;
        const char *v = p, *ve = p;
        if (p < end && *p == '=') {
            p++;
            while (p < end && isspace((unsigned char)*p))
                p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                v = p + 1;
                ve = q ? q : end;
                p = q ? q + 1 : end;
            } else {
                v = p;
                while (p < end && !isspace((unsigned char)*p))
                    p++;
                ve = p;
            }
        }
        if (al == 0 && p == an)
            p++; /* a stray character */
        if (al == nl && !strncasecmp(an, name, nl)) {
            size_t vl = (size_t)(ve - v);
            if (vl >= n)
                return NULL;
            memcpy(out, v, vl);
            out[vl] = '\0';
            return out;
        }
    }
    return NULL;
}

char *charset_from_meta(const char *data, size_t len, char *out, size_t n)
{
    const char *p = data, *end = data + (len < 8192 ? len : 8192);
    while ((p = memchr(p, '<', (size_t)(end - p))) && end - p > 6) {
        p++;
        if (strncasecmp(p, "meta", 4) || !(isspace((unsigned char)p[4]) || p[4] == '/')) {
            if (!strncmp(p, "!--", 3)) { /* a comment declares nothing */
                const char *c = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);
                p = c ? c : end;
            }
            continue;
        }
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            return NULL;
        char v[256], eq[64];
        const char *label = NULL;
        if (tag_attr(p + 4, gt, "charset", v, sizeof v)) {
            /* a label is a word: spaces and quotes around it go */
            size_t i = 0, j = 0;
            while (v[i] && !(isalnum((unsigned char)v[i])))
                i++;
            while ((isalnum((unsigned char)v[i]) || strchr("-_.:", v[i])) && v[i] && j + 1 < n)
                out[j++] = v[i++];
            out[j] = '\0';
            label = j ? out : NULL;
        } else if (tag_attr(p + 4, gt, "http-equiv", eq, sizeof eq) && !strcasecmp(eq, "content-type") &&
                   tag_attr(p + 4, gt, "content", v, sizeof v)) {
            label = charset_from_content_type(v, out, n);
        }
        if (label) {
            /* bytes that spell out <meta> are no UTF-16 (as browsers read it) */
            if (!strncasecmp(label, "utf-16", 6) && n > 5)
                snprintf(out, n, "UTF-8");
            return out;
        }
        p = gt;
    }
    return NULL;
}

static bool is_latin1_alias(const char *cs);

/* Whether `cs` reads the bytes of windows-1252 the same way: its
 * aliases and its subsets. */
static bool western(const char *cs)
{
    return !strcasecmp(cs, "WINDOWS-1252") || !strcasecmp(cs, "CP1252") || is_latin1_alias(cs) ||
           !strcasecmp(cs, "ISO-8859-15") || !strcasecmp(cs, "ASCII");
}

/* Text of no declared charset that is not UTF-8: uchardet's guess, or
 * windows-1252, the web's most used charset before UTF-8, when its
 * reading makes more of a language. On short texts or few letters beyond
 * ASCII uchardet often names a neighbour (windows-1250, Mac Central
 * European and windows-1257 for French, Italian or Albanian, "č" for "è");
 * a text of that neighbour's languages read as windows-1252 makes no words
 * ("³" for "ł"), and the guess stands. KOI8-R is read as KOI8-U, which
 * differs only where KOI8-R has box-drawing characters and KOI8-U the
 * Ukrainian letters (і, ї, є, ґ) that uchardet reads as KOI8-R. */
#define FIT_SAMPLE 65536
static bool converter_known(const char *charset);
static const char *guess_or_western(const char *data, size_t len, const char *guess)
{
    if (!strcasecmp(guess, "KOI8-R"))
        return "KOI8-U";
    /* Mac and DOS pages of Latin letters are read as their Windows
     * neighbours: no web text of our time is in them, and where windows-
     * 1252 has its quotes and dashes (80 to 9F) they have letters ("Kotlinís") */
    if (!strcasecmp(guess, "MAC-CENTRALEUROPE") || !strcasecmp(guess, "IBM852"))
        guess = "WINDOWS-1250";
    else if (!strcasecmp(guess, "MACINTOSH") || !strcasecmp(guess, "IBM850") || !strcasecmp(guess, "IBM437"))
        return "WINDOWS-1252";
    if (western(guess) || !converter_known(guess))
        return guess;
    size_t n = len < FIT_SAMPLE ? len : FIT_SAMPLE;
    struct nw_buf g, w;
    charset_to_utf8(data, n, guess, &g, 0);
    charset_to_utf8(data, n, "WINDOWS-1252", &w, 0);
    nw_buf_append(&g, "", 0); /* (CLD2 reads to a NUL) */
    nw_buf_append(&w, "", 0);
    bool theirs = g.data && w.data && lang_fit(g.data, g.len) > lang_fit(w.data, w.len);
    nw_buf_cleanup(&g);
    nw_buf_cleanup(&w);
    return theirs ? guess : "WINDOWS-1252";
}

/* uchardet's guess for the bytes, as guess_or_western weighs it; NULL
 * when it has none. Kept in buf. */
static const char *uchardet_guess(const char *data, size_t len, char *buf, size_t n)
{
    /* what it reads starts a little before the first byte beyond ASCII:
     * a long page's first 256 KiB can be all ASCII markup, its text after */
    size_t first = 0;
    while (first < len && (unsigned char)data[first] < 0x80)
        first++;
    first = first > 1024 ? first - 1024 : 0;
    data += first;
    len -= first;
    uchardet_t ud = uchardet_new();
    const char *res = NULL;
    if (uchardet_handle_data(ud, data, len < 262144 ? len : 262144) == 0) {
        uchardet_data_end(ud);
        const char *cs = uchardet_get_charset(ud);
        if (cs && *cs) {
            snprintf(buf, n, "%s", guess_or_western(data, len, cs));
            res = buf;
        }
    }
    uchardet_delete(ud);
    return res;
}

/* charset_bytes_say, with the length of the bytes' valid UTF-8 prefix
 * measured once in *valid_len (SIZE_MAX until it is), as utf8_like keeps
 * it for charset_for_xml's caller. */
static const char *bytes_say(const char *data, size_t len, size_t *valid_len)
{
    static _Thread_local char buf[64];
    if (utf8_like(data, len, valid_len) || mostly_utf8(data, len))
        return "UTF-8";
    const char *guess = uchardet_guess(data, len, buf, sizeof buf);
    return guess && strcasecmp(guess, "UTF-8") ? guess : "WINDOWS-1252";
}

const char *charset_bytes_say(const char *data, size_t len)
{
    size_t valid_len = SIZE_MAX;
    return bytes_say(data, len, &valid_len);
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
    const char *res = uchardet_guess(data, len, buf, sizeof buf);
    return res ? res : "windows-1252";
}

static bool is_latin1_alias(const char *cs)
{
    return !strcasecmp(cs, "iso-8859-1") || !strcasecmp(cs, "iso8859-1") || !strcasecmp(cs, "latin1") ||
           !strcasecmp(cs, "latin-1") || !strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "ascii") ||
           !strcasecmp(cs, "iso_8859-1") || !strcasecmp(cs, "l1") || !strcasecmp(cs, "cp819");
}

/* Whether a label names a charset of one byte a character (ISO 8859,
 * windows-125x, KOI8, Mac and DOS pages, ASCII), whose text almost never
 * reads as UTF-8 with a character of more than one byte in it: "é" is E9
 * followed by a letter, where UTF-8 wants a byte of 80 to BF. */
static bool single_byte_label(const char *cs)
{
    static const char *const prefixes[] = {"iso-8859-", "iso8859-", "iso_8859-", "windows-125", "cp125",
                                           "koi8",      "mac",      "x-mac-",    "ibm8",        "cp8",
                                           "cp437",     "tis-620",  "latin"};
    if (is_latin1_alias(cs))
        return true;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (!strncasecmp(cs, prefixes[i], strlen(prefixes[i])))
            return true;
    return false;
}

/* Whether a label names UTF-16 or UTF-32, which bytes that spell out an
 * XML declaration in ASCII are not. */
static bool wide_label(const char *cs)
{
    return !strncasecmp(cs, "utf-16", 6) || !strncasecmp(cs, "utf-32", 6);
}

static void set_name(char *out, size_t n, const char *cs)
{
    snprintf(out, n, "%s", is_latin1_alias(cs) ? "WINDOWS-1252" : cs);
}

/* encoding="..." of an XML declaration in the first bytes, ASCII-compatible;
 * blank lines before it (a script's output before the feed's) passed over,
 * as the parser passes them over. */
static bool xml_decl_encoding(const char *data, size_t len, char *out, size_t n)
{
    size_t lim = len < 512 ? len : 512, lead = 0;
    while (lead < lim && data[lead] && strchr(" \t\r\n", data[lead]))
        lead++;
    data += lead;
    lim -= lead;
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

/* The EBCDIC code page a document that starts with "<?xm" in EBCDIC
 * declares, as iconv names it: IBM037 (US and Canada) when it names none
 * iconv knows. The declaration's letters have the same bytes in every
 * EBCDIC page, its quotation mark not: it is read in the US page, then in
 * the Turkish one. */
static const char *ebcdic_page(const char *data, size_t len)
{
    /* clang-format off */
    static const struct {
        const char *label, *page;
    } pages[] = {
        {"cp037", "IBM037"}, {"ibm037", "IBM037"}, {"ibm-37", "IBM037"}, {"ebcdic-cp-us", "IBM037"},
        {"ebcdic-cp-ca", "IBM037"}, {"cp500", "IBM500"}, {"ibm500", "IBM500"}, {"ebcdic-cp-be", "IBM500"},
        {"ebcdic-cp-ch", "IBM500"}, {"cp1026", "IBM1026"}, {"ibm1026", "IBM1026"}, {"cp1140", "IBM1140"},
        {"ibm1140", "IBM1140"}, {"cp273", "IBM273"}, {"ibm273", "IBM273"}, {"cp875", "IBM875"},
        {"cp1047", "IBM1047"}, {"ibm1047", "IBM1047"},
    };
    /* clang-format on */
    static const char *const readings[] = {"IBM037", "IBM1026"};
    for (size_t r = 0; r < sizeof readings / sizeof *readings; r++) {
        char head[256], label[64];
        iconv_t cd = iconv_open("UTF-8", readings[r]);
        if (cd == (iconv_t)-1)
            continue;
        char *in = (char *)data, *o = head;
        size_t inleft = len < 128 ? len : 128, outleft = sizeof head - 1;
        (void)iconv(cd, &in, &inleft, &o, &outleft);
        iconv_close(cd);
        *o = '\0';
        char *end = strstr(head, "?>");
        if (end && xml_decl_encoding(head, (size_t)(end - head + 2), label, sizeof label))
            for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
                if (!strcasecmp(label, pages[i].label))
                    return pages[i].page;
    }
    return "IBM037";
}

const char *charset_for_xml(const char *data, size_t len, const char *content_type, char *out, size_t n,
                            size_t *bom, size_t *utf8_len)
{
    const unsigned char *u = (const unsigned char *)data;
    *bom = 0;
    *utf8_len = SIZE_MAX;
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
    } else if (len >= 4 && !memcmp(u, "\x4C\x6F\xA7\x94", 4)) {
        /* "<?xm" in EBCDIC (XML 1.0, appendix F): the declaration, read
         * in the US code page, names the page */
        snprintf(out, n, "%s", ebcdic_page(data, len));
    } else {
        char tmp[64];
        bool labelled = (charset_from_content_type(content_type, tmp, sizeof tmp) && !wide_label(tmp)) ||
                        (xml_decl_encoding(data, len, tmp, sizeof tmp) && !wide_label(tmp));
        /* a label of a one-byte charset ("iso-8859-1", "us-ascii") over
         * bytes that are UTF-8 is a server's default or a template's
         * declaration nobody updated: the bytes say UTF-8 (read as the
         * label says, every accented letter would be two, "Ã©"); a UTF-8
         * label the bytes contradict, or none, gives way to what they say
         * (UTF-8 with stray bytes stays UTF-8, for charset_utf8_mixed).
         * The bytes are read no further than the label needs, and their
         * validity as UTF-8 once (kept in *utf8_len). */
        if (labelled && single_byte_label(tmp) && utf8_like(data, len, utf8_len))
            snprintf(out, n, "UTF-8");
        else if (labelled && strcasecmp(tmp, "UTF-8"))
            set_name(out, n, tmp);
        else
            set_name(out, n, bytes_say(data, len, utf8_len));
    }
    return out;
}

/* Opening a converter costs a module lookup each time, so converters are
 * given back after use and kept, a few, for the next document. */
#define IDLE_CONVERTERS 8

static struct {
    char name[48];
    iconv_t cd;
} idle[IDLE_CONVERTERS];
static int idle_count;
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;

/* A converter from `charset` to UTF-8 in its initial state, or (iconv_t)-1
 * when iconv does not know the charset; given back with converter_give. */
static iconv_t converter_take(const char *charset)
{
    pthread_mutex_lock(&idle_lock);
    for (int i = 0; i < idle_count; i++)
        if (!strcasecmp(idle[i].name, charset)) {
            iconv_t cd = idle[i].cd;
            idle[i] = idle[--idle_count];
            pthread_mutex_unlock(&idle_lock);
            iconv(cd, NULL, NULL, NULL, NULL);
            return cd;
        }
    pthread_mutex_unlock(&idle_lock);
    return iconv_open("UTF-8", charset);
}

static void converter_give(const char *charset, iconv_t cd);

/* Whether iconv knows the charset. */
static bool converter_known(const char *charset)
{
    iconv_t cd = converter_take(charset);
    if (cd == (iconv_t)-1)
        return false;
    converter_give(charset, cd);
    return true;
}

static void converter_give(const char *charset, iconv_t cd)
{
    pthread_mutex_lock(&idle_lock);
    if (idle_count < IDLE_CONVERTERS && strlen(charset) < sizeof idle[0].name) {
        snprintf(idle[idle_count].name, sizeof idle[0].name, "%s", charset);
        idle[idle_count++].cd = cd;
        cd = (iconv_t)-1;
    }
    pthread_mutex_unlock(&idle_lock);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
}

/* Converters write straight into the output, a chunk of input at a time,
 * with room for its worst case (4 bytes out per unit in). */
#define CHUNK 16384

/* UTF-16 to UTF-8 without iconv: a lone surrogate or an odd last byte
 * becomes U+FFFD. */
static int utf16_to_utf8(const unsigned char *s, size_t len, bool big, struct nw_buf *out)
{
    size_t i = 0;
    while (i < len) {
        size_t end = len - i > CHUNK ? i + CHUNK : len;
        char *o = nw_buf_room(out, 2 * (end - i) + 8), *o0 = o;
        if (!o)
            return -1;
        while (i < end) {
#ifdef __SSE2__
            if (i + 16 <= end) { /* eight ASCII code units at a time */
                __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
                if (big)
                    v = _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
                __m128i high = _mm_and_si128(v, _mm_set1_epi16((short)0xFF80));
                if (_mm_movemask_epi8(_mm_cmpeq_epi16(high, _mm_setzero_si128())) == 0xFFFF) {
                    _mm_storel_epi64((__m128i *)o, _mm_packus_epi16(v, v));
                    o += 8;
                    i += 16;
                    continue;
                }
            }
#endif
            uint64_t w; /* four ASCII code units at a time */
            if (i + 8 <= end && (memcpy(&w, s + i, 8), !(w & (big ? 0x80FF80FF80FF80FFull : 0xFF80FF80FF80FF80ull)))) {
                for (int k = 0; k < 4; k++)
                    o[k] = (char)s[i + 2 * k + big];
                o += 4;
                i += 8;
                continue;
            }
            unsigned cp = 0xFFFD;
            if (i + 1 < len) {
                cp = big ? (unsigned)(s[i] << 8 | s[i + 1]) : (unsigned)(s[i + 1] << 8 | s[i]);
                if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < len) {
                    unsigned lo = big ? (unsigned)(s[i + 2] << 8 | s[i + 3]) : (unsigned)(s[i + 3] << 8 | s[i + 2]);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 2;
                    }
                }
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    cp = 0xFFFD;
            }
            o += nw_utf8_put(o, cp);
            i += 2;
        }
        nw_buf_wrote(out, (size_t)(o - o0));
    }
    return 0;
}

/* Single-byte charsets (windows-1252, windows-1251, KOI8-R, ISO-8859-x...)
 * are converted by a table of their 256 characters as UTF-8; windows-1252
 * is built in, the others read once from iconv and kept for the process (a
 * charset is single-byte when each byte alone converts to one character and
 * ASCII stays ASCII).
 *
 * Multi-byte charsets whose lead bytes are all above ASCII (windows-31j,
 * UHC, GB18030, Big5, EUC-JP...) get a table too: each byte alone, read
 * from iconv with the table, and each pair of a lead byte and the byte
 * after it, read from iconv the first time a text holds it (iconv takes
 * ten times longer per character, and asking it of all pairs at once as
 * long as a few documents). A sequence the table does not hold (GB18030's
 * four bytes, EUC-JP's three, a pair that is two characters) is converted
 * by iconv where it stands, so the output is iconv's, byte for byte. A
 * charset where a byte converts to nothing (a shift of state) or a lead
 * byte is ASCII gets no table. Pairs are filled in by whichever thread
 * meets them first, each with one atomic store of what any other would
 * store. */
#define PAIR_BAD 0u              /* not a character: U+FFFD, one byte read */
#define PAIR_UNKNOWN 0xFFFFFFFDu /* not yet asked of iconv */
#define PAIR_BAD2 0xFFFFFFFEu    /* not a character: U+FFFD, both bytes read */
#define PAIR_ICONV 0xFFFFFFFFu   /* asked of iconv where it stands */

struct byte_table {
    char name[48];
    bool single;
    bool multi;             /* lead bytes (len 0) and pairs below */
    bool ascii;             /* bytes below 0x80 are themselves */
    unsigned char len[256]; /* 0: a lead byte (multi) */
    char utf8[256][4];
    unsigned char lead[256];       /* a lead byte's row in pair */
    _Atomic uint32_t (*pair)[256]; /* a pair's UTF-8, in memory order, or PAIR_* */
};

static void byte_table_set(struct byte_table *t, unsigned b, unsigned cp)
{
    t->len[b] = (unsigned char)nw_utf8_put(t->utf8[b], cp);
}

static struct byte_table cp1252;
static pthread_once_t cp1252_once = PTHREAD_ONCE_INIT;

const unsigned short charset_cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void cp1252_init(void)
{
    cp1252.single = true;
    for (unsigned b = 0; b < 256; b++) {
        unsigned cp = b < 0x80 || b >= 0xA0 ? b : charset_cp1252_high[b - 0x80];
        byte_table_set(&cp1252, b, cp ? cp : 0xFFFD);
    }
}

#define BYTE_TABLES 16
static struct byte_table *byte_tables[BYTE_TABLES];
static pthread_mutex_t byte_tables_lock = PTHREAD_MUTEX_INITIALIZER;

/* What iconv makes of in[0..n) from its initial state: 1 one character
 * (its UTF-8 in o, *olen bytes), 0 not a character (EILSEQ), 2 not a
 * character, all n bytes taken as one (EILSEQ with the input read: glibc's
 * UHC does so), -1 more bytes needed (EINVAL), -2 anything else (several
 * characters, nothing made, bytes left over, output that is not UTF-8). */
static int probe(iconv_t cd, const char *in, size_t n, char o[16], size_t *olen)
{
    iconv(cd, NULL, NULL, NULL, NULL);
    char *ip = (char *)in, *op = o;
    size_t il = n, ol = 16;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    *olen = 16 - ol;
    if (r == (size_t)-1 && *olen == 0 && (il == n || (il == 0 && errno == EILSEQ)))
        return errno == EILSEQ ? (il == n ? 0 : 2) : errno == EINVAL ? -1 : -2;
    char *fp = op;
    size_t fl = ol;
    if (r == (size_t)-1 || il || !*olen || iconv(cd, NULL, NULL, &fp, &fl) == (size_t)-1 || fl != ol ||
        !nw_utf8_valid(o, *olen))
        return -2;
    const unsigned char *u = (const unsigned char *)o;
    nw_utf8_next(&u);
    return u == (const unsigned char *)o + *olen ? 1 : -2;
}

static void pairs_init(struct byte_table *t)
{
    size_t leads = 0;
    for (unsigned b = 0; b < 256; b++)
        if (!t->len[b])
            t->lead[b] = (unsigned char)leads++;
    t->pair = nw_malloc(leads * sizeof *t->pair);
    for (size_t l = 0; l < leads; l++)
        for (unsigned c = 0; c < 256; c++)
            atomic_init(&t->pair[l][c], PAIR_UNKNOWN);
}

/* The table's entry for the pair (lead, c), asked of iconv (cd) and kept. */
static uint32_t pair_probe(const struct byte_table *t, iconv_t cd, unsigned lead, unsigned c)
{
    char in[2] = {(char)lead, (char)c}, o[16];
    size_t n;
    int k = probe(cd, in, 2, o, &n);
    uint32_t e = PAIR_ICONV;
    if (k == 0 || k == 2) {
        e = k == 0 ? PAIR_BAD : PAIR_BAD2;
    } else if (k == 1 && n <= 4) {
        memset(o + n, 0, 4 - n);
        memcpy(&e, o, 4);
    }
    atomic_store_explicit(&t->pair[t->lead[lead]][c], e, memory_order_relaxed);
    return e;
}

static void byte_table_fill(struct byte_table *t, iconv_t cd)
{
    t->single = t->ascii = true;
    bool multi = true; /* until a byte says otherwise */
    for (unsigned b = 0; b < 256; b++) {
        char in = (char)b, o[16];
        size_t n;
        int k = probe(cd, &in, 1, o, &n);
        if (k == 0 || k == 2) {
            byte_table_set(t, b, 0xFFFD);
            continue;
        }
        if (k == -1 && b >= 0x80) { /* a lead byte */
            t->single = false;
            t->len[b] = 0;
            continue;
        }
        if (k != 1 || n > 4) {
            t->single = multi = false;
            break;
        }
        const unsigned char *u = (const unsigned char *)o;
        unsigned cp = nw_utf8_next(&u);
        if (b < 0x80 && cp != b)
            t->single = t->ascii = false;
        byte_table_set(t, b, cp);
    }
    if (!t->single && multi) { /* lead bytes, or ASCII that is not ASCII */
        t->multi = true;
        for (unsigned b = 0; b < 256; b++)
            if (!t->len[b]) {
                pairs_init(t);
                break;
            }
    }
}

/* The table of `charset`, read from iconv on first use; NULL when iconv
 * does not know the charset or it has no table (see above). */
static const struct byte_table *byte_table(const char *charset)
{
    if (strlen(charset) >= sizeof byte_tables[0]->name)
        return NULL;
    pthread_mutex_lock(&byte_tables_lock);
    const struct byte_table *found = NULL;
    int i = 0;
    for (; i < BYTE_TABLES && byte_tables[i]; i++)
        if (!strcasecmp(byte_tables[i]->name, charset)) {
            found = byte_tables[i];
            break;
        }
    if (!found && i < BYTE_TABLES) {
        iconv_t cd = converter_take(charset);
        if (cd != (iconv_t)-1) {
            struct byte_table *t = nw_calloc(1, sizeof *t);
            snprintf(t->name, sizeof t->name, "%s", charset);
            byte_table_fill(t, cd);
            converter_give(charset, cd);
            byte_tables[i] = t;
            found = t;
        }
    }
    pthread_mutex_unlock(&byte_tables_lock);
    return found && (found->single || found->multi) ? found : NULL;
}

/* Copies the ASCII from s[i] on, 8 bytes at a time, to *o (advanced);
 * returns where it stopped: the first 8 with another byte, or fewer than
 * 8 left before end. */
static size_t copy_ascii8(const unsigned char *s, size_t i, size_t end, char **o)
{
    uint64_t w;
    while (i + 8 <= end && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull))) {
        memcpy(*o, s + i, 8);
        *o += 8;
        i += 8;
    }
    return i;
}

static int table_to_utf8(const unsigned char *s, size_t len, const struct byte_table *t, struct nw_buf *out)
{
    size_t i = 0;
    while (i < len) {
        size_t end = len - i > CHUNK ? i + CHUNK : len;
        char *o = nw_buf_room(out, 4 * (end - i)), *o0 = o;
        if (!o)
            return -1;
#ifdef __SSE2__
        /* 16 bytes at a time: copied when ASCII, else each byte by the
         * table, without a branch (the table holds ASCII as itself) */
        for (; i + 16 <= end; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            if (!_mm_movemask_epi8(v)) {
                _mm_storeu_si128((__m128i *)o, v);
                o += 16;
                continue;
            }
            for (size_t k = i; k < i + 16; k++) {
                memcpy(o, t->utf8[s[k]], 4);
                o += t->len[s[k]];
            }
        }
#endif
        for (; i < end; i++) {
            i = copy_ascii8(s, i, end, &o);
            if (i >= end)
                break;
            unsigned c = s[i];
            if (c < 0x80) {
                *o++ = (char)c;
            } else {
                memcpy(o, t->utf8[c], 4);
                o += t->len[c];
            }
        }
        nw_buf_wrote(out, (size_t)(o - o0));
    }
    return 0;
}

/* The length of the UTF-8 character whose first byte is c. */
static size_t utf8_len_of(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* One character at s[0..n) by iconv, into o (room for 16 bytes): iconv is
 * given one byte more each time until it makes a character or refuses the
 * bytes, so that it reads one character and no more. Returns the bytes
 * read; *made, the bytes written: what iconv refuses is U+FFFD for the
 * bytes it took, or for one. */
static size_t iconv_one(iconv_t cd, const unsigned char *s, size_t n, char *o, size_t *made)
{
    size_t used = 0;
    *made = 0;
    for (size_t k = 1; k <= n && k <= 8; k++) {
        char *ip = (char *)s, *op = o;
        size_t il = k, ol = 16;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        int e = errno;
        iconv(cd, NULL, NULL, NULL, NULL);
        used = k - il;
        *made = 16 - ol;
        if (r != (size_t)-1 || e != EINVAL)
            break;
    }
    if (*made)
        return used;
    memcpy(o, "\xEF\xBF\xBD", 3);
    *made = 3;
    return used ? used : 1;
}

/* By a multi-byte table (see struct byte_table); a sequence it does not
 * hold is converted by iconv where it stands. What iconv refuses is U+FFFD
 * for the bytes it took, or for one byte. Returns -1 on failure, 1 when
 * iconv wrote some of the output (which is then to be checked: the
 * table's own entries are UTF-8), else 0. */
static int multi_to_utf8(const unsigned char *s, size_t len, const struct byte_table *t, const char *charset,
                         struct nw_buf *out)
{
    iconv_t cd = (iconv_t)-1;
    size_t i = 0;
    int rc = 0;
    bool by_iconv = false;
    while (i < len) {
        size_t end = len - i > CHUNK ? i + CHUNK : len;
        char *o = nw_buf_room(out, 4 * (end - i) + 16), *o0 = o;
        if (!o) {
            rc = -1;
            break;
        }
        while (i < end) {
            if (t->ascii)
                i = copy_ascii8(s, i, end, &o);
            if (i >= end)
                break;
            unsigned c = s[i];
            if (t->len[c]) {
                memcpy(o, t->utf8[c], 4);
                o += t->len[c];
                i++;
                continue;
            }
            uint32_t e = PAIR_BAD;
            if (i + 1 < len) {
                e = atomic_load_explicit(&t->pair[t->lead[c]][s[i + 1]], memory_order_relaxed);
                if (e == PAIR_UNKNOWN || e == PAIR_ICONV) {
                    if (cd == (iconv_t)-1 && (cd = converter_take(charset)) == (iconv_t)-1) {
                        rc = -1;
                        break;
                    }
                    if (e == PAIR_UNKNOWN)
                        e = pair_probe(t, cd, c, s[i + 1]);
                }
            }
            if (e == PAIR_BAD || e == PAIR_BAD2) {
                memcpy(o, "\xEF\xBF\xBD", 3);
                o += 3;
                i += e == PAIR_BAD ? 1 : 2;
            } else if (e != PAIR_ICONV) {
                memcpy(o, &e, 4);
                o += utf8_len_of(*(const unsigned char *)&e);
                i += 2;
            } else {
                /* up to 16 bytes for what may be one byte read: the chunk
                 * ends here, and the next takes its room again */
                size_t made;
                i += iconv_one(cd, s + i, len - i, o, &made);
                o += made;
                by_iconv = true;
                break;
            }
        }
        nw_buf_wrote(out, (size_t)(o - o0));
        if (rc)
            break;
    }
    if (cd != (iconv_t)-1)
        converter_give(charset, cd);
    return rc < 0 ? rc : by_iconv;
}

static int cp1252_to_utf8(const unsigned char *s, size_t len, struct nw_buf *out)
{
    pthread_once(&cp1252_once, cp1252_init);
    return table_to_utf8(s, len, &cp1252, out);
}

/* The windows-1252 byte of a character, or -1 when it has none. C1
 * controls are bytes read as ISO-8859-1, or the five bytes windows-1252
 * leaves undefined, which decoders give as the control of the same value. */
static int cp1252_byte(unsigned cp)
{
    if (cp <= 0xFF)
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (charset_cp1252_high[i] == cp)
            return 0x80 + i;
    return -1;
}

int charset_undo_double_utf8(const char *s, size_t len, struct nw_buf *out)
{
    *out = (struct nw_buf){0};
    /* quick rejection: mojibake of a multi-byte sequence starts with one of
     * "Â".."ô" (C3 82..C3 B4) followed by a character windows-1252 puts at
     * 0x80..0xBF (C2 xx, or C5/C6/CB/E2 for its specials) */
    const unsigned char *q = (const unsigned char *)s, *end = q + len;
    bool candidate = false;
    while ((q = memchr(q, 0xC3, (size_t)(end - q))) && end - q >= 3) {
        if (q[1] >= 0x82 && q[1] <= 0xB4 && (q[2] == 0xC2 || q[2] == 0xC5 || q[2] == 0xC6 || q[2] == 0xCB || q[2] == 0xE2)) {
            candidate = true;
            break;
        }
        q++;
    }
    if (!candidate || memchr(s, '\0', len) || !nw_utf8_valid(s, len))
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    bool suspicious = false;
    int prev = -1;
    nw_buf_append(out, "", 0);
    const unsigned char *e = (const unsigned char *)s + len;
    while (p < e) {
        if (*p < 0x80) { /* a run of ASCII: itself */
            const unsigned char *r = p;
            while (r < e && *r < 0x80)
                r++;
            nw_buf_append(out, p, (size_t)(r - p));
            prev = r[-1];
            p = r;
            continue;
        }
        int byte = cp1252_byte(nw_utf8_next(&p));
        if (byte < 0)
            break;
        if (prev >= 0xC2 && prev <= 0xF4 && byte >= 0x80 && byte <= 0xBF)
            suspicious = true;
        prev = byte;
        nw_buf_putc(out, (char)byte);
    }
    if (p == e && suspicious && nw_utf8_valid(out->data, out->len))
        return 1;
    nw_buf_cleanup(out);
    return 0;
}

/* Appends data[0..len) with every byte that does not start a strict
 * UTF-8 sequence (RFC 3629) turned into U+FFFD, or with `cp1252` into the
 * character windows-1252 gives it (U+FFFD for its five holes); a sequence
 * cut short is one U+FFFD, as a browser's decoder writes it. */
static int append_utf8_repaired(struct nw_buf *out, const char *data, size_t len, bool cp1252)
{
    size_t i = 0;
    while (i < len) {
        size_t v = nw_utf8_valid_len(data + i, len - i);
        if (nw_buf_append(out, data + i, v) < 0)
            return -1;
        i += v;
        if (i < len) {
            size_t cut = utf8_cut_short((const unsigned char *)data + i, len - i);
            unsigned b = (unsigned char)data[i], cp = 0xFFFD;
            i += cut ? cut : 1;
            if (!cut && cp1252 && (b >= 0xA0 || charset_cp1252_high[b - 0x80]))
                cp = b >= 0xA0 ? b : charset_cp1252_high[b - 0x80];
            char u[4];
            if (nw_buf_append(out, u, nw_utf8_put(u, cp)) < 0)
                return -1;
        }
    }
    return 0;
}

static int append_utf8_strict(struct nw_buf *out, const char *data, size_t len)
{
    return append_utf8_repaired(out, data, len, false);
}

int charset_utf8_mixed(const char *data, size_t len, struct nw_buf *out, size_t max)
{
    nw_buf_init(out, max);
    /* a stray byte is read as windows-1252 */
    return append_utf8_repaired(out, data, len, true);
}

/* iconv's UTF-8 is not always RFC 3629's: for a label glibc takes for
 * UTF-8 ("]utf-8") it passes 5-byte forms (F8 BB BB BB BB) through. Each
 * byte of out that starts no character becomes U+FFFD. */
static int strict_output(struct nw_buf *out, size_t max)
{
    if (nw_utf8_valid(out->data ? out->data : "", out->len))
        return 0;
    struct nw_buf loose = *out;
    nw_buf_init(out, max);
    int rc = append_utf8_strict(out, loose.data, loose.len);
    nw_buf_cleanup(&loose);
    return rc;
}

/* The decoder for a label, as the Encoding Standard and browsers use it:
 * a label names a charset that its users have long written its
 * superset's characters in (GBK's under "gb2312", windows-31j's circled
 * digits under "shift_jis"), so the superset reads them all. A few labels
 * feeds write ("mac-roman") are iconv's charsets under another name. */
static const char *decoder_for(const char *cs)
{
    /* clang-format off */
    static const struct {
        const char *label, *decoder;
    } supersets[] = {
        {"gb2312", "GB18030"},      {"gbk", "GB18030"},         {"x-gbk", "GB18030"},
        {"cp936", "GB18030"},       {"csgb2312", "GB18030"},    {"gb_2312-80", "GB18030"},
        {"shift_jis", "CP932"},     {"shift-jis", "CP932"},     {"sjis", "CP932"},
        {"x-sjis", "CP932"},        {"ms_kanji", "CP932"},      {"csshiftjis", "CP932"},
        {"euc-kr", "CP949"},        {"ks_c_5601-1987", "CP949"}, {"ksc5601", "CP949"},
        {"big5", "BIG5-HKSCS"},     {"x-x-big5", "BIG5-HKSCS"}, {"cn-big5", "BIG5-HKSCS"},
        {"iso-8859-9", "CP1254"},   {"latin5", "CP1254"},       {"tis-620", "CP874"},
        {"iso-8859-11", "CP874"},
        /* labels iconv knows under another name */
        {"mac-roman", "MACINTOSH"}, {"macroman", "MACINTOSH"},  {"x-mac-roman", "MACINTOSH"},
        {"mac_roman", "MACINTOSH"}, {"x-mac-cyrillic", "MAC-CYRILLIC"}, {"x-euc-jp", "EUC-JP"},
        {"euc-jis-2004", "EUC-JISX0213"}, {"euc-jisx0213", "EUC-JISX0213"},
        {"shift_jis_2004", "SHIFT_JISX0213"}, {"shift_jisx0213", "SHIFT_JISX0213"},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof supersets / sizeof *supersets; i++)
        if (!strcasecmp(cs, supersets[i].label))
            return supersets[i].decoder;
    return cs;
}

int charset_to_utf8(const char *data, size_t len, const char *charset, struct nw_buf *out, size_t max)
{
    nw_buf_init(out, max);
    if (charset)
        charset = decoder_for(charset);
    if (charset && (!strcasecmp(charset, "WINDOWS-1252") || !strcasecmp(charset, "CP1252")))
        return cp1252_to_utf8((const unsigned char *)data, len, out);
    if (charset && (!strcasecmp(charset, "UTF-16LE") || !strcasecmp(charset, "UTF-16BE")))
        return utf16_to_utf8((const unsigned char *)data, len, !strcasecmp(charset, "UTF-16BE"), out);
    iconv_t cd = (iconv_t)-1;
    if (charset && strcasecmp(charset, "UTF-8") && strcasecmp(charset, "UTF8")) {
        const struct byte_table *t = byte_table(charset);
        if (t && t->single)
            return table_to_utf8((const unsigned char *)data, len, t, out);
        if (t) {
            int rc = multi_to_utf8((const unsigned char *)data, len, t, charset, out);
            return rc <= 0 ? rc : strict_output(out, max);
        }
        cd = converter_take(charset);
    }
    if (cd == (iconv_t)-1 && charset && strcasecmp(charset, "UTF-8") && strcasecmp(charset, "UTF8")) {
        /* a label no converter knows: what the bytes are */
        if (valid_utf8((const unsigned char *)data, len))
            return append_utf8_strict(out, data, len);
        const char *guess = charset_for_html(data, len, NULL);
        if (guess && strcasecmp(guess, charset) && strcasecmp(guess, "UTF-8") && converter_known(guess))
            return charset_to_utf8(data, len, guess, out, max);
        return cp1252_to_utf8((const unsigned char *)data, len, out);
    }
    if (cd == (iconv_t)-1) /* UTF-8 already */
        return append_utf8_strict(out, data, len);
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
    converter_give(charset, cd);
    return rc == 0 ? strict_output(out, max) : rc;
}

#include "jsonx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "mem.h"
#include "nwtime.h"

const char *nw_json_str(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t nw_json_int(const json_t *obj, const char *key, int64_t def)
{
    json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

bool nw_json_bool(const json_t *obj, const char *key, bool def)
{
    json_t *v = json_object_get(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : def;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

char *nw_utf8_fix(const char *s, size_t n)
{
    struct nw_buf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, start = 0;
    nw_buf_append(&b, "", 0);
    while (i < n) {
        if (p[i] > 0 && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = p[i] ? utf8_seq(p + i, n - i) : 0;
        if (l) {
            i += l;
            continue;
        }
        nw_buf_append(&b, s + start, i - start);
        if (p[i])
            nw_buf_puts(&b, "\xEF\xBF\xBD");
        i++;
        start = i;
    }
    nw_buf_append(&b, s + start, i - start);
    return nw_buf_steal(&b);
}

unsigned nw_utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    unsigned cp = n ? c & (0x3F >> n) : c;
    s++;
    for (int i = 0; i < n && (*s & 0xC0) == 0x80; i++)
        cp = (cp << 6) | (*s++ & 0x3F);
    *p = s;
    return cp;
}

size_t nw_utf8_put(char *u, unsigned cp)
{
    if (cp < 0x80) {
        u[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *nw_lang_primary(const char *tag)
{
    if (!tag)
        return NULL;
    while (*tag == ' ' || *tag == '\t')
        tag++;
    size_t n = 0;
    while ((tag[n] >= 'a' && tag[n] <= 'z') || (tag[n] >= 'A' && tag[n] <= 'Z'))
        n++;
    if (n < 2 || n > 3)
        return NULL;
    char *c = nw_strndup(tag, n);
    for (char *p = c; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    /* codes ISO 639 withdrew, still written by old sites and by CLD2 */
    static const char *const renamed[][2] = {{"iw", "he"}, {"in", "id"}, {"ji", "yi"}, {"jw", "jv"}, {"mo", "ro"}};
    for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
        if (!strcmp(c, renamed[i][0]))
            memcpy(c, renamed[i][1], 3);
    return c;
}

size_t nw_utf8_valid_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            while (i + 16 <= n) { /* ASCII, 16 bytes at a time */
                uint64_t w0, w1;
                memcpy(&w0, p + i, 8);
                memcpy(&w1, p + i + 8, 8);
                if ((w0 | w1) & 0x8080808080808080ull)
                    break;
                i += 16;
            }
            continue;
        }
        /* lead bytes and second-byte limits of RFC 3629: no overlong
         * forms, no surrogates, nothing above U+10FFFF. Text in one script
         * comes in runs of characters of one length: each has its loop. */
        if (c >= 0xC2 && c <= 0xDF) {
            do {
                if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80)
                    return i;
                i += 2;
            } while (i < n && p[i] >= 0xC2 && p[i] <= 0xDF);
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            do {
                if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80)
                    return i;
                i += 3;
            } while (i < n && ((p[i] >= 0xE1 && p[i] <= 0xEC) || p[i] == 0xEE || p[i] == 0xEF));
        } else if (c == 0xE0 || c == 0xED) {
            if (i + 2 >= n || (p[i + 2] & 0xC0) != 0x80 || (c == 0xE0 ? p[i + 1] < 0xA0 || p[i + 1] > 0xBF
                                                                       : p[i + 1] < 0x80 || p[i + 1] > 0x9F))
                return i;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (i + 3 >= n || p[i + 1] < lo || p[i + 1] > hi || (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80)
                return i;
            i += 4;
        } else {
            return i;
        }
    }
    return n;
}

/* Whether s[0..n) is valid UTF-8 without NUL bytes. */
static bool utf8_ok(const char *s, size_t n) { return nw_utf8_valid(s, n) && !memchr(s, 0, n); }

json_t *nw_json_string(const char *s, size_t n)
{
    /* fast path: plain ASCII, 8 bytes at a time */
    size_t i = 0;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        i += 8;
    }
    while (i < n && (unsigned char)s[i] < 0x80 && s[i])
        i++;
    if (i == n && !memchr(s, 0, n))
        return json_stringn_nocheck(s, n);
    if (utf8_ok(s + i, n - i))
        return json_stringn_nocheck(s, n);
    char *fixed = nw_utf8_fix(s, n);
    json_t *j = json_string_nocheck(fixed);
    free(fixed);
    return j;
}

bool nw_json_utf8_ok(const json_t *j)
{
    const char *key;
    json_t *v;
    size_t i;
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        json_object_foreach((json_t *)j, key, v)
        {
            if (!utf8_ok(key, strlen(key)) || !nw_json_utf8_ok(v))
                return false;
        }
        return true;
    case JSON_ARRAY:
        json_array_foreach(j, i, v)
        {
            if (!nw_json_utf8_ok(v))
                return false;
        }
        return true;
    case JSON_STRING: return utf8_ok(json_string_value(j), json_string_length(j));
    default: return true;
    }
}

void nw_json_set_strn(json_t *obj, const char *key, const char *s, size_t n)
{
    json_object_set_new(obj, key, s ? nw_json_string(s, n) : json_null());
}

void nw_json_set_str(json_t *obj, const char *key, const char *s)
{
    nw_json_set_strn(obj, key, s, s ? strlen(s) : 0);
}

size_t nw_utf8_clip_len(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    size_t k = max >= 3 ? max - 3 : 0; /* room for the "…" */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    /* a word's end near the limit: the space before the cut word */
    for (size_t w = k; w > 0 && k - w < 64; w--)
        if (s[w - 1] == ' ' || s[w - 1] == '\n' || s[w - 1] == '\t') {
            k = w - 1;
            break;
        }
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\n' || s[k - 1] == '\t'))
        k--;
    return k;
}

size_t nw_utf8_clip(char *s, size_t n)
{
    if (n <= NW_LINE_MAX)
        return n;
    size_t k = nw_utf8_clip_len(s, n, NW_LINE_MAX);
    memcpy(s + k, NW_ELLIPSIS, 4); /* with its NUL: k + 3 < n */
    return k + 3;
}

/* s cut to NW_LINE_MAX bytes and ended by "…", as a new JSON string */
static json_t *clipped(const char *s, size_t n)
{
    size_t k = nw_utf8_clip_len(s, n, NW_LINE_MAX);
    char buf[NW_LINE_MAX + 1];
    memcpy(buf, s, k);
    memcpy(buf + k, NW_ELLIPSIS, 3);
    return json_stringn(buf, k + 3);
}

bool nw_json_clip_line(json_t *obj, const char *key)
{
    json_t *v = obj ? json_object_get(obj, key) : NULL;
    if (!json_is_string(v) || json_string_length(v) <= NW_LINE_MAX)
        return false;
    json_object_set_new(obj, key, clipped(json_string_value(v), json_string_length(v)));
    return true;
}

bool nw_json_clip_lines(json_t *obj, const char *key)
{
    json_t *a = obj ? json_object_get(obj, key) : NULL;
    if (!json_is_array(a))
        return false;
    bool cut = false;
    while (json_array_size(a) > NW_LINES_MAX) {
        json_array_remove(a, json_array_size(a) - 1);
        cut = true;
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *v = json_array_get(a, i);
        if (json_is_string(v) && json_string_length(v) > NW_LINE_MAX) {
            json_array_set_new(a, i, clipped(json_string_value(v), json_string_length(v)));
            cut = true;
        }
    }
    return cut;
}

void nw_json_set_time(json_t *obj, const char *key, int64_t t)
{
    char tb[21];
    if (t == NW_NO_TIME)
        json_object_set_new(obj, key, json_null());
    else
        json_object_set_new(obj, key, json_string(nw_time_format(t, tb)));
}

/* Whether 8 bytes hold none of: a control character, '"', '\\', or an
 * 0xC2 or 0xE2, which start U+0085, U+2028 and U+2029: they are escaped
 * too (JSON allows them raw, but readers that split lines on them,
 * Python's splitlines or JavaScript before ES2019, would cut a JSON line
 * in two); the caller looks closer at those two (word-at-a-time test: a
 * byte is zero in x ^ c when it equals c; a borrow only ever flags bytes
 * above a zero). */
static inline uint64_t special8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t ctl = (v - ones * 0x20) & ~v & highs; /* bytes < 0x20 */
    uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\'), e = (v | ones * 0x20) ^ (ones * 0xE2);
    uint64_t zq = (q - ones) & ~q & highs, zb = (b - ones) & ~b & highs, ze = (e - ones) & ~e & highs;
    return ctl | zq | zb | ze; /* (v | 0x20) is 0xE2 for 0xC2 and 0xE2 alone */
}

/* The escape of U+0085, U+2028 or U+2029 at s (6 bytes at w, *used the
 * bytes it stands for), or 0 when s[0..left) starts none of them. */
static size_t line_break_escape(const char *s, size_t left, char *w, size_t *used)
{
    const unsigned char *u = (const unsigned char *)s;
    if (left >= 2 && u[0] == 0xC2 && u[1] == 0x85) {
        memcpy(w, "\\u0085", 6);
        *used = 2;
        return 6;
    }
    if (left < 3 || u[0] != 0xE2 || u[1] != 0x80 || (u[2] != 0xA8 && u[2] != 0xA9))
        return 0;
    memcpy(w, u[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
    *used = 3;
    return 6;
}

static bool plain8(const char *p) { return !special8(p); }

/* How many bytes from p on need no escape, p[0..n) being what is left
 * (a word at a time; the lowest byte special8 flags is the first special
 * one, a borrow only ever flagging bytes above it). */
static size_t plain_run(const char *p, size_t n)
{
    size_t j = 0;
#ifdef __SSE2__
    /* 16 bytes at a time */
    const __m128i c1f = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'),
                  e2 = _mm_set1_epi8((char)0xE2), x20 = _mm_set1_epi8(0x20);
    while (j + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v), _mm_cmpeq_epi8(v, quote)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(_mm_or_si128(v, x20), e2)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return j + (size_t)__builtin_ctz(bits);
        j += 16;
    }
#endif
    while (j + 8 <= n) {
        uint64_t m = special8(p + j);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (m)
            return j + ((size_t)__builtin_ctzll(m) >> 3);
#else
        if (m)
            break;
#endif
        j += 8;
    }
    while (j < n && (unsigned char)p[j] >= 0x20 && p[j] != '"' && p[j] != '\\' && ((unsigned char)p[j] | 0x20) != 0xE2)
        j++;
    return j;
}

/* The escape of a byte that needs one, written at w; returns its length. */
static size_t json_escape(unsigned char c, char *w)
{
    static const char hex[] = "0123456789abcdef";
    char e = 0;
    switch (c) {
    case '"': e = '"'; break;
    case '\\': e = '\\'; break;
    case '\n': e = 'n'; break;
    case '\r': e = 'r'; break;
    case '\t': e = 't'; break;
    case '\b': e = 'b'; break;
    case '\f': e = 'f'; break;
    default: break;
    }
    w[0] = '\\';
    if (e) {
        w[1] = e;
        return 2;
    }
    memcpy(w + 1, "u00", 3);
    w[4] = hex[c >> 4];
    w[5] = hex[c & 15];
    return 6;
}

/* The escape of what starts s[0..left) at w (its length; *used the bytes
 * it stands for), or 0 when it needs none (*used 1). */
static size_t escape_at(const char *s, size_t left, char *w, size_t *used)
{
    unsigned char c = (unsigned char)*s;
    *used = 1;
    if ((c | 0x20) == 0xE2)
        return line_break_escape(s, left, w, used);
    if (c >= 0x20 && c != '"' && c != '\\')
        return 0;
    return json_escape(c, w);
}

/* s[i..n) escaped and the closing quote, appended piece by piece. */
static void put_str_pieces(struct nw_buf *out, const char *s, size_t n, size_t i)
{
    size_t start = i;
    for (; i < n; i++) {
        while (i + 8 <= n && plain8(s + i))
            i += 8;
        if (i >= n)
            break;
        char e[8];
        size_t used, el = escape_at(s + i, n - i, e, &used);
        if (!el)
            continue;
        nw_buf_append(out, s + start, i - start);
        start = i + used;
        i += used - 1;
        nw_buf_append(out, e, el);
    }
    nw_buf_append(out, s + start, n - start);
    nw_buf_putc(out, '"');
}

void nw_json_put_str(struct nw_buf *out, const char *s, size_t n)
{
    /* written in place: room for the string and an eighth more is taken,
     * and more when escapes use it up, always enough for the rest unescaped
     * and one escape (6 bytes); a capped buffer without that room takes
     * the rest piece by piece */
    size_t want = n + n / 8 + 16;
    char *w = nw_buf_room(out, want);
    if (!w) {
        nw_buf_putc(out, '"');
        put_str_pieces(out, s, n, 0);
        return;
    }
    char *start = w, *lim = w + want;
    *w++ = '"';
    for (size_t i = 0; i < n;) {
        /* here lim - w >= n - i + 1: the rest plain, and the quote */
        size_t j = i;
#ifdef __SSE2__
        /* 16 bytes copied at a time up to the first that needs an escape:
         * while 16 are left to read there is room for them */
        const __m128i c1f = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'),
                      e2 = _mm_set1_epi8((char)0xE2), x20 = _mm_set1_epi8(0x20);
        unsigned bits = 0;
        while (j + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
            __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v), _mm_cmpeq_epi8(v, quote)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(_mm_or_si128(v, x20), e2)));
            _mm_storeu_si128((__m128i *)(void *)w, v);
            bits = (unsigned)_mm_movemask_epi8(m);
            if (bits)
                break;
            w += 16;
            j += 16;
        }
        if (bits) {
            unsigned k = (unsigned)__builtin_ctz(bits);
            w += k;
            j += k;
        } else
#endif
        {
            size_t e = j + plain_run(s + j, n - j);
            memcpy(w, s + j, e - j);
            w += e - j;
            j = e;
        }
        if (j == n)
            break;
        if ((size_t)(lim - w) < 6 + (n - j) + 1) {
            nw_buf_wrote(out, (size_t)(w - start));
            want = 6 + (n - j) + (n - j) / 8 + 16;
            if (!(w = nw_buf_room(out, want))) {
                put_str_pieces(out, s, n, j);
                return;
            }
            start = w;
            lim = w + want;
        }
        size_t used, el = escape_at(s + j, n - j, w, &used);
        if (!el)
            *w++ = s[j]; /* the lead byte of a character that is no line break */
        w += el;
        i = j + used;
    }
    *w++ = '"';
    nw_buf_wrote(out, (size_t)(w - start));
}

void nw_json_dump(const json_t *j, struct nw_buf *out)
{
    char num[64];
    size_t i;
    const char *key;
    json_t *v;
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        nw_buf_putc(out, '{');
        bool first = true;
        json_object_foreach((json_t *)j, key, v)
        {
            if (!first)
                nw_buf_putc(out, ',');
            first = false;
            nw_json_put_str(out, key, strlen(key));
            nw_buf_putc(out, ':');
            nw_json_dump(v, out);
        }
        nw_buf_putc(out, '}');
        break;
    }
    case JSON_ARRAY:
        nw_buf_putc(out, '[');
        json_array_foreach(j, i, v)
        {
            if (i)
                nw_buf_putc(out, ',');
            nw_json_dump(v, out);
        }
        nw_buf_putc(out, ']');
        break;
    case JSON_STRING:
        nw_json_put_str(out, json_string_value(j), json_string_length(j));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
        nw_buf_puts(out, num);
        break;
    case JSON_REAL:
        snprintf(num, sizeof num, "%.17g", json_real_value(j));
        if (!strpbrk(num, ".eE"))
            strcat(num, ".0");
        nw_buf_puts(out, num);
        break;
    case JSON_TRUE: nw_buf_puts(out, "true"); break;
    case JSON_FALSE: nw_buf_puts(out, "false"); break;
    case JSON_NULL: nw_buf_puts(out, "null"); break;
    }
}

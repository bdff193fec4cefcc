#include "jsonx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    char *fixed = nw_utf8_fix(s, n);
    json_t *j = json_string_nocheck(fixed);
    free(fixed);
    return j;
}

void nw_json_set_strn(json_t *obj, const char *key, const char *s, size_t n)
{
    json_object_set_new(obj, key, s ? nw_json_string(s, n) : json_null());
}

void nw_json_set_str(json_t *obj, const char *key, const char *s)
{
    nw_json_set_strn(obj, key, s, s ? strlen(s) : 0);
}

void nw_json_set_time(json_t *obj, const char *key, int64_t t)
{
    char tb[21];
    if (t == NW_NO_TIME)
        json_object_set_new(obj, key, json_null());
    else
        json_object_set_new(obj, key, json_string(nw_time_format(t, tb)));
}

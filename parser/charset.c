#include "charset.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

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
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t l = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
        if (!l)
            return false;
        if (i + l > n)
            return i + l - n < 4 && n > 65536 ? true : false; /* cut in the middle of a long page */
        for (size_t k = 1; k < l; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += l;
    }
    return true;
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

#ifndef NW_JSONX_H
#define NW_JSONX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The string member `key` of `obj`, or NULL when absent or not a string. */
const char *nw_json_str(const json_t *obj, const char *key);
/* The integer member `key`, or `def`. */
int64_t nw_json_int(const json_t *obj, const char *key, int64_t def);
bool nw_json_bool(const json_t *obj, const char *key, bool def);

/* Sets obj[key] to a string (made valid UTF-8 first) or to null when s is
 * NULL. */
void nw_json_set_str(json_t *obj, const char *key, const char *s);
void nw_json_set_strn(json_t *obj, const char *key, const char *s, size_t n);
/* Sets obj[key] to an RFC 3339 UTC time (seconds since the epoch), or to
 * null when t is NW_NO_TIME. */
void nw_json_set_time(json_t *obj, const char *key, int64_t t);

/* The one-line fields of a feed or a page (titles, names, categories, a
 * site's name) are display text: one longer than NW_LINE_MAX bytes comes
 * from a broken or hostile document (real titles stay under a few hundred
 * bytes; a feed's joined authors' names are kept under it, whole names)
 * and is cut to at most that, at a word's end when one is near the limit,
 * else at a character's, and ends in "…". NW_LINES_MAX bounds how many an
 * item lists (categories, enclosures, authors): the later ones are
 * dropped. */
#define NW_LINE_MAX 4096
#define NW_LINES_MAX 1000
#define NW_ELLIPSIS "\xE2\x80\xA6"
/* Cuts the string member `key` of obj so (NULL obj, absent or not a
 * string: nothing done); returns whether it was cut. */
bool nw_json_clip_line(json_t *obj, const char *key);
/* The same for each string of the array member `key`, dropping those past
 * NW_LINES_MAX; returns whether anything was cut or dropped. */
bool nw_json_clip_lines(json_t *obj, const char *key);
/* How many of s[0..n)'s bytes to keep before a "…" when n > max (a
 * character's start, at most max - 3, a word's end within the last 64);
 * n when n <= max. */
size_t nw_utf8_clip_len(const char *s, size_t n, size_t max);
/* s[0..n), a string of the caller's (NUL at s[n]), cut so in place when n
 * > NW_LINE_MAX; returns its length. */
size_t nw_utf8_clip(char *s, size_t n);

/* A JSON string from possibly invalid UTF-8: invalid bytes become U+FFFD. */
json_t *nw_json_string(const char *s, size_t n);

/* Whether every string and key in j is valid UTF-8 without NUL bytes (what
 * a JSON writer needs); a check for tests and fuzz targets. */
bool nw_json_utf8_ok(const json_t *j);

/* Copies s[0..n) to a new string with invalid UTF-8 sequences replaced by
 * U+FFFD and NUL bytes dropped. */
char *nw_utf8_fix(const char *s, size_t n);

/* Length of the longest prefix of s[0..n) that is valid UTF-8 (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF); n when all of
 * it is. NUL bytes count as valid. */
size_t nw_utf8_valid_len(const char *s, size_t n);

/* Whether s[0..n) is all valid UTF-8, as nw_utf8_valid_len(s, n) == n,
 * many bytes at a time (simdjson's checker). */
bool nw_utf8_valid(const char *s, size_t n);

/* Decodes the UTF-8 sequence at *p (lenient: a broken sequence gives what
 * its bits say) and advances *p past it. *p must not point at NUL. */
unsigned nw_utf8_next(const unsigned char **p);

/* Writes code point cp (at most U+10FFFF) as UTF-8 at out (room for 4
 * bytes); returns how many bytes it took. */
size_t nw_utf8_put(char *out, unsigned cp);

/* The value of a hexadecimal digit, any case; -1 for any other character. */
static inline int nw_hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The primary subtag of a language tag ("fr-FR", "en_US", " de ") in lower
 * case, as a new string, withdrawn codes renamed ("iw" is "he", "in" is
 * "id"); NULL when it is not two or three letters. */
char *nw_lang_primary(const char *tag);

/* Appends the compact JSON text of `j` (members in insertion order, as
 * json_dumps(JSON_COMPACT) writes them, non-ASCII left as UTF-8) to out.
 * Faster than json_dumps for large documents. */
void nw_json_dump(const json_t *j, struct nw_buf *out);

/* Appends s[0..n) as a JSON string literal (quotes, escapes); s must be
 * valid UTF-8. */
void nw_json_put_str(struct nw_buf *out, const char *s, size_t n);

#define NW_NO_TIME INT64_MIN

#endif

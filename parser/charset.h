#ifndef NW_CHARSET_H
#define NW_CHARSET_H

#include <stddef.h>

/* Picks the encoding to read an HTML page with: the BOM, then the HTTP
 * charset (from `content_type`, may be NULL), then a <meta> declaration
 * (left to libxml2: returns NULL), then valid UTF-8, then uchardet's guess.
 * Returns a static or internal string valid until the next call in this
 * thread, or NULL to let libxml2 decide from <meta>. */
const char *charset_for_html(const char *data, size_t len, const char *content_type);

/* The charset a page declares in its first 8 KiB: <meta charset> or a
 * <meta http-equiv=content-type> content's charset parameter, copied into
 * out (size n); NULL when there is none. */
char *charset_from_meta(const char *data, size_t len, char *out, size_t n);

/* The charset parameter of a Content-Type value, copied into out (size n);
 * returns out, or NULL when there is none. */
char *charset_from_content_type(const char *content_type, char *out, size_t n);



#include "../common/buf.h"

/* windows-1252's characters for bytes 0x80-0x9F (0 where undefined). */
extern const unsigned short charset_cp1252_high[32];

/* Converts a document to UTF-8 into `out` (initialised here, capped at
 * `max`): `charset` names the source encoding (NULL or unknown: taken as
 * windows-1252; UTF-8 is repaired). Invalid sequences become U+FFFD, so
 * that the result is always valid UTF-8. Returns 0 or -1 (over the
 * cap). */
int charset_to_utf8(const char *data, size_t len, const char *charset, struct nw_buf *out, size_t max);

/* A document that is UTF-8 but for stray bytes of another charset (see
 * charset_for_xml) to UTF-8 into `out` (initialised here, capped at max):
 * its valid sequences as they are, each stray byte read as windows-1252.
 * Returns 0 or -1 (over the cap). */
int charset_utf8_mixed(const char *data, size_t len, struct nw_buf *out, size_t max);

/* What the bytes of a document say its charset is, whatever it is
 * labelled: "UTF-8" when they are UTF-8, or UTF-8 with stray bytes of
 * another charset (read with charset_utf8_mixed), else uchardet's guess as
 * charset_for_html weighs it, else windows-1252. For a label that the
 * bytes contradict (a page that says UTF-8 in windows-1252). */
const char *charset_bytes_say(const char *data, size_t len);

/* Text that was UTF-8, read as windows-1252 (or ISO-8859-1) and encoded
 * to UTF-8 again ("Ã©" for "é", "â€¦" for "…"), turned back into `out`
 * when the whole of it reads so: valid UTF-8 without NUL, every character
 * a windows-1252 byte, those bytes valid UTF-8 with a multi-byte sequence
 * among them. Returns 1 then (out is the caller's), else 0. */
int charset_undo_double_utf8(const char *s, size_t len, struct nw_buf *out);

/* The encoding of an XML document: a UTF-16/32 byte-order mark or byte
 * pattern, then the HTTP charset (content_type, may be NULL), then the XML
 * declaration, then valid UTF-8, then uchardet's guess. UTF-8 with stray
 * bytes of another charset (more multi-byte sequences than bytes that are
 * not UTF-8) stays UTF-8, declared so or not, for charset_utf8_mixed to
 * read. ISO-8859-1 and US-ASCII are read as windows-1252, their superset
 * in practice. Writes the
 * name into out (size n) and returns it; *bom gets the BOM's length, and
 * *utf8_len the length of the longest valid UTF-8 prefix of data when it
 * was measured on the way (SIZE_MAX when not): UTF-8 is also returned for
 * bytes that are not all valid (a UTF-8 BOM, a long page cut short). */
const char *charset_for_xml(const char *data, size_t len, const char *content_type, char *out, size_t n,
                            size_t *bom, size_t *utf8_len);
#endif

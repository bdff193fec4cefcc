#ifndef NW_CHARSET_H
#define NW_CHARSET_H

#include <stddef.h>

/* Picks the encoding to read an HTML page with: the BOM, then the HTTP
 * charset (from `content_type`, may be NULL), then a <meta> declaration
 * (left to libxml2: returns NULL), then valid UTF-8, then uchardet's guess.
 * Returns a static or internal string valid until the next call in this
 * thread, or NULL to let libxml2 decide from <meta>. */
const char *charset_for_html(const char *data, size_t len, const char *content_type);

/* The charset parameter of a Content-Type value, copied into out (size n);
 * returns out, or NULL when there is none. */
char *charset_from_content_type(const char *content_type, char *out, size_t n);

#endif

/* Whole-buffer UTF-8 validation by simdjson's vectorised checker (RFC
 * 3629: no overlong forms, no surrogates, nothing above U+10FFFF), for
 * the hot paths that only need a yes or no; nw_utf8_valid_len, which also
 * says where the first fault is, stays the reference. */
#include <simdjson.h>

extern "C" {
#include "jsonx.h"
}

extern "C" bool nw_utf8_valid(const char *s, size_t n)
{
    return simdjson::validate_utf8(s, n);
}

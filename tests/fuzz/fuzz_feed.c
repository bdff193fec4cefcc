/* libFuzzer target: any bytes through the feed parser and autodiscovery;
 * every item's HTML sanitised both ways, the fast path's bytes held to
 * libxml2's tree. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../common/jsonx.h"
#include "../../parser/html.h"
#include "../../parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    html_sanitize_check = html_sanitize_same_or_abort;
    struct nw_err err;
    json_t *o = feed_parse((const char *)data, size, "http://fuzz.example/feed.xml", NULL, &err);
    if (o && !nw_json_utf8_ok(o))
        abort(); /* the parser sets its text unchecked: it must be valid UTF-8 */
    json_decref(o);
    if (size && data[0] == '<') {
        o = feed_discover((const char *)data, size, "http://fuzz.example/");
        json_decref(o);
    }
    return 0;
}

/* libFuzzer target: any bytes through the feed parser and autodiscovery. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../common/jsonx.h"
#include "../../parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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

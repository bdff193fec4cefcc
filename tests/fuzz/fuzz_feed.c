/* libFuzzer target: any bytes through the feed parser and autodiscovery. */
#include <stddef.h>
#include <stdint.h>

#include "../../parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nw_err err;
    json_t *o = feed_parse((const char *)data, size, "http://fuzz.example/feed.xml", NULL, &err);
    json_decref(o);
    if (size && data[0] == '<') {
        o = feed_discover((const char *)data, size, "http://fuzz.example/");
        json_decref(o);
    }
    return 0;
}

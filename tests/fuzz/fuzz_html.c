/* libFuzzer target: any bytes through the article extractor. */
#include <stddef.h>
#include <stdint.h>

#include "../../parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nw_err err;
    json_t *o = article_extract((const char *)data, size, "https://fuzz.example/2020/10/09/page.html", NULL, &err);
    json_decref(o);
    return 0;
}

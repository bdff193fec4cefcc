/* libFuzzer target: any bytes through the article extractor, and as a
 * fragment (a feed item's content) through the parser stage's text path:
 * plain text, its word count and its credited agencies. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../parser/html.h"
#include "../../parser/meta.h"
#include "../../parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nw_err err;
    json_t *o = article_extract((const char *)data, size, "https://fuzz.example/2020/10/09/page.html", NULL, &err);
    json_decref(o);
    char *text = html_fragment_text((const char *)data, size);
    if (text) {
        (void)html_word_count(text);
        json_decref(meta_agencies(NULL, text));
        free(text);
    }
    return 0;
}

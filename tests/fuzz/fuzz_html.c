/* libFuzzer target: any bytes through the article extractor, and as a
 * fragment (a feed item's content) through the sanitiser (its fast path's
 * bytes held to libxml2's tree) and the parser stage's text path: plain
 * text, its word count and its credited agencies; the bytes and that text
 * through the store's near-duplicate signature. libxml2 allocates through
 * the page arena, as in newswire itself, so that a block of it used
 * after its page, or past its end, is found. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../parser/html.h"
#include "../../parser/meta.h"
#include "../../parser/parser.h"
#include "../../parser/xmlarena.h"
#include "../../store/dedup.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return xml_arena_install();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    html_sanitize_check = html_sanitize_same_or_abort;
    free(html_sanitize((const char *)data, size, (size & 1) ? "https://fuzz.example/d/" : NULL));
    struct nw_err err;
    json_t *o = article_extract((const char *)data, size, "https://fuzz.example/2020/10/09/page.html", NULL, &err);
    json_decref(o);
    struct record_sig sig;
    char *raw = malloc(size + 1);
    memcpy(raw, data, size);
    raw[size] = '\0';
    (void)dedup_signature(raw, &sig);
    free(raw);
    char *text = html_fragment_text((const char *)data, size);
    if (text) {
        (void)html_word_count(text);
        (void)dedup_signature(text, &sig);
        json_decref(meta_agencies(NULL, text));
        free(text);
    }
    return 0;
}

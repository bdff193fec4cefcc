/* libFuzzer target: any bytes as a feed item's HTML, sanitised and read as
 * text, and read as text as if sanitised (the parser stage's reading of
 * an item's content), each both ways: the one-pass fast path and
 * libxml2's tree. Where the fast path answers, its bytes must be the
 * tree's. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../parser/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *h = (const char *)data;
    const char *base = (size & 1) ? "https://fuzz.example/d/e.html" : NULL;
    char *fast = html_sanitize_fast(h, size, base);
    if (fast) {
        char *tree = html_sanitize_tree(h, size, base);
        html_sanitize_same_or_abort(h, size, fast, tree);
        free(tree);
        free(fast);
    }
    char *text = html_fragment_text_fast(h, size);
    if (text) {
        char *tree = html_fragment_text_tree(h, size);
        if (strcmp(text, tree)) {
            fprintf(stderr, "html_fragment_text: the fast path read [%s]\nlibxml2's tree [%s]\nfor [%.*s]\n", text,
                    tree, (int)size, h);
            abort();
        }
        free(tree);
        free(text);
    }
    text = html_fragment_text_safe_fast(h, size);
    if (text) {
        char *tree = html_fragment_text_safe_tree(h, size);
        if (strcmp(text, tree)) {
            fprintf(stderr, "html_fragment_text_safe: the fast path read [%s]\nlibxml2's tree [%s]\nfor [%.*s]\n", text,
                    tree, (int)size, h);
            abort();
        }
        free(tree);
        free(text);
    }
    return 0;
}

/* libFuzzer target: any bytes as a feed item's HTML, sanitised and read as
 * text, and read as text as if sanitised (the parser stage's reading of
 * an item's content), each both ways: the one-pass fast path and
 * libxml2's tree. Where the fast path answers, its bytes must be the
 * tree's. What html_sanitize writes must be safe as a browser reads it
 * (an HTML5 parser, libgumbo: html_safety.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../parser/html.h"
#include "../unit/parser/html_safety.h"

/* A text read both ways: where the fast path answers, the tree's. */
static void same_text(const char *what, char *(*fast)(const char *, size_t), char *(*tree)(const char *, size_t),
                      const char *h, size_t size)
{
    char *text = fast(h, size);
    if (!text)
        return;
    char *ref = tree(h, size);
    if (strcmp(text, ref)) {
        fprintf(stderr, "%s: the fast path read [%s]\nlibxml2's tree [%s]\nfor [%.*s]\n", what, text, ref, (int)size,
                h);
        abort();
    }
    free(ref);
    free(text);
}

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
    char *out = html_sanitize(h, size, base), why[512];
    if (out && !html_is_safe(out, strlen(out), why, sizeof why)) {
        fprintf(stderr, "html_sanitize wrote %s: [%s]\nfor [%.*s]\n", why, out, (int)size, h);
        abort();
    }
    free(out);
    same_text("html_fragment_text", html_fragment_text_fast, html_fragment_text_tree, h, size);
    same_text("html_fragment_text_safe", html_fragment_text_safe_fast, html_fragment_text_safe_tree, h, size);
    return 0;
}

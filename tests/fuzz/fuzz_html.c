/* libFuzzer target: any bytes through the article extractor and the
 * reading of a page's refresh (an http(s) address or none), and as a
 * fragment (a feed item's content) through the sanitiser (its fast path's
 * bytes held to libxml2's tree) and the parser stage's text path: plain
 * text, its word count and its credited agencies; the bytes and that text
 * through the store's near-duplicate signature. Bytes in UTF-8 are also
 * parsed as a page with its values, texts and tags' attributes taken out
 * and put back (html_drop_raw_text_lifted), a tree held to the one parsed
 * without. libxml2 allocates through the page arena, as in newswire
 * itself, so that a block of it used after its page, or past its end, is
 * found. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/jsonx.h"
#include "../../common/refresh.h"
#include "../../common/url.h"
#include "../../parser/html.h"
#include "../../parser/meta.h"
#include "../../parser/parser.h"
#include "../../parser/xmlarena.h"
#include "../../store/dedup.h"

static bool same_text(const xmlChar *a, const xmlChar *b)
{
    return a == b || (a && b && !strcmp((const char *)a, (const char *)b));
}

/* Whether two nodes are alike: kind, name, content, and each attribute's
 * name and nodes. */
static bool same_node(xmlNodePtr a, xmlNodePtr b)
{
    if (a->type != b->type || !same_text(a->name, b->name))
        return false;
    if (a->type == XML_DTD_NODE) /* (no xmlNode past its links) */
        return true;
    if (!same_text(a->content, b->content))
        return false;
    if (a->type != XML_ELEMENT_NODE)
        return true;
    xmlAttrPtr p = a->properties, q = b->properties;
    for (; p && q; p = p->next, q = q->next) {
        if (!same_text(p->name, q->name))
            return false;
        xmlNodePtr s = p->children, t = q->children;
        for (; s && t; s = s->next, t = t->next)
            if (s->type != t->type || !same_text(s->content, t->content))
                return false;
        if (s || t)
            return false;
    }
    return !p && !q;
}

/* Whether two trees are alike node for node, walked together without
 * recursion (a page may nest as deep as it is long). */
static bool same_tree(xmlNodePtr a, xmlNodePtr b)
{
    while (a && b) {
        if (!same_node(a, b))
            return false;
        if (a->type == XML_ELEMENT_NODE && (a->children || b->children)) {
            if (!a->children || !b->children)
                return false;
            a = a->children;
            b = b->children;
            continue;
        }
        while (a && b && !a->next && !b->next) {
            a = a->parent;
            b = b->parent;
            if (!a || !b || a->type != XML_ELEMENT_NODE || b->type != XML_ELEMENT_NODE)
                return !a == !b && (!a || a->type == b->type); /* back at the documents */
        }
        if (!a || !b || !a->next || !b->next)
            return false;
        a = a->next;
        b = b->next;
    }
    return !a && !b;
}

/* The page's tree without anything taken out, and with its runs taken
 * out and put back (when libxml2 read every stand-in as it stands): the
 * same, or abort. */
static void lifted_same_or_abort(const char *data, size_t size)
{
    struct nw_buf plain = {0}, less = {0};
    struct html_lifted l;
    bool arena = xml_arena_begin();
    bool sa = html_drop_raw_text(data, size, &plain), sb = html_drop_raw_text_lifted(data, size, &less, &l);
    htmlDocPtr a = html_parse_page(plain.data ? plain.data : "", plain.len, NULL, "UTF-8"),
               b = html_parse_page(less.data ? less.data : "", less.len, NULL, "UTF-8");
    if (html_lifted_restore(b, &l) && (sa != sb || !a != !b || (a && !same_tree(a->children, b->children))))
        abort(); /* taken out and put back, the tree is not the page's */
    xml_arena_free_doc(a);
    xml_arena_free_doc(b);
    if (arena)
        xml_arena_end();
    nw_buf_cleanup(&plain);
    nw_buf_cleanup(&less);
    html_lifted_free(&l);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return xml_arena_install();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    html_sanitize_check = html_sanitize_same_or_abort;
    if (nw_utf8_valid((const char *)data, size))
        lifted_same_or_abort((const char *)data, size);
    free(html_sanitize((const char *)data, size, (size & 1) ? "https://fuzz.example/d/" : NULL));
    struct nw_err err;
    json_t *o = article_extract((const char *)data, size, "https://fuzz.example/2020/10/09/page.html", NULL, &err);
    json_decref(o);
    for (int k = 0; k < 2; k++) {
        int delay;
        char *to =
            nw_html_refresh((const char *)data, size, k ? NULL : "https://fuzz.example/a/b?c=d", 1 << 30, &delay);
        if (to && (!nw_url_is_http(to) || delay < 0))
            abort(); /* a refresh leads to an http(s) address */
        free(to);
    }
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

/* libFuzzer target: any bytes through the feed parser and autodiscovery;
 * every item's HTML sanitised both ways, the fast path's bytes held to
 * libxml2's tree; then through the parser stage with no item cache, with
 * an empty one and with one that knows every item: the same RESULT all
 * three times, and for the body as its digest reads it (nw_body_digest
 * leaves out what never changes that RESULT). libxml2 allocates through
 * the page arena, as in newswire itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/jsonx.h"
#include "../../common/msg.h"
#include "../../common/noun.h"
#include "../../parser/itemcache.h"
#include "../../parser/html.h"
#include "../../parser/parser.h"
#include "../../parser/xmlarena.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return xml_arena_install();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    html_sanitize_check = html_sanitize_same_or_abort;
    struct nw_err err;
    json_t *o = feed_parse((const char *)data, size, "http://fuzz.example/feed.xml", NULL, &err);
    if (o && !nw_json_utf8_ok(o))
        abort(); /* the parser sets its text unchecked: it must be valid UTF-8 */
    json_decref(o);
    struct nw_buf got[3] = {{0}};
    for (int i = 0; i < 3; i++) {
        if (i == 0)
            itemcache_open(0);
        else if (i == 1)
            itemcache_open(1 << 20);
        struct nw_doc d = {.job = {.kind = NW_KIND_FEED}, .url = "http://fuzz.example/feed.xml", .status = 200};
        struct nw_result res;
        parser_handle_doc(&d, data, size, 1 << 24, &res);
        nw_noun_to_json(&nw_result_noun, &res, &got[i], 0);
        nw_noun_cleanup(&nw_result_noun, &res);
    }
    itemcache_close();
    /* the same bytes as a body cut at fetcher.max_body: read up to the end
     * of the last whole entry */
    {
        struct nw_doc d = {
            .job = {.kind = NW_KIND_FEED}, .url = "http://fuzz.example/feed.xml", .status = 200, .truncated = true};
        struct nw_result res;
        parser_handle_doc(&d, data, size, 1 << 24, &res);
        nw_noun_cleanup(&nw_result_noun, &res);
    }
    /* the body as its digest reads it (feed-level timestamps' text and
     * comments emptied) parses to the same RESULT: what the digest
     * leaves out never changes what the parser stage gives */
    struct nw_buf in = {0};
    nw_body_digest_input(data, size, &in);
    if (in.len != size) {
        struct nw_doc d = {.job = {.kind = NW_KIND_FEED}, .url = "http://fuzz.example/feed.xml", .status = 200};
        struct nw_result res;
        struct nw_buf same = {0};
        parser_handle_doc(&d, in.data ? in.data : "", in.len, 1 << 24, &res);
        nw_noun_to_json(&nw_result_noun, &res, &same, 0);
        nw_noun_cleanup(&nw_result_noun, &res);
        if (same.len != got[0].len || memcmp(same.data, got[0].data, got[0].len)) {
            fprintf(stderr, "the parser stage gave [%s]\nfor the body as its digest reads it [%s]\n", got[0].data,
                    same.data);
            abort();
        }
        nw_buf_cleanup(&same);
    }
    nw_buf_cleanup(&in);
    for (int i = 1; i < 3; i++)
        if (got[i].len != got[0].len || memcmp(got[i].data, got[0].data, got[0].len)) {
            fprintf(stderr, "the parser stage gave [%s]\nwith the item cache (%s) [%s]\n", got[0].data,
                    i == 1 ? "empty" : "knowing every item", got[i].data);
            abort();
        }
    for (int i = 0; i < 3; i++)
        nw_buf_cleanup(&got[i]);
    if (size && data[0] == '<') {
        o = feed_discover((const char *)data, size, "http://fuzz.example/");
        json_decref(o);
        /* with no address: relative ones as written (parse of a file) */
        o = feed_discover((const char *)data, size, NULL);
        for (size_t i = 0; i < json_array_size(o); i++)
            if (!nw_json_str(json_array_get(o, i), "url"))
                abort();
        json_decref(o);
    }
    return 0;
}

#ifndef NW_JSONWALK_H
#define NW_JSONWALK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A JSON document read in one pass (simdjson's validating parser: UTF-8,
 * syntax, numbers) and handed to the caller as events in document order,
 * like a SAX parser: no tree of the caller's own, strings already
 * unescaped. The whole text is strict UTF-8 (RFC 3629: no overlong forms,
 * no surrogates) and so is every string, escapes included (a lone
 * surrogate "\ud800" is a syntax error); a string may hold NUL bytes
 * ("\u0000"). A handler returning 0
 * stops the walk. Numbers: integers that fit an int64 come to `integer`,
 * any other number to `number`. */
struct nw_json_events {
    int (*null)(void *ctx);
    int (*boolean)(void *ctx, int b);
    int (*integer)(void *ctx, long long i);
    int (*number)(void *ctx);
    int (*string)(void *ctx, const char *s, size_t len);
    int (*start_map)(void *ctx);
    int (*map_key)(void *ctx, const char *key, size_t len);
    int (*end_map)(void *ctx);
    int (*start_array)(void *ctx);
    int (*end_array)(void *ctx);
};

enum { NW_JSON_OK = 0, NW_JSON_SYNTAX = -1, NW_JSON_STOPPED = -2 };

/* Walks the document text[0..len). Returns NW_JSON_OK, NW_JSON_SYNTAX
 * (not one well-formed JSON value, invalid UTF-8, nested deeper than 64)
 * or NW_JSON_STOPPED (a handler returned 0). Thread-safe: each thread
 * keeps its own parser, whose buffers are released after a large
 * document. */
int nw_json_walk(const char *text, size_t len, const struct nw_json_events *ev, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
